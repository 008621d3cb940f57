package deid

import "github.com/deidkit/deidkit/deid/internal/jsonrec"

// An emitPlan writes the records of one shape whose lines have the keys of
// one line, written the same way (jsonrec.Parser.SameKeys): between their
// values such records have the same bytes (commas, keys as written, the
// brackets of the objects and arrays that hold a written value), worked out
// once, from the first of them, by the walk of emit.
type emitPlan struct {
	sh     *shape // nil: none worked out
	text   []byte // the bytes between the values
	leaves []emitLeaf
	tail   int // text[tail:] ends the record
}

// An emitLeaf is a written value: text[pre:end] comes before it.
type emitLeaf struct {
	leaf     int // its value among the line's leaves
	field    int // its value in the row
	action   Action
	pre, end int
	event    int // its event in the line the plan was worked out from
	// With run > 0, this value and the next run written ones are kept as
	// they are, each the leaf after the one before in the same object or
	// array, with the bytes of a compact line between them: for a line
	// written compactly (jsonrec.Parser.ParseValues), the line's bytes
	// from the first to the last are the output's.
	run int
}

// build works out the plan of the line whose events are given, under sh:
// the walk that emit would make, without the values.
func (pl *emitPlan) build(p *ndjsonProcessor, sh *shape) {
	pl.sh, pl.leaves, pl.tail = sh, pl.leaves[:0], 0
	w := &p.w
	w.Reset(pl.text[:0])
	p.open = p.open[:0]
	leaf, field := 0, 0
	for i := range p.events {
		e := &p.events[i]
		switch {
		case e.Depth == 0 && e.Opens():
			w.Begin(*e)
		case e.Opens():
			p.open = append(p.open, i)
		case e.Depth == 0 && e.Closes():
			w.End()
		case e.Closes():
			n := len(p.open) - 1
			if p.open[n] < 0 { // written, so closed; a container never written had nothing kept
				w.End()
			}
			p.open = p.open[:n]
		default:
			st := &sh.plan.steps[leaf]
			leaf++
			if st.action == Drop {
				continue
			}
			for k, oi := range p.open {
				if oi >= 0 {
					w.Begin(p.events[oi])
					p.open[k] = -1 // written; closed at its EndObject
				}
			}
			w.ReplaceRaw(*e, nil) // the comma and the key
			end := len(w.Bytes())
			pl.leaves = append(pl.leaves, emitLeaf{leaf: leaf - 1, field: field, action: st.action, pre: pl.tail, end: end, event: i})
			pl.tail = end
			field++
		}
	}
	pl.text = w.Bytes()
	pl.runs(p.events)
}

// runs sets the runs of the plan's leaves: a kept leaf joins the run
// before it when it is the next event after the run's last (so in the
// same container, as its next member or element) and the plan writes
// before it what a compact line has there: a comma and, for a member,
// its key as written and a colon.
func (pl *emitPlan) runs(events []jsonrec.Event) {
	start := -1 // the first leaf of the current run
	for i := range pl.leaves {
		l := &pl.leaves[i]
		if l.action != Keep {
			start = -1
			continue
		}
		if start >= 0 {
			prev := &pl.leaves[i-1]
			e := &events[l.event]
			piece := pl.text[l.pre:l.end]
			joins := l.event == prev.event+1 && len(piece) > 0 && piece[0] == ','
			if joins && e.RawKey != nil {
				joins = len(piece) == len(e.RawKey)+2 && string(piece[1:len(piece)-1]) == string(e.RawKey) && piece[len(piece)-1] == ':'
			} else if joins {
				joins = len(piece) == 1
			}
			if joins {
				pl.leaves[start].run++
				continue
			}
		}
		start = i
	}
}

// append writes the record of the parsed line, whose values for the plan's
// fields are in row. With line, the line was read by ParseValues, written
// compactly: runs of kept values are copied from it in one piece.
func (pl *emitPlan) append(dst []byte, vals []jsonrec.Value, r *Row, line []byte) []byte {
	row := r.get()
	for i := 0; i < len(pl.leaves); i++ {
		l := &pl.leaves[i]
		dst = append(dst, pl.text[l.pre:l.end]...)
		if l.run > 0 && line != nil {
			i += l.run
			last := &vals[pl.leaves[i].leaf]
			dst = append(dst, line[vals[l.leaf].At:last.At+len(last.Raw)]...)
			continue
		}
		e := &vals[l.leaf]
		switch {
		case e.Kind == jsonrec.Null && l.action != Replace:
			dst = append(dst, "null"...)
		case l.action == Keep:
			dst = append(dst, e.Raw...)
		default:
			if v := row.field(l.field); e.Kind == jsonrec.Number && jsonrec.IsNumber(v) {
				dst = append(dst, v...)
			} else {
				dst = jsonrec.AppendString(dst, v)
			}
		}
	}
	dst = append(dst, pl.text[pl.tail:]...)
	return append(dst, '\n')
}
