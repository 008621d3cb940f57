package deid

import (
	"fmt"

	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/pseudo"
)

// A Row holds the fields of one output record, back to back in one buffer
// so that a reused Row allocates nothing.
type Row struct {
	buf  []byte
	ends []int
}

// Reset empties r, keeping its memory.
func (r *Row) Reset() { r.buf, r.ends = r.buf[:0], r.ends[:0] }

// Len returns the number of fields.
func (r *Row) Len() int { return len(r.ends) }

// Field returns field i. It aliases r's buffer until the next Reset.
func (r *Row) Field(i int) []byte {
	start := 0
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.buf[start:r.ends[i]]
}

// An Outcome says what became of a record.
type Outcome struct {
	// Suppressed reports a record that a suppress rule matched; it has no
	// output.
	Suppressed bool
	// Condition is the index of the matching suppress rule.
	Condition int
}

// An Applier applies a Plan to records, one at a time. It holds per-goroutine
// state (pseudonym memos, scratch space, counters): it is not safe for
// concurrent use; make one per goroutine with [Plan.NewApplier].
type Applier struct {
	pl  *Plan
	ctx applyCtx
	// The number of non-empty values of released field i that went
	// through its action is records - empty[i]: counting the rare empty
	// values costs less per record than counting every value.
	records int64
	empty   []int64
	// empties lists the released fields found empty in the record being
	// written by appendCSV, counted once the record is through.
	empties []int
	// scratch space of appendCSV: the fields the plan reads, and a value
	// to quote
	in      [][]byte
	scratch []byte
	// plain[i]: field i's transform never needs CSV quoting with plainComma
	plain      []bool
	plainComma byte
	// watchAt[i] says whether appendCSV screens the values of field i
	// for the identifier check (watchSegment, watchOther) and whether a
	// date among them is worth a warning (watchDates); other lists the
	// watched fields outside the kept segments
	watchAt    []uint8
	watchOther []watch
}

// Format prints the Applier without its scratch space, which holds
// values of the last record it saw, identifiers included: an Applier
// printed in a log or a panic (%v, %+v, %#v) shows its plan's size only.
func (a Applier) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "deid.Applier[%d fields]", len(a.pl.steps))
}

// applyCtx is what a transform may use besides its value.
type applyCtx struct {
	in    [][]byte       // the whole input record
	memos []*pseudo.Memo // per keyed transform that memoizes
	known scrub.Known    // scratch of record-aware scrubbing (scrub_known.go)
}

// memoSlots is the size of each pseudonym memo: a few thousand users in
// flight at once cover the interleaving of real exports.
const memoSlots = 4096

// NewApplier returns an Applier of pl.
func (pl *Plan) NewApplier() *Applier { return pl.newApplier(pl.b.newMemos()) }

// newMemos returns one memo for each pseudonymizer the binding memoizes,
// for one goroutine.
func (b *binding) newMemos() []*pseudo.Memo {
	memos := make([]*pseudo.Memo, len(b.memoFor))
	for i, p := range b.memoFor {
		memos[i] = p.NewMemo(memoSlots)
	}
	return memos
}

// newApplier returns an Applier that uses memos, which plans of the same
// binding may share within one goroutine (the shapes of NDJSON records).
func (pl *Plan) newApplier(memos []*pseudo.Memo) *Applier {
	a := &Applier{pl: pl, empty: make([]int64, len(pl.steps))}
	a.ctx.memos = memos
	return a
}

// Plan returns the plan a applies.
func (a *Applier) Plan() *Plan { return a.pl }

// Count returns how many non-empty values of input field i a has transformed.
func (a *Applier) Count(i int) int64 {
	if a.pl.steps[i].action == Drop {
		return 0
	}
	return a.records - a.empty[i]
}

// uncount takes back the counts of a record Apply transformed but that
// was not written after all.
func (a *Applier) uncount(in [][]byte) {
	a.records--
	for _, i := range a.pl.outIdx {
		if len(in[i]) == 0 {
			a.empty[i]--
		}
	}
}

// resetCounts sets every count back to 0.
func (a *Applier) resetCounts() {
	a.records = 0
	clear(a.empty)
}

// Apply transforms one record, given as its fields in the order of
// [Plan.Fields], and appends the released fields to out (which it does not
// reset). A suppressed record appends nothing. On error out may hold part
// of the record: discard it.
//
// An empty value stays empty under every action but replace: a missing
// value carries no identifier, and inventing one (a pseudonym of "") would
// mislead.
func (a *Applier) Apply(out *Row, in [][]byte) (Outcome, error) {
	return a.apply(out, in, true)
}

// apply is Apply; without kept, the fields the plan keeps are left empty
// in out, which still has one field for each of them: the NDJSON writer
// copies kept values from the line as written, and a copy into the row
// was work for nothing.
func (a *Applier) apply(out *Row, in [][]byte, kept bool) (Outcome, error) {
	pl := a.pl
	if o, err := a.screen(in); err != nil || o.Suppressed {
		return o, err
	}
	a.ctx.in = in
	for _, i := range pl.outIdx {
		st := &pl.steps[i]
		v := in[i]
		var err error
		switch {
		case st.t == nil: // keep
			if kept {
				out.buf = append(out.buf, v...)
			}
		case len(v) == 0 && st.action != Replace:
		default:
			out.buf, err = st.t.apply(out.buf, v, &a.ctx)
			if err != nil {
				return Outcome{}, &FieldError{Field: st.field, Action: string(st.action), Err: err}
			}
		}
		out.ends = append(out.ends, len(out.buf))
	}
	a.count(in)
	return Outcome{}, nil
}

// screen checks the record's field count and its suppress rules.
func (a *Applier) screen(in [][]byte) (Outcome, error) {
	pl := a.pl
	if len(in) != len(pl.steps) {
		return Outcome{}, &FieldError{Field: "(record)", Action: "parse", Err: errFieldCount(len(in), len(pl.steps))}
	}
	for k := range pl.conds {
		hit, err := pl.conds[k].match(in, pl.b.ref)
		if err != nil {
			return Outcome{}, &FieldError{Field: pl.conds[k].field, Action: "suppress", Err: err}
		}
		if hit {
			return Outcome{Suppressed: true, Condition: k}, nil
		}
	}
	return Outcome{}, nil
}

// count counts the non-empty released values of a record that went
// through whole.
func (a *Applier) count(in [][]byte) {
	a.records++
	for _, i := range a.pl.outIdx {
		if len(in[i]) == 0 {
			a.empty[i]++
		}
	}
}
