package kanon

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
	"sync"
)

// A Release is a released table as Verify sees it: for every row of the
// original table, in the same order, either suppression or the released
// value of each quasi-identifier. *Result implements it; so can a release
// read back from a file.
type Release interface {
	Len() int
	Suppressed(row int) bool
	Released(row, qi int) string
}

// A Report is the outcome of Verify.
type Report struct {
	// Holds is true when every class satisfies every model and every
	// released value generalizes the original one.
	Holds      bool
	Rows       int
	Classes    int
	Suppressed int
	// Failures lists the classes that violate a model.
	Failures []ClassFailure
	// Untruthful lists released cells that do not generalize the original
	// value (at most 100 are listed; UntruthfulCells counts them all).
	Untruthful      []Cell
	UntruthfulCells int
}

// A ClassFailure is an equivalence class that violates models.
type ClassFailure struct {
	Rows   []int    // the rows of the class, in table order
	Models []string // the violated models
	// Individuals is the number of distinct individuals in the class, or
	// 0 when the table has no individual column.
	Individuals int
}

// A Cell locates a released value.
type Cell struct{ Row, QI int }

func (r *Report) String() string {
	if r.Holds {
		return fmt.Sprintf("holds: %d rows, %d classes, %d suppressed", r.Rows, r.Classes, r.Suppressed)
	}
	return fmt.Sprintf("fails: %d of %d classes violate a model, %d untruthful cells",
		len(r.Failures), r.Classes, r.UntruthfulCells)
}

// Verify checks a release of t independently of how it was made. It is
// written from the definitions, deliberately simply and apart from the
// algorithms' own checks, so that a fault in those does not hide itself:
// it forms the equivalence classes from the released strings (rows whose
// released quasi-identifiers are equal, byte for byte; suppressed rows
// excluded), checks every model on each class with the sensitive values
// of t, and checks that every released value is true of the original one.
// A released value is true when it is
//   - the value itself, "*", or, for a numeric value, the same number
//     spelled otherwise;
//   - a label of the value in its quasi-identifier's hierarchy: an
//     ancestor in an explicit hierarchy, the value masked from the right
//     by a masking one (one '*' per hidden character), the month, year or
//     decade of a date in a date one;
//   - for a numeric quasi-identifier or one with an interval hierarchy, a
//     range "[lo, hi]" with lo ≤ value ≤ hi or an interval "[lo, hi)" with
//     lo ≤ value < hi, compared exactly on the decimal digits; bounds are
//     finite decimal numbers, lo ≤ hi ("[lo, hi)" needs lo < hi).
//
// With an individual column in t, k-anonymity requires k distinct
// individuals in every class, counted from the table's individual of each
// row; a release computed without that column (one row, one individual)
// fails wherever a class holds fewer than k people. The sensitive-value
// models then count each individual once per value it has in a class, and
// t-closeness compares with the table's distribution counted the same way.
func Verify(t *Table, rel Release, models ...Model) (*Report, error) {
	specs, err := validModels(t, models)
	if err != nil {
		return nil, err
	}
	if rel.Len() != t.n {
		return nil, fmt.Errorf("%w: release has %d rows, table %d; verify a release against the table it was computed from", ErrInput, rel.Len(), t.n)
	}
	rep := &Report{Rows: t.n}
	// The class of every row, the bulk of Verify's memory, lives outside
	// the Go heap until Verify returns: nothing made from it outlives the
	// call.
	classOf := newClassColumn(t.n)
	defer classOf.free()
	classes := verifyClasses(t, rel, rep, classOf)
	rep.Classes = classes.count()
	whole := newTableDistributions(t, specs)
	names := make([]string, len(specs))
	for i, m := range specs {
		names[i] = m.String()
	}
	// The classes are checked in two runs at once, each holding about
	// half the rows, with a scratch of its own of half the size of one
	// run's: the failures of the first run, then those of the second, are
	// in class order.
	nc := classes.count()
	half, _ := slices.BinarySearch(classes.start[:nc], classes.start[nc]/2)
	budget := max(t.n/16, 1<<19)
	check := func(lo, hi int) []ClassFailure {
		return checkClasses(t, classes, classOf, lo, hi, budget, specs, names, whole)
	}
	var first []ClassFailure
	var wg sync.WaitGroup
	wg.Go(func() { first = check(0, half) })
	second := check(half, nc)
	wg.Wait()
	rep.Failures = append(first, second...)
	rep.Holds = len(rep.Failures) == 0 && rep.UntruthfulCells == 0
	return rep, nil
}

// checkClasses checks classes lo..hi of a release against the models,
// and returns the failures in class order.
func checkClasses(t *Table, classes *verifiedClasses, classOf *classColumn, lo, hi, budget int, specs []modelSpec, names []string, whole []tableDistribution) []ClassFailure {
	var failures []ClassFailure
	seen := make([]bool, t.ind.count) // scratch of peopleIn
	classes.eachIn(lo, hi, classOf, budget, func(rows []int32) {
		var weights []valueWeights // by sensitive attribute, when a model needs them
		var violated []string
		for i, m := range specs {
			if m.kind != kAnon && weights == nil {
				for s := range t.sens {
					weights = append(weights, weighValues(t, s, rows))
				}
			}
			if !classSatisfies(t, rows, m, weights, whole, seen) {
				violated = append(violated, names[i])
			}
		}
		if len(violated) > 0 {
			people := 0
			if t.ind.codes != nil {
				people = peopleIn(t, rows, seen)
			}
			wide := make([]int, len(rows))
			for i, r := range rows {
				wide[i] = int(r)
			}
			failures = append(failures, ClassFailure{Rows: wide, Models: violated, Individuals: people})
		}
	})
	return failures
}

