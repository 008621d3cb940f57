package kanon_test

import (
	"slices"
	"testing"

	"github.com/deidkit/deidkit/kanon"
)

// strings is a release given as strings: nil rows are suppressed.
type stringRelease [][]string

func (r stringRelease) Len() int                    { return len(r) }
func (r stringRelease) Suppressed(row int) bool     { return r[row] == nil }
func (r stringRelease) Released(row, qi int) string { return r[row][qi] }

// forgedTable has a quasi-identifier of each kind: numeric without a
// hierarchy, categorical with an explicit one, masked, numeric with
// decimal intervals, and dates.
func forgedTable(t *testing.T) *kanon.Table {
	t.Helper()
	edu, err := kanon.Tree(map[string]string{
		"Bachelors": "Higher", "Masters": "Higher", "HS-grad": "Secondary", "Some-college": "Secondary",
		"Higher": "*", "Secondary": "*",
	})
	if err != nil {
		t.Fatal(err)
	}
	zip, err := kanon.Masking(5)
	if err != nil {
		t.Fatal(err)
	}
	w, err := kanon.Intervals(0.001, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{
		{Name: "age", Type: kanon.Numeric},
		{Name: "education", Hierarchy: edu},
		{Name: "zip", Type: kanon.Categorical, Hierarchy: zip},
		{Name: "w", Type: kanon.Numeric, Hierarchy: w},
		{Name: "birth", Hierarchy: kanon.Dates("2006-01-02")},
	}}, [][]string{
		{"34", "Bachelors", "12345", "9.7", "1984-03-02"},
		{"36", "Masters", "12399", "9.7004", "1984-07-15"},
		{"51", "HS-grad", "13000", "0.25", "1971-11-30"},
		{"58", "Some-college", "13021", "0.2561", "1975-01-01"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// honest is a truthful 2-anonymous release of forgedTable.
func honest() stringRelease {
	return stringRelease{
		{"[34, 36]", "Higher", "123**", "[9.7, 9.71)", "1984"},
		{"[34, 36]", "Higher", "123**", "[9.7, 9.71)", "1984"},
		{"[51, 58]", "Secondary", "130**", "[0.25, 0.26)", "1970s"},
		{"[51, 58]", "Secondary", "130**", "[0.25, 0.26)", "1970s"},
	}
}

// TestVerifyRefusesForgedReleases changes cells of an honest release in
// ways that a faulty algorithm or a forger could: every one must be
// refused, as untruthful, as a class too small, or both.
func TestVerifyRefusesForgedReleases(t *testing.T) {
	tab := forgedTable(t)
	models := []kanon.Model{kanon.KAnonymity(2)}
	if rep, err := kanon.Verify(tab, honest(), models...); err != nil || !rep.Holds {
		t.Fatalf("honest release: %v %v", rep, err)
	}
	type cell struct {
		row, qi int
		value   string
	}
	cases := []struct {
		name       string
		cells      []cell
		untruthful bool // else a class fails
	}{
		{"a label of another branch", []cell{{0, 1, "Secondary"}, {1, 1, "Secondary"}}, true},
		{"a label of no hierarchy", []cell{{0, 1, "Graduate"}, {1, 1, "Graduate"}}, true},
		{"a reversed range", []cell{{0, 0, "[36, 34]"}, {1, 0, "[36, 34]"}}, true},
		{"a range open above", []cell{{0, 0, "[34, Inf]"}, {1, 0, "[34, Inf]"}}, true},
		{"a range open below", []cell{{0, 0, "[-Inf, 36]"}, {1, 0, "[-Inf, 36]"}}, true},
		{"a range without an upper bound", []cell{{0, 0, "[34, ]"}, {1, 0, "[34, ]"}}, true},
		{"an open interval", []cell{{0, 0, "(33, 37)"}, {1, 0, "(33, 37)"}}, true},
		{"a hexadecimal bound", []cell{{0, 0, "[0x1.1p5, 36]"}, {1, 0, "[0x1.1p5, 36]"}}, true},
		{"a range that misses the values", []cell{{0, 0, "[37, 40]"}, {1, 0, "[37, 40]"}}, true},
		{"an interval that ends at the value", []cell{{0, 3, "[9.699, 9.7)"}, {1, 3, "[9.699, 9.7)"}}, true},
		{"an interval just above the value", []cell{{0, 3, "[9.7000000000000001, 9.71)"}, {1, 3, "[9.7004000000000001, 9.71)"}}, true},
		{"a mask of another prefix", []cell{{0, 2, "124**"}, {1, 2, "124**"}}, true},
		{"a mask of another length", []cell{{0, 2, "123*"}, {1, 2, "123*"}}, true},
		{"another decade", []cell{{0, 4, "1990s"}, {1, 4, "1990s"}}, true},
		{"a class split by a trailing space", []cell{{1, 1, "Higher "}}, true},
		{"a class split by a trailing space in a truthful value", []cell{{1, 4, "1984-07"}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rel := honest()
			for _, x := range c.cells {
				rel[x.row][x.qi] = x.value
			}
			rep, err := kanon.Verify(tab, rel, models...)
			if err != nil {
				t.Fatal(err)
			}
			// Exactly the forged cells are untruthful, or none.
			var want []kanon.Cell
			if c.untruthful {
				for _, x := range c.cells {
					want = append(want, kanon.Cell{Row: x.row, QI: x.qi})
				}
			}
			if rep.Holds || !slices.Equal(rep.Untruthful, want) || (!c.untruthful && len(rep.Failures) == 0) {
				t.Errorf("report %v: untruthful %v, want %v; failures %+v", rep, rep.Untruthful, want, rep.Failures)
			}
		})
	}
}
