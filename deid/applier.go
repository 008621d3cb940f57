package deid

import (
	"fmt"
	"slices"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/internal/sealed"

	"github.com/deidkit/deidkit/deid/scrub"
	"github.com/deidkit/deidkit/pseudo"
)

// A Row holds the fields of one output record, back to back in one buffer
// so that a reused Row allocates nothing. Its zero value is an empty Row.
//
// It holds a record's values, so they sit two pointers away (see package
// sealed): a Row held by value in another struct's unexported field
// prints none of them.
type Row struct{ r sealed.Ref[row] }

// row is a Row's buffer.
type row struct {
	buf  []byte
	ends []int
}

// get returns r's buffer, made on first use.
func (r *Row) get() *row {
	if b := r.r.Get(); b != nil {
		return b
	}
	b := &row{}
	r.r = sealed.New(b)
	return b
}

// Reset empties r, keeping its memory.
func (r *Row) Reset() {
	if b := r.r.Get(); b != nil {
		b.buf, b.ends = b.buf[:0], b.ends[:0]
	}
}

// Len returns the number of fields.
func (r *Row) Len() int {
	if b := r.r.Get(); b != nil {
		return len(b.ends)
	}
	return 0
}

// Field returns field i. It aliases r's buffer until the next Reset.
func (r *Row) Field(i int) []byte { return r.get().field(i) }

