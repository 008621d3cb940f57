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
			pl.leaves = append(pl.leaves, emitLeaf{leaf: leaf - 1, field: field, action: st.action, pre: pl.tail, end: end})
			pl.tail = end
			field++
		}
	}
	pl.text = w.Bytes()
}

// append writes the record of the parsed line, whose values for the plan's
// fields are in row.
func (pl *emitPlan) append(dst []byte, vals []jsonrec.Value, row *Row) []byte {
	for i := range pl.leaves {
		l := &pl.leaves[i]
		dst = append(dst, pl.text[l.pre:l.end]...)
		e := &vals[l.leaf]
		switch {
		case e.Kind == jsonrec.Null && l.action != Replace:
			dst = append(dst, "null"...)
		case l.action == Keep:
			dst = append(dst, e.Raw...)
		default:
			if v := row.Field(l.field); e.Kind == jsonrec.Number && jsonrec.IsNumber(v) {
				dst = append(dst, v...)
			} else {
				dst = jsonrec.AppendString(dst, v)
			}
		}
	}
	dst = append(dst, pl.text[pl.tail:]...)
	return append(dst, '\n')
}
