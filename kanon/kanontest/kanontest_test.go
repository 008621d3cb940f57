package kanontest_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func TestGenerators(t *testing.T) {
	params := kanontest.Parameters(50)
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
	zip, err := kanon.NewHierarchy([][]string{{"13053", "130**", "*"}, {"13068", "130**", "*"}, {"14850", "148**", "*"}})
	if err != nil {
		t.Fatal(err)
	}
	own := kanontest.Shape{QuasiIdentifiers: []kanontest.Column{
		{Name: "zip", Hierarchy: zip, Domain: zip.Values()},
		{Name: "year", Numeric: true, Domain: []string{"1971", "1988"}},
	}, Sensitive: []kanontest.Column{{Name: "dx", Domain: []string{"flu", "asthma"}}}}
	props.Property("columns draw from their own values and keep their own hierarchy", prop.ForAll(func(tab *kanon.Table) bool {
		for r := range tab.Len() {
			if !slices.Contains(zip.Values(), tab.Value(r, 0)) || !slices.Contains([]string{"1971", "1988"}, tab.Value(r, 1)) ||
				!slices.Contains([]string{"flu", "asthma"}, tab.SensitiveValue(r, 0)) || tab.Generalize(r, 0, 1) != tab.Value(r, 0)[:3]+"**" {
				return false
			}
		}
		return tab.Levels(0) == 2 && tab.IsNumeric(1)
	}, kanontest.Tables(own)))
	props.TestingRun(t)
}

func TestIndividualGenerators(t *testing.T) {
	params := kanontest.Parameters(50)
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
	params := kanontest.Parameters(50)
	cases := kanontest.Cases(kanontest.DefaultShape(), kanontest.Models{K: 3})
	res := kanontest.Satisfies(broken, cases).Check(params)
	if res.Passed() {
		t.Fatal("Satisfies accepted releases that ignore k")
	}
}

// noSuppression runs Optimal without its suppression: it returns
// ErrUnsatisfiable where only suppression would satisfy the models.
func noSuppression(ctx context.Context, t *kanon.Table, cfg kanon.Config) (*kanon.Result, error) {
	cfg.Suppression = 0
	return kanon.Optimal(ctx, t, cfg)
}

func TestSatisfiesFullDomainRejectsAnUnjustifiedUnsatisfiable(t *testing.T) {
	params := kanontest.Parameters(100)
	shape := kanontest.DefaultShape()
	shape.Sensitive = []kanontest.Column{{Name: "diagnosis", Values: 3}}
	// The whole table of three skewed values is often less diverse than
	// entropy 2.5-diversity asks, while some of its classes are not.
	cases := kanontest.Cases(shape, kanontest.Models{K: 2, Extra: []kanon.Model{kanon.EntropyLDiversity(2.5)}, Suppression: 0.5})
	// About one case in seven needs suppression: the 20 cases that
	// Parameters runs under the race detector all missed it in about one
	// run in twenty, and the check failed by chance. 100 cases miss it in
	// fewer than one run in a million.
	all := kanontest.Parameters(100)
	all.MinSuccessfulTests = 100
	if res := kanontest.SatisfiesFullDomain(noSuppression, cases).Check(all); res.Passed() {
		t.Fatal("SatisfiesFullDomain accepted ErrUnsatisfiable where suppression satisfies the models")
	}
	if res := kanontest.SatisfiesFullDomain(kanon.Optimal, cases).Check(params); !res.Passed() {
		t.Fatalf("SatisfiesFullDomain rejected Optimal: %v", res.Status)
	}
}

func TestFullDomain(t *testing.T) {
	s := kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "age", Type: kanon.Numeric}}, Sensitive: []string{"dx"}}
	h, err := kanon.Intervals(10)
	if err != nil {
		t.Fatal(err)
	}
	s.QuasiIdentifiers[0].Hierarchy = h
	tab, err := kanon.NewTable(s, [][]string{{"21", "a"}, {"25", "b"}, {"34", "a"}, {"38", "a"}, {"52", "c"}})
	if err != nil {
		t.Fatal(err)
	}
	models := []kanon.Model{kanon.KAnonymity(2), kanon.DistinctLDiversity(2)}
	cases := []struct {
		levels     []int
		released   []string // "*" when suppressed
		suppressed int
	}{
		{[]int{0}, []string{"*", "*", "*", "*", "*"}, 5},
		{[]int{1}, []string{"[20, 30)", "[20, 30)", "*", "*", "*"}, 3},
		{[]int{2}, []string{"*", "*", "*", "*", "*"}, 0},
	}
	for _, c := range cases {
		rel, n, err := kanontest.FullDomain(tab, c.levels, models...)
		if err != nil {
			t.Fatal(err)
		}
		if n != c.suppressed {
			t.Errorf("levels %v: %d suppressed, want %d", c.levels, n, c.suppressed)
		}
		for row, want := range c.released {
			if got := rel.Released(row, 0); got != want || rel.Suppressed(row) != (want == "*" && c.suppressed > 0) {
				t.Errorf("levels %v, row %d: released %q (suppressed %v), want %q", c.levels, row, got, rel.Suppressed(row), want)
			}
		}
	}
	for _, levels := range [][]int{{3}, {-1}, {0, 0}} {
		if _, _, err := kanontest.FullDomain(tab, levels, models...); err == nil || !strings.HasPrefix(err.Error(), "kanontest: ") {
			t.Errorf("levels %v: err = %v, want an error of package kanontest", levels, err)
		}
	}
}

func TestMetricsOf(t *testing.T) {
	s := kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "age", Type: kanon.Numeric}, {Name: "sex"}}, Sensitive: []string{"dx"}}
	tab, err := kanon.NewTable(s, [][]string{{"20", "F", "a"}, {"30", "F", "b"}, {"40", "M", "a"}, {"50", "M", "a"}, {"60", "M", "c"}})
	if err != nil {
		t.Fatal(err)
	}
	// Two classes of two rows, one suppressed row.
	rel := release{
		{"[20, 30]", "F"}, {"[20, 30]", "F"}, {"[40, 50]", "*"}, {"[40, 50]", "*"}, nil,
	}
	m, err := kanontest.MetricsOf(tab, rel, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Age ranges cost 10/40 each; "*" for sex costs 1; the suppressed row
	// costs 2 cells.
	ncp := 100 * (4*0.25 + 2*1 + 2) / 10
	want := kanon.Metrics{Rows: 5, Classes: 2, Suppressed: 1, K: 2, MinClassRows: 2, L: 1,
		NCP: ncp, Discernibility: 4 + 4 + 5, CAvg: 1, ProsecutorMax: 0.5, ProsecutorAvg: 0.5}
	if m != want {
		t.Errorf("MetricsOf = %+v, want %+v", m, want)
	}
	rel[0] = []string{"[20, 25]", "F"} // 30 is not in it, and 20 alone is another class
	rel[1] = []string{"[25, 30]", "F"}
	if _, err := kanontest.MetricsOf(tab, rel, 2); err != nil {
		t.Errorf("ranges of one row each: %v", err)
	}
	rel[0] = []string{"F", "F"}
	if _, err := kanontest.MetricsOf(tab, rel, 2); err == nil {
		t.Error("an untruthful value was measured")
	}
}

// release is a release given as strings: nil rows are suppressed.
type release [][]string

func (r release) Len() int                    { return len(r) }
func (r release) Suppressed(row int) bool     { return r[row] == nil }
func (r release) Released(row, qi int) string { return r[row][qi] }
