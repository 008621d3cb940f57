package deid

import (
	"bytes"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
)

// A csvSegment is a piece of a CSV output record: a run of consecutive
// input columns that the plan keeps as they are, or one column that a
// transform changes.
type csvSegment struct {
	first, last int // input indexes; first == last for a transformed column
	kept        bool
}

// A plainer is a transform whose output never needs CSV quoting (hex
// pseudonyms, years, ZIP3), so that the direct path need not test it.
type plainer interface {
	plainOutput(comma byte) bool
}

// csvSegments groups the released columns into segments.
func (pl *Plan) csvSegments() []csvSegment {
	var segs []csvSegment
	for _, i := range pl.outIdx {
		kept := pl.steps[i].t == nil
		if n := len(segs); kept && n > 0 && segs[n-1].kept && segs[n-1].last == i-1 {
			segs[n-1].last = i
			continue
		}
		segs = append(segs, csvSegment{first: i, last: i, kept: kept})
	}
	return segs
}

// The bits of Applier.watchAt.
const (
	watchSegment uint8 = 1 << iota // kept, in a kept segment: screened as copied
	watchDates                     // a date among its values is worth a warning
	watchNumber                    // its values must be numbers (Rule.Expect)
)

// setWatch fills in a.watchAt and a.watchOther from the plan's watched
// fields.
func (a *applier) setWatch() {
	pl := a.pl
	inSegment := make([]bool, len(pl.steps))
	for _, sg := range pl.segs {
		if sg.kept {
			for i := sg.first; i <= sg.last; i++ {
				inSegment[i] = true
			}
		}
	}
	a.watchAt = make([]uint8, len(pl.steps))
	for _, w := range pl.watch {
		if !inSegment[w.step] {
			a.watchOther = append(a.watchOther, w)
			continue
		}
		a.watchAt[w.step] = watchSegment
		if w.dates {
			a.watchAt[w.step] |= watchDates
		}
	}
	// Kept fields are in kept segments, and their values are read there.
	for i := range pl.steps {
		if pl.steps[i].expect {
			a.watchAt[i] |= watchNumber
		}
	}
}

// screenKept sets field i's value v aside for the identifier check if the plan
// watches it and it is not plainly clean, and refuses a value that is not
// a number where the rule expects one.
func (a *applier) screenKept(k *keptValues, i int, v []byte) error {
	if w := a.watchAt[i]; w != 0 {
		if w&watchNumber != 0 && !numberText(v) {
			return a.pl.expectError(i)
		}
		if w&^watchNumber != 0 {
			k.screen(a.pl, i, w&watchDates != 0, v)
		}
	}
	return nil
}