func (r *row) field(i int) []byte {
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
//
// Its scratch space holds the values of the last record it saw, so its
// state sits two pointers away (see package sealed): an Applier held by
// value in another struct's unexported field, where fmt cannot call its
// Format method, prints none of them.
type Applier struct{ s sealed.Ref[applier] }

// applier is an Applier's state.
type applier struct {
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
	// kept holds the record's kept values for the identifier check (the
	// NDJSON shapes of a worker share one). allowKept releases what the
	// check finds, with warnings; without it, refused is the error of a
	// kept field named as an identifier, if the plan has one.
	kept      *keptValues
	allowKept bool
	refused   *FieldError
	warnings  []Warning
}

// Format prints the Applier without its scratch space, which holds
// values of the last record it saw, identifiers included: an Applier
// printed in a log or a panic (%v, %+v, %#v) shows its plan's size only.
func (a Applier) Format(f fmt.State, _ rune) {
	st := a.s.Get()
	if st == nil {
		fmt.Fprint(f, "deid.Applier[zero value]")
		return
	}
	fmt.Fprintf(f, "deid.Applier[%d fields]", len(st.pl.steps))
}

// errZeroApplier is the error of an Applier its constructor did not make.
var errZeroApplier = fmt.Errorf("%w: Applier{}; use Plan.NewApplier of a compiled Plan", ErrZeroValue)

// applyCtx is what a transform may use besides its value.
type applyCtx struct {
	in    [][]byte       // the whole input record
	memos []*pseudo.Memo // per keyed transform that memoizes
	known scrub.Known    // scratch of record-aware scrubbing (scrub_known.go)
}

// memoSlots is the size of each pseudonym memo: a few thousand users in
// flight at once cover the interleaving of real exports.
const memoSlots = 4096

// NewApplier returns an Applier of pl. The Applier of a Plan that
// [Compile] did not make refuses every record with [ErrZeroValue].
//
// The Applier checks the values it keeps as a [Transformer] does, and
// refuses what they would release: a record whose kept value looks like
// a direct identifier, or holds the record's own, is a [*FieldError]
// wrapping [ErrKeptIdentifier]; if the plan keeps a field whose name
// reads as one, every record is, wrapping [ErrPolicy] too. With
// [AllowKeptIdentifiers] it releases them, and [Applier.Warnings] says
// what it released.
func (pl *Plan) NewApplier(opts ...ApplierOption) *Applier {
	if pl == nil || pl.b == nil {
		return &Applier{}
	}
	a := pl.newApplier(pl.b.newMemos(), &keptValues{}, false)
	st := a.s.Get()
	for _, o := range opts {
		o(st)
	}
	if st.allowKept {
		st.refused = nil
	}
	return a
}

// newMemos returns one memo for each pseudonymizer the binding memoizes,
// for one goroutine.
func (b *binding) newMemos() []*pseudo.Memo {
	memos := make([]*pseudo.Memo, len(b.memoFor))
	for i, p := range b.memoFor {
		memos[i] = p.NewMemo(memoSlots)
	}
	return memos
}

// newApplier returns an Applier that uses memos and kept, which plans of
// the same binding may share within one goroutine (the shapes of NDJSON
// records), and releases kept identifiers if allowKept.
func (pl *Plan) newApplier(memos []*pseudo.Memo, kept *keptValues, allowKept bool) *Applier {
	a := &applier{pl: pl, empty: make([]int64, len(pl.steps)), kept: kept, allowKept: allowKept}
	if !allowKept {
		a.refused = pl.keptNameErr()
	}
	a.ctx.memos = memos
	return &Applier{sealed.New(a)}
}

// Warnings returns the plan's warnings and, if a allows kept identifiers,
// those of the values it released (at most 256 in all): kept fields whose
// values looked like direct identifiers. An Applier that refuses them has
// none of the values' to give.
func (x *Applier) Warnings() []Warning {
	a := x.s.Get()
	if a == nil {
		return nil
	}
	ws := slices.Clone(a.pl.warnings)
	for _, w := range a.warnings {
		ws = addWarning(ws, w)
	}
	return ws
}

// checkKept checks the kept values of the record that a.kept set aside
// (see keptValues.check): it returns the record error of the first
// identifier found, or, if a allows kept identifiers, nil and a warning
// of each.
func (a *applier) checkKept(rec *csvrec.Parser, in [][]byte) error {
	k := a.kept
	if a.allowKept {
		k.check(a.pl, rec, in, &a.warnings)
		return nil
	}
	if k.check(a.pl, rec, in, nil) {
		return k.hit.err(a.pl)
	}
	return nil
}

// Plan returns the plan a applies (nil for the zero Applier).
func (x *Applier) Plan() *Plan {
	if a := x.s.Get(); a != nil {
		return a.pl
	}
	return nil
}

// Count returns how many non-empty values of input field i a has transformed.
func (x *Applier) Count(i int) int64 {
	a := x.s.Get()
	if a == nil || a.pl.steps[i].action == Drop {
		return 0
	}
	return a.records - a.empty[i]
}

// The package's own callers (the transformer) reach the state through
// these: it is theirs, and made by newApplier.
func (x *Applier) uncount(in [][]byte) { x.s.Get().uncount(in) }
func (x *Applier) resetCounts()        { x.s.Get().resetCounts() }
func (x *Applier) records() int64      { return x.s.Get().records }
func (x *Applier) apply(out *Row, in [][]byte, kept bool) (Outcome, error) {
	return x.s.Get().apply(out, in, kept)
}
func (x *Applier) appendCSV(dst []byte, rec *csvrec.Parser, comma byte, noCR bool) ([]byte, Outcome, error) {
	return x.s.Get().appendCSV(dst, rec, comma, noCR)
}

// uncount takes back the counts of a record Apply transformed but that
// was not written after all.
func (a *applier) uncount(in [][]byte) {
	a.records--
	for _, i := range a.pl.outIdx {
		if len(in[i]) == 0 {
			a.empty[i]--
		}
	}
}

// resetCounts sets every count back to 0, and forgets the warnings.
func (a *applier) resetCounts() {
	a.records = 0
	clear(a.empty)
	a.warnings = a.warnings[:0]
}

// Apply transforms one record, given as its fields in the order of
// [Plan.Fields], and appends the released fields to out (which it does not
// reset). A suppressed record appends nothing, and neither does a record
// that fails: on error out is as it was, so that a record the identifier
// check refuses (see [Plan.NewApplier]) leaves none of its values in a Row
// that collects several records.
//
// An empty value stays empty under every action but replace: a missing
// value carries no identifier, and inventing one (a pseudonym of "") would
// mislead.
func (x *Applier) Apply(out *Row, in [][]byte) (Outcome, error) {
	a := x.s.Get()
	if a == nil {
		return Outcome{}, errZeroApplier
	}
	return a.apply(out, in, true)
}

// apply is Apply; without kept, the fields the plan keeps are left empty
// in out, which still has one field for each of them: the NDJSON writer
// copies kept values from the line as written, and a copy into the row
// was work for nothing.
func (a *applier) apply(r *Row, in [][]byte, kept bool) (Outcome, error) {
	pl := a.pl
	if a.refused != nil {
		e := *a.refused // the caller may locate it
		return Outcome{}, &e
	}
	if o, err := a.screen(in); err != nil || o.Suppressed {
		return o, err
	}
	out := r.get()
	// A failed record leaves nothing in out: not the values before the
	// failing one, nor a kept value the check refuses after them all.
	mark, marks := len(out.buf), len(out.ends)
	a.ctx.in = in
	for _, i := range pl.outIdx {
		st := &pl.steps[i]
		v := in[i]
		var err error
		switch {
		case st.t == nil: // keep
			if st.expect && !numberText(v) {
				out.buf, out.ends = out.buf[:mark], out.ends[:marks]
				return Outcome{}, pl.expectError(i)
			}
			if kept {
				out.buf = append(out.buf, v...)
			}
		case len(v) == 0 && st.action != Replace:
		default:
			out.buf, err = st.t.apply(out.buf, v, &a.ctx)
			if err != nil {
				out.buf, out.ends = out.buf[:mark], out.ends[:marks]
				return Outcome{}, &FieldError{Field: st.field, Action: string(st.action), Err: err}
			}
		}
		out.ends = append(out.ends, len(out.buf))
	}
	if len(pl.watch) > 0 {
		a.kept.screenAll(pl, in)
		if err := a.checkKept(nil, in); err != nil {
			out.buf, out.ends = out.buf[:mark], out.ends[:marks]
			return Outcome{}, err
		}
	}
	a.count(in)
	return Outcome{}, nil
}

// screen checks the record's field count and its suppress rules.
func (a *applier) screen(in [][]byte) (Outcome, error) {
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
func (a *applier) count(in [][]byte) {
	a.records++
	for _, i := range a.pl.outIdx {
		if len(in[i]) == 0 {
			a.empty[i]++
		}
	}
}
