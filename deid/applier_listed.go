package deid

import (
	"fmt"

	"github.com/deidkit/deidkit/internal/nilarg"
)

// ListedIDs gives an Applier the exclusion list of its run, set, which
// lists the values of the input field idField: the Applier then refuses
// a record whose kept values hold a listed ID (or a near match of one) as
// a [Transformer] with [Options].Exclude does (see "Exclusion" in the
// package doc): a [*FieldError] wrapping [ErrKeptIdentifier] that says a
// listed ID, never which. Free text that a scrub rule releases has its
// listed IDs replaced, and a plan whose field names hold one refuses
// every record ([ErrHeaderLooksLikeData]).
//
// It does not exclude the listed people's own records: check each
// record's ID with [Excluded] before Apply, as record-at-a-time code
// must anyway. A nil set refuses every record with [ErrNoIDSet]: a caller
// that meant to pass a list and lost it must not release as if nobody
// were listed.
func ListedIDs(set IDSet, idField string) ApplierOption {
	return func(a *applier) { a.listed = &applierList{set: set, field: idField} }
}

// applierList is the argument of ListedIDs.
type applierList struct {
	set   IDSet
	field string
}

// listening returns pl compiled again, against the same fields, on a
// binding of its policy and keys that looks for the IDs of l: the one
// mechanism of a Transformer's exclusion list (binding.listen), which
// reaches the kept-value check, scrubbed text and field names alike. A
// Plan's binding is shared by its Appliers, so one Applier's list cannot
// be set on it.
func (pl *Plan) listening(l *applierList) (*Plan, error) {
	if nilarg.Is(l.set) {
		return nil, fmt.Errorf("%w: ListedIDs was given no list", ErrNoIDSet)
	}
	b, err := bind(pl.b.policy, pl.b.keys)
	if err != nil {
		return nil, err
	}
	b.listen(l.set, l.field)
	return b.plan(pl.fields, true)
}