// appendCSV applies the plan to the current record of rec and appends the
// output record as CSV to dst, writing the same bytes as Apply and the CSV
// encoder. The record's delimiter is the output's, and its first plain
// fields are the bytes of rec.Raw() as written: a run of kept columns among
// them is copied from Raw in one piece when none of its fields needs
// quoting, which is most of a CSV export's bytes. Only the fields the plan
// transforms or reads (conditions, the person of a date shift) are looked
// at one by one.
//
// noCR says that the record holds no '\r' (the caller checked its whole
// chunk at once), which spares a scan per record.
//
// Every value of a field the plan watches for the identifier check goes
// through kept.screen in the same pass; kept.suspects then holds the
// values for the detectors, to check once the record is written
// (keptValues.check) at the end, before the record is counted: a record
// the check refuses is an error, and dst is left as it was.
func (a *applier) appendCSV(dst []byte, rec *csvrec.Parser, comma byte, noCR bool) ([]byte, Outcome, error) {
	pl := a.pl
	kept := a.kept
	kept.reset()
	if n := rec.NumFields(); n != len(pl.steps) {
		return dst, Outcome{}, &FieldError{Field: "(record)", Action: "parse", Err: errFieldCount(n, len(pl.steps))}
	}
	if a.in == nil {
		a.in = make([][]byte, len(pl.steps))
	}
	for _, k := range pl.reads {
		a.in[k] = rec.Field(k)
	}
	if len(pl.conds) > 0 { // screen's field count check is done above
		if o, err := a.screen(a.in); err != nil || o.Suppressed {
			return dst, o, err
		}
	}
	if a.plainComma != comma || a.plain == nil {
		a.plain, a.plainComma = make([]bool, len(pl.steps)), comma
		for i, st := range pl.steps {
			if p, ok := st.t.(plainer); ok {
				a.plain[i] = p.plainOutput(comma)
			}
		}
	}
	if a.watchAt == nil {
		a.setWatch()
	}
	a.ctx.in = a.in
	raw := rec.Raw()
	ends := rec.PlainEnds()
	plain := len(ends)
	// A bare '\r' stays in an unquoted field, and the encoder would quote
	// it; without one, a field of the plain prefix needs quotes only for
	// what its first bytes say.
	if plain > 0 && !noCR && bytes.IndexByte(raw[:ends[plain-1]], '\r') >= 0 {
		plain = 0
	}
	start := len(dst)
	a.empties = a.empties[:0]
	for n, sg := range pl.segs {
		if n > 0 {
			dst = append(dst, comma)
		}
		if sg.kept {
			if sg.last < plain {
				// One pass over the fields' bounds: note the empty ones
				// and check how each starts.
				from := 0
				if sg.first > 0 {
					from = ends[sg.first-1] + 1
				}
				// The values are screened in the same pass; if the run
				// cannot be copied whole, the loop below screens them
				// again, so those set aside here are taken back.
				f, safe := from, true
				mark, markText := len(kept.suspects), len(kept.texts)
				for i, e := range ends[sg.first : sg.last+1] {
					if f == e {
						a.empties = append(a.empties, sg.first+i)
					} else {
						if !plainByte(raw[f]) {
							safe = false
						}
						// Most kept values are measurements: the test
						// for a plain number is inlined here, before the
						// call that screens the rest (and the numbers
						// that could be the record's own ID).
						if w := a.watchAt[sg.first+i]; w != 0 {
							v := raw[f:e]
							if w&watchNumber != 0 && !numberText(v) {
								return dst[:start], Outcome{}, pl.expectError(sg.first + i)
							}
							if w&^watchNumber != 0 && (!plainNumber(v) || len(pl.ownIDs) > 0 && e-f >= 4 && mayBeID(v)) {
								kept.screen(pl, sg.first+i, w&watchDates != 0, v)
							}
						}
					}
					f = e + 1
				}
				if safe {
					dst = append(dst, raw[from:ends[sg.last]]...)
					continue
				}
				kept.suspects, kept.texts = kept.suspects[:mark], kept.texts[:markText]
			} else {
				for i := sg.first; i <= sg.last; i++ {
					if len(rec.Field(i)) == 0 {
						a.empties = append(a.empties, i)
					}
				}
			}
			for i := sg.first; i <= sg.last; i++ {
				if i > sg.first {
					dst = append(dst, comma)
				}
				v := rec.Field(i)
				if err := a.screenKept(kept, i, v); err != nil {
					return dst[:start], Outcome{}, err
				}
				dst = csvrec.AppendField(dst, v, comma)
			}
			continue
		}
		st := &pl.steps[sg.first]
		v := rec.Field(sg.first)
		if len(v) == 0 {
			a.empties = append(a.empties, sg.first)
			if st.action != Replace {
				continue
			}
		}
		m := len(dst)
		var err error
		if dst, err = st.t.apply(dst, v, &a.ctx); err != nil {
			return dst[:start], Outcome{}, &FieldError{Field: st.field, Action: string(st.action), Err: err}
		}
		if !a.plain[sg.first] && csvrec.NeedsQuotes(dst[m:], comma) {
			a.scratch = append(a.scratch[:0], dst[m:]...)
			dst = csvrec.AppendField(dst[:m], a.scratch, comma)
		}
	}
	for _, w := range a.watchOther {
		kept.screen(pl, w.step, w.dates, rec.Field(w.step))
	}
	if err := a.checkKept(rec, nil); err != nil {
		return dst[:start], Outcome{}, err
	}
	dst = endCSVRecord(dst, start)
	a.records++
	for _, i := range a.empties {
		a.empty[i]++
	}
	return dst, Outcome{}, nil
}

// plainByte reports whether a field of an unquoted record without '\r'
// that starts with c can be written as it is: c is not white space (which
// the encoder would quote). A backslash (`\.` is quoted) or a non-ASCII
// byte is left to the encoder's exact test. It is a bit lookup rather than
// a chain of comparisons because it runs for every kept field of every
// record.
func plainByte(c byte) bool {
	const (
		bad0 uint64 = 1<<'\t' | 1<<'\n' | 1<<'\v' | 1<<'\f' | 1<<'\r' | 1<<' ' // bytes 0-63
		bad1 uint64 = 1 << ('\\' - 64)                                         // bytes 64-127
	)
	switch {
	case c < 64:
		return bad0>>c&1 == 0
	case c < 128:
		return bad1>>(c-64)&1 == 0
	}
	return false
}