// peopleIn counts the distinct individuals of rows. seen has an entry
// per individual, all false, and is left so.
func peopleIn(t *Table, rows []int32, seen []bool) int {
	n := 0
	for _, r := range rows {
		if e := t.IndividualOf(int(r)); !seen[e] {
			seen[e] = true
			n++
		}
	}
	for _, r := range rows {
		seen[t.IndividualOf(int(r))] = false
	}
	return n
}

// classSatisfies reports whether the class of rows satisfies model m;
// weights are its weighed sensitive values; seen is the scratch of
// peopleIn.
func classSatisfies(t *Table, rows []int32, m modelSpec, weights []valueWeights, whole []tableDistribution, seen []bool) bool {
	if m.kind == kAnon {
		if t.ind.codes != nil {
			return peopleIn(t, rows, seen) >= m.k
		}
		return len(rows) >= m.k
	}
	for s, w := range weights {
		ok := false
		switch m.kind {
		case distinctL:
			ok = float64(len(w)) >= m.l
		case entropyL:
			ok = entropy(w) >= math.Log(m.l)-1e-9
		case recursiveCL:
			ok = recursivelyDiverse(w, m.c, int(m.l))
		case tClose:
			ok = whole[s].distance(w) <= m.t+1e-9
		}
		if !ok {
			return false
		}
	}
	return true
}

// valueWeights weighs each sensitive value: by rows, or with an
// individual column by the individuals who have it.
type valueWeights map[string]float64

// weighValues weighs the values of sensitive attribute s in rows.
func weighValues(t *Table, s int, rows []int32) valueWeights {
	w := valueWeights{}
	if t.ind.codes == nil {
		for _, r := range rows {
			w[t.SensitiveValue(int(r), s)]++
		}
		return w
	}
	type pair struct {
		person int
		value  string
	}
	seen := map[pair]bool{}
	for _, r := range rows {
		p := pair{t.IndividualOf(int(r)), t.SensitiveValue(int(r), s)}
		if !seen[p] {
			seen[p] = true
			w[p.value]++
		}
	}
	return w
}

func (w valueWeights) total() float64 {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	return sum
}

// entropy is -Σ p log p of the weights.
func entropy(w valueWeights) float64 {
	n, e := w.total(), 0.0
	for _, x := range w {
		e -= x / n * math.Log(x/n)
	}
	return e
}

// recursivelyDiverse reports whether, with the weights sorted r1 ≥ r2 ≥
// … ≥ rm, m ≥ l and r1 < c·(rl + … + rm).
func recursivelyDiverse(w valueWeights, c float64, l int) bool {
	if len(w) < l {
		return false
	}
	r := make([]float64, 0, len(w))
	for _, x := range w {
		r = append(r, x)
	}
	slices.Sort(r)
	slices.Reverse(r)
	tail := 0.0
	for _, x := range r[l-1:] {
		tail += x
	}
	return r[0] < c*tail
}

// tableDistribution is the distribution of a sensitive attribute over the
// whole table, against which t-closeness measures classes.
type tableDistribution struct {
	share   valueWeights
	ordered []string // numeric attributes: the table's values by number; nil otherwise
}

// newTableDistributions returns, when a model needs them, the
// distributions of the sensitive attributes over every row of t
// (suppressed rows included).
func newTableDistributions(t *Table, specs []modelSpec) []tableDistribution {
	if !slices.ContainsFunc(specs, func(m modelSpec) bool { return m.kind == tClose }) {
		return nil
	}
	all := make([]int32, t.n)
	for r := range all {
		all[r] = int32(r)
	}
	whole := make([]tableDistribution, len(t.sens))
	for s := range t.sens {
		share := weighValues(t, s, all)
		n := share.total()
		for v := range share {
			share[v] /= n
		}
		whole[s].share = share
		if !t.sens[s].dom.numeric {
			continue
		}
		rats := map[string]*big.Rat{}
		for v := range share {
			rats[v], _ = new(big.Rat).SetString(v)
			whole[s].ordered = append(whole[s].ordered, v)
		}
		slices.SortFunc(whole[s].ordered, func(a, b string) int {
			if c := rats[a].Cmp(rats[b]); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
	}
	return whole
}

// distance is the Earth Mover's Distance from the class weights w to the
// table distribution: half the total variation for categorical values (all
// values equally far apart), and for numeric values the ordered distance,
// Σ over the table's values in increasing order of |Σ of (class share −
// table share) up to the value|, over the number of values minus one.
func (whole tableDistribution) distance(w valueWeights) float64 {
	n := w.total()
	if whole.ordered == nil {
		d := 0.0
		for v, q := range whole.share {
			d += math.Abs(w[v]/n - q)
		}
		return d / 2
	}
	if len(whole.ordered) < 2 {
		return 0
	}
	cum, d := 0.0, 0.0
	for _, v := range whole.ordered {
		cum += w[v]/n - whole.share[v]
		d += math.Abs(cum)
	}
	return d / float64(len(whole.ordered)-1)
}
