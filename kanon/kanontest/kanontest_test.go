package kanontest_test

import (
	"context"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func TestGenerators(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 50
	props := gopter.NewProperties(params)
	shape := kanontest.DefaultShape()
	props.Property("tables have the shape's rows and columns", prop.ForAll(func(tab *kanon.Table) bool {
		return tab.Len() >= 1 && tab.Len() <= 200 && len(tab.QuasiIdentifiers()) == 4 &&
			len(tab.Sensitive()) == 1 && tab.IsNumeric(0) && !tab.IsNumeric(1) && tab.Levels(1) == 3
	}, kanontest.Tables(shape)))
	values := []string{"a", "b", "c", "d", "e", "f", "g"}
	props.Property("hierarchies have the requested depth and cover the values", prop.ForAll(func(h *kanon.Hierarchy) bool {
		rows := make([][]string, len(values))
		for i, v := range values {
			rows[i] = []string{v}
		}
		tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "q", Type: kanon.Categorical, Hierarchy: h}}}, rows)
		return err == nil && h.Depth() == 4 && tab.Levels(0) == 4 && tab.Generalize(0, 0, 4) == "*"
	}, kanontest.Hierarchies(values, 4)))
	props.Property("cases draw k from 1 to the rows", prop.ForAll(func(c kanontest.Case) bool {
		return c.K >= 1 && c.K <= c.Table.Len()
	}, kanontest.Cases(shape, kanontest.Models{})))
	props.TestingRun(t)
}

func TestIndividualGenerators(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 50
	props := gopter.NewProperties(params)
	shape := kanontest.DefaultShape()
	shape.Individual = "user"
	shape.RowsPerIndividual = 5
	rowsOf := func(tab *kanon.Table) map[int][]int {
		rows := map[int][]int{}
		for r := range tab.Len() {
			rows[tab.IndividualOf(r)] = append(rows[tab.IndividualOf(r)], r)
		}
		return rows
	}
	sameQIs := func(tab *kanon.Table, rows []int) bool {
		for _, r := range rows {
			for q := range tab.QuasiIdentifiers() {
				if tab.Value(r, q) != tab.Value(rows[0], q) {
					return false
				}
			}
		}
		return true
	}
	props.Property("individuals have 1 to 5 rows sharing their quasi-identifiers", prop.ForAll(func(tab *kanon.Table) bool {
		people := rowsOf(tab)
		if tab.Individuals() != len(people) || tab.Individuals() < 1 {
			return false
		}
		for _, rows := range people {
			if len(rows) > 5 || !sameQIs(tab, rows) {
				return false
			}
		}
		return true
	}, kanontest.Tables(shape)))
	varying := shape
	varying.MinRows, varying.Varying = 100, 1
	props.Property("varying individuals change quasi-identifiers", prop.ForAll(func(tab *kanon.Table) bool {
		for _, rows := range rowsOf(tab) {
			if !sameQIs(tab, rows) {
				return true
			}
		}
		return false
	}, kanontest.Tables(varying)))
	props.Property("cases draw k from 1 to the individuals", prop.ForAll(func(c kanontest.Case) bool {
		return c.K >= 1 && c.K <= c.Table.Individuals()
	}, kanontest.Cases(shape, kanontest.Models{})))
	props.Property("Rows rebuild Table", prop.ForAll(func(n int, seed uint64) (bool, error) {
		rows, schema, err := kanontest.Rows(shape, n, seed)
		if err != nil {
			return false, err
		}
		a, err := kanon.NewTable(schema, rows)
		if err != nil {
			return false, err
		}
		b, err := kanontest.Table(shape, n, seed)
		if err != nil {
			return false, err
		}
		for r := range n {
			if a.IndividualOf(r) != b.IndividualOf(r) || a.Value(r, 0) != b.Value(r, 0) || a.SensitiveValue(r, 0) != b.SensitiveValue(r, 0) {
				return false, nil
			}
		}
		return a.Len() == n && b.Len() == n, nil
	}, gen.IntRange(1, 100), gen.UInt64()))
	props.TestingRun(t)
}

// broken releases the original values: the properties must reject it.
func broken(ctx context.Context, t *kanon.Table, cfg kanon.Config) (*kanon.Result, error) {
	cfg.Models = []kanon.Model{kanon.KAnonymity(1)}
	return kanon.Optimal(ctx, t, cfg)
}

func TestSatisfiesRejectsAWeakAlgorithm(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 50
	cases := kanontest.Cases(kanontest.DefaultShape(), kanontest.Models{K: 3})
	res := kanontest.Satisfies(broken, cases).Check(params)
	if res.Passed() {
		t.Fatal("Satisfies accepted releases that ignore k")
	}
}
