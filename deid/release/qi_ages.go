package release

import (
	"fmt"
	"slices"

	"github.com/deidkit/deidkit/deid"
)

// An age is a birth date to within a year once the date it was computed
// at is known (the policy's reference date, or a measurement's date). A
// release whose quasi-identifiers generalize a date of birth (to a year,
// a decade, "*") while it writes ages as they are would give back what
// the generalization took, and kanon.Verify, which reads the
// quasi-identifiers only, would call it k-anonymous. Such a release is a
// configuration error: the ages are quasi-identifiers too, or dropped.
//
// The policy's actions say which fields are ages (age) and which are
// dates made coarser (year, month), not whose dates they are: a birth
// year written beside generalized ages is the same leak, but a year
// action on an event date (a Safe Harbor measurement year) is not one,
// so only ages are required here.

// agesOutsideQIs returns the error of a release whose quasi-identifiers
// include a field the policy makes a year, a month or an age while an
// output field the policy makes an age is not among them.
func agesOutsideQIs(qis []string, policy *deid.Policy, names []string) error {
	if policy == nil {
		return nil
	}
	action := func(name string) deid.Action {
		for _, r := range policy.Fields {
			if r.Field == name {
				return r.Action
			}
		}
		return ""
	}
	i := slices.IndexFunc(qis, func(q string) bool {
		a := action(q)
		return a == deid.Year || a == deid.Month || a == deid.Age
	})
	if i < 0 {
		return nil
	}
	for _, n := range names {
		if action(n) == deid.Age && !slices.Contains(qis, n) {
			return fmt.Errorf("%w: column %q holds ages as they are, which give back the birth year that the quasi-identifier %q generalizes; make it a quasi-identifier too, or drop it", ErrConfig, n, qis[i])
		}
	}
	return nil
}
