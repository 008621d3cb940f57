package kanontest

import (
	"fmt"
	"math"

	"github.com/deidkit/deidkit/kanon"
)

// FullDomain releases t as a full-domain generalization with suppression
// does, computed without package kanon's algorithms: every
// quasi-identifier q is generalized to level levels[q] of its hierarchy
// (Table.Generalize), the rows are grouped by their generalized values,
// and the rows of every group that violates a model, according to
// kanon.Verify, are suppressed. It returns the release and the number of
// rows suppressed.
func FullDomain(t *kanon.Table, levels []int, models ...kanon.Model) (kanon.Release, int, error) {
	if len(levels) != len(t.QuasiIdentifiers()) {
		return nil, 0, fmt.Errorf("kanontest: %d levels for %d quasi-identifiers", len(levels), len(t.QuasiIdentifiers()))
	}
	for q, l := range levels {
		if l < 0 || l > t.Levels(q) {
			return nil, 0, fmt.Errorf("kanontest: level %d of quasi-identifier %d is outside [0, %d]", l, q, t.Levels(q))
		}
	}
	rel := &fullDomain{t: t, levels: append([]int(nil), levels...), suppressed: make([]bool, t.Len())}
	rep, err := kanon.Verify(t, rel, models...)
	if err != nil {
		return nil, 0, err
	}
	n := 0
	for _, f := range rep.Failures {
		for _, row := range f.Rows {
			rel.suppressed[row] = true
		}
		n += len(f.Rows)
	}
	return rel, n, nil
}

type fullDomain struct {
	t          *kanon.Table
	levels     []int
	suppressed []bool
}

func (r *fullDomain) Len() int                { return r.t.Len() }
func (r *fullDomain) Suppressed(row int) bool { return r.suppressed[row] }

func (r *fullDomain) Released(row, qi int) string {
	if r.suppressed[row] {
		return "*"
	}
	return r.t.Generalize(row, qi, r.levels[qi])
}

// MaxLattice is the largest number of level combinations that the
// full-domain properties try one by one; beyond it they judge
// ErrUnsatisfiable as Satisfies does.
const MaxLattice = 1 << 16

// lattice calls f with every combination of levels of t's
// quasi-identifiers, the lowest first, until f returns false. It reports
// false, calling f never, when there are more than MaxLattice combinations.
func lattice(t *kanon.Table, f func(levels []int) bool) bool {
	d := len(t.QuasiIdentifiers())
	nodes := 1.0
	for q := range d {
		nodes *= float64(t.Levels(q) + 1)
	}
	if nodes > MaxLattice {
		return false
	}
	levels := make([]int, d)
	for f(levels) {
		q := 0
		for q < d && levels[q] == t.Levels(q) {
			levels[q] = 0
			q++
		}
		if q == d {
			break
		}
		levels[q]++
	}
	return true
}

// SuppressionLimit is the number of rows that a case allows to suppress.
func (c Case) SuppressionLimit() int {
	return int(math.Floor(c.Config.Suppression*float64(c.Table.Len()) + 1e-9))
}

// fullDomainRelease looks for levels at which FullDomain satisfies the
// case within its suppression limit. searched is false when the lattice is
// too large to try.
func fullDomainRelease(c Case) (levels []int, searched bool, err error) {
	limit := c.SuppressionLimit()
	searched = lattice(c.Table, func(l []int) bool {
		_, n, ferr := FullDomain(c.Table, l, c.Config.Models...)
		if ferr != nil {
			err = ferr
			return false
		}
		if n <= limit {
			levels = append([]int(nil), l...)
			return false
		}
		return true
	})
	return levels, searched, err
}
