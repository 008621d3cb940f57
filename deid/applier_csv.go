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

// appendCSV applies the plan to a record parsed from CSV and appends the
// output record as CSV to dst, writing the same bytes as Apply and the CSV
// encoder. raw is the record as read (its delimiter is the output's), and
// its first plain fields were written without quotes: a run of kept
// columns among them is copied from raw in one piece when none of its
// fields needs quoting, which is most of a CSV export's bytes.
//
// noCR says that raw holds no '\r' (the caller checked its whole chunk at
// once), which spares a scan per record.
func (a *Applier) appendCSV(dst []byte, in [][]byte, raw []byte, plain int, comma byte, noCR bool) ([]byte, Outcome, error) {
	pl := a.pl
	if o, err := a.screen(in); err != nil || o.Suppressed {
		return dst, o, err
	}
	if a.plainComma != comma || a.plain == nil {
		a.plain, a.plainComma = make([]bool, len(pl.steps)), comma
		for i, st := range pl.steps {
			if p, ok := st.t.(plainer); ok {
				a.plain[i] = p.plainOutput(comma)
			}
		}
	}
	a.ctx.in = in
	start := len(dst)
	off := a.offs[:0]
	o := 0
	for _, f := range in[:plain] {
		off = append(off, o)
		o += len(f) + 1
	}
	a.offs = off
	// A bare '\r' stays in an unquoted field, and the encoder would quote
	// it; without one, a field of the plain prefix needs quotes only for
	// what its first bytes say.
	if plain > 0 && !noCR && bytes.IndexByte(raw[:o-1], '\r') >= 0 {
		plain = 0
	}
	for n, sg := range pl.segs {
		if n > 0 {
			dst = append(dst, comma)
		}
		if sg.kept {
			safe := sg.last < plain
			for i := sg.first; i <= sg.last && safe; i++ {
				safe = plainStart(in[i])
			}
			if safe {
				dst = append(dst, raw[off[sg.first]:off[sg.last]+len(in[sg.last])]...)
				continue
			}
			for i := sg.first; i <= sg.last; i++ {
				if i > sg.first {
					dst = append(dst, comma)
				}
				dst = csvrec.AppendField(dst, in[i], comma)
			}
			continue
		}
		st := &pl.steps[sg.first]
		v := in[sg.first]
		if len(v) == 0 && st.action != Replace {
			continue
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
	dst = endCSVRecord(dst, start)
	a.count(in)
	return dst, Outcome{}, nil
}

// plainStart reports whether a field of an unquoted record without '\r'
// can be written as it is: it does not start with white space (which the
// encoder would quote). A field starting with a backslash (`\.` is quoted)
// or a non-ASCII byte is left to the encoder's exact test. It is a bit
// lookup rather than a chain of comparisons because it runs for every kept
// field of every record.
func plainStart(f []byte) bool {
	if len(f) == 0 {
		return true
	}
	const (
		bad0 = 1<<'\t' | 1<<'\n' | 1<<'\v' | 1<<'\f' | 1<<'\r' | 1<<' ' // bytes 0-63
		bad1 = 1 << ('\\' - 64)                                         // bytes 64-127
	)
	switch c := f[0]; {
	case c < 64:
		return bad0>>c&1 == 0
	case c < 128:
		return bad1>>(c-64)&1 == 0
	}
	return false
}
