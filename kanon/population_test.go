package kanon_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// TestRiskAgainstPopulation compares Risk with a population against a
// direct count: every class's released strings matched against every
// population row. The sample is two rows in three of the population, so
// that the population has values the sample lacks and codes that differ.
func TestRiskAgainstPopulation(t *testing.T) {
	rows := kanontest.DefaultShape()
	// Automatic intervals depend on the values: give every numeric
	// quasi-identifier a hierarchy, so that the sample and the population
	// share them.
	rows.QuasiIdentifiers = append([]kanontest.Column(nil), rows.QuasiIdentifiers...)
	for i, c := range rows.QuasiIdentifiers {
		if c.Numeric && c.Depth == 0 {
			rows.QuasiIdentifiers[i].Depth = 2
		}
	}
	people := rows
	people.Individual = "user"
	people.RowsPerIndividual = 4
	people.Varying = 0.2
	for _, shape := range []kanontest.Shape{rows, people} {
		for _, alg := range algorithms {
			name := alg.name
			if shape.Individual != "" {
				name += "/individuals"
			}
			t.Run(name, func(t *testing.T) {
				p := prop.ForAll(func(n int, seed uint64, k int) (bool, error) {
					all, schema, err := kanontest.Rows(shape, n, seed)
					if err != nil {
						return false, err
					}
					var sampleRows [][]string
					for i, r := range all {
						if i%3 != 0 {
							sampleRows = append(sampleRows, r)
						}
					}
					pop, err := kanon.NewTable(schema, all)
					if err != nil {
						return false, err
					}
					sample, err := kanon.NewTable(schema, sampleRows)
					if err != nil {
						return false, err
					}
					res, err := alg.run(context.Background(), sample, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(k)}, Suppression: 0.1})
					if errors.Is(err, kanon.ErrUnsatisfiable) {
						return true, nil
					}
					if err != nil {
						return false, err
					}
					got, err := res.Risk(pop)
					if err != nil {
						return false, err
					}
					want := journalist(sample, res, pop)
					near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12 }
					if !near(got.JournalistMax, want.JournalistMax) || !near(got.JournalistAvg, want.JournalistAvg) || !near(got.Marketer, want.Marketer) {
						return false, fmt.Errorf("risk %+v, counted %+v", got, want)
					}
					return true, nil
				}, gen.IntRange(3, 200), gen.UInt64(), gen.IntRange(1, 4))
				props := gopter.NewProperties(kanontest.Parameters(40))
				props.Property("Risk counts the population rows that each class covers", p)
				props.TestingRun(t)
			})
		}
	}
}

// journalist computes the journalist and marketer risks of a release of
// sample against pop by matching strings.
func journalist(sample *kanon.Table, res *kanon.Result, pop *kanon.Table) kanon.Risk {
	byInd := sample.Individuals() > 0
	type class struct {
		rep    int // a row of the class
		people map[int]bool
		rows   int
	}
	classes := map[int]*class{}
	var order []int
	for row := range sample.Len() {
		c := res.Class(row)
		if c < 0 {
			continue
		}
		if classes[c] == nil {
			classes[c] = &class{rep: row, people: map[int]bool{}}
			order = append(order, c)
		}
		classes[c].rows++
		classes[c].people[sample.IndividualOf(row)] = true
	}
	var rk kanon.Risk
	f := map[int]int{} // by class: the size of its population group, at least its own
	for _, c := range order {
		cl := classes[c]
		group := map[int]bool{} // population rows, or individuals
		for prow := range pop.Len() {
			covered := true
			for q := range sample.QuasiIdentifiers() {
				covered = covered && generalizes(pop, prow, q, res.Released(cl.rep, q))
			}
			if covered {
				key := prow
				if byInd && pop.Individuals() > 0 {
					key = pop.IndividualOf(prow)
				}
				group[key] = true
			}
		}
		own := cl.rows
		if byInd {
			own = len(cl.people)
		}
		f[c] = max(len(group), own)
		rk.JournalistMax = max(rk.JournalistMax, 1/float64(f[c]))
	}
	if !byInd {
		released := 0
		for _, c := range order {
			rk.JournalistAvg += float64(classes[c].rows) / float64(f[c])
			released += classes[c].rows
		}
		if released > 0 {
			rk.JournalistAvg /= float64(released)
		}
		rk.Marketer = rk.JournalistAvg
		return rk
	}
	fewest := map[int]int{} // by individual: the smallest group of its classes
	for row := range sample.Len() {
		if c := res.Class(row); c >= 0 {
			e := sample.IndividualOf(row)
			if g, ok := fewest[e]; !ok || f[c] < g {
				fewest[e] = f[c]
			}
		}
	}
	for _, g := range fewest {
		rk.JournalistAvg += 1 / float64(g)
	}
	if len(fewest) > 0 {
		rk.JournalistAvg /= float64(len(fewest))
	}
	rk.Marketer = rk.JournalistAvg
	return rk
}

// generalizes reports whether released value v covers quasi-identifier q
// of row of t: the value itself, one of its labels, or a numeric range
// holding it.
func generalizes(t *kanon.Table, row, q int, v string) bool {
	if v == t.Value(row, q) {
		return true
	}
	for j := 1; j <= t.Levels(q); j++ {
		if t.Generalize(row, q, j) == v {
			return true
		}
	}
	if !t.IsNumeric(q) || !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, "]") {
		return false
	}
	a, b, _ := strings.Cut(v[1:len(v)-1], ", ")
	lo, err1 := strconv.ParseFloat(a, 64)
	hi, err2 := strconv.ParseFloat(b, 64)
	x, err3 := strconv.ParseFloat(t.Value(row, q), 64)
	return err1 == nil && err2 == nil && err3 == nil && lo <= x && x <= hi
}
