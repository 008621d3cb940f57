package kanon_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// atLevels releases every row of a table at given levels, suppressing
// none.
type atLevels struct {
	t      *kanon.Table
	levels []int
}

func (r atLevels) Len() int                    { return r.t.Len() }
func (atLevels) Suppressed(int) bool           { return false }
func (r atLevels) Released(row, qi int) string { return r.t.Generalize(row, qi, r.levels[qi]) }

// randomModels draws k-anonymity and one or two sensitive-value models
// with parameters near the values where classes start to fail.
func randomModels(rng *rand.Rand) []kanon.Model {
	models := []kanon.Model{kanon.KAnonymity(1 + rng.IntN(5))}
	for range 1 + rng.IntN(2) {
		switch rng.IntN(4) {
		case 0:
			models = append(models, kanon.DistinctLDiversity(1+rng.IntN(4)))
		case 1:
			models = append(models, kanon.EntropyLDiversity(1+2*rng.Float64()))
		case 2:
			models = append(models, kanon.RecursiveCLDiversity(float64(1+rng.IntN(3)), 1+rng.IntN(3)))
		case 3:
			u := rng.Float64()
			models = append(models, kanon.TCloseness(0.4*u*u))
		}
	}
	return models
}

// TestVerifyAgreesWithTheChecker compares Verify, written from the
// definitions, with the checker the algorithms use, class by class, on
// random tables (rows and individuals, categorical and numeric sensitive
// values) released at random hierarchy levels.
func TestVerifyAgreesWithTheChecker(t *testing.T) {
	rows := kanontest.DefaultShape()
	rows.MaxRows = 120
	people := individualShape()
	people.MaxRows = 120
	numeric := rows
	numeric.Sensitive = []kanontest.Column{{Name: "weight", Numeric: true, Values: 8}}
	numericPeople := people
	numericPeople.Sensitive = numeric.Sensitive
	two := rows
	two.Sensitive = []kanontest.Column{{Name: "weight", Numeric: true, Values: 25}, {Name: "dx", Values: 4}}
	for _, shape := range []kanontest.Shape{rows, people, numeric, numericPeople, two} {
		p := prop.ForAll(func(tab *kanon.Table, seed uint64) (bool, error) {
			rng := rand.New(rand.NewPCG(seed, 3))
			models := randomModels(rng)
			levels := make([]int, len(tab.QuasiIdentifiers()))
			for q := range levels {
				levels[q] = rng.IntN(tab.Levels(q) + 1)
			}
			rel := atLevels{tab, levels}
			want, err := kanon.FailingClassesByChecker(tab, rel, models...)
			if err != nil {
				return false, err
			}
			rep, err := kanon.Verify(tab, rel, models...)
			if err != nil {
				return false, err
			}
			got := map[int]bool{}
			for _, f := range rep.Failures {
				got[f.Rows[0]] = true
			}
			for row := range want {
				if !got[row] {
					return false, fmt.Errorf("%v at levels %v: the checker fails the class of row %d, Verify does not", models, levels, row)
				}
			}
			for row := range got {
				if !want[row] {
					return false, fmt.Errorf("%v at levels %v: Verify fails the class of row %d, the checker does not", models, levels, row)
				}
			}
			if rep.UntruthfulCells > 0 {
				return false, fmt.Errorf("levels %v: %d untruthful cells in a release by the hierarchies", levels, rep.UntruthfulCells)
			}
			return true, nil
		}, kanontest.Tables(shape), gen.UInt64())
		props := gopter.NewProperties(kanontest.Parameters(100))
		props.Property("Verify and the checker fail the same classes", p)
		props.TestingRun(t)
	}
}
