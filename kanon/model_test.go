package kanon

import (
	"errors"
	"math"
	"strconv"
	"testing"
)

// modelTable has one sensitive attribute with the given values.
func modelTable(t *testing.T, typ Type, sens ...string) *Table {
	t.Helper()
	rows := make([][]string, len(sens))
	for i, s := range sens {
		rows[i] = []string{"x", s}
	}
	tab, err := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "q"}}, Sensitive: []string{"s"}, SensitiveTypes: []Type{typ}}, rows)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestModels(t *testing.T) {
	// The table's sensitive values: a a b c (numeric: 1 1 2 3).
	cat := modelTable(t, Categorical, "a", "a", "b", "c")
	num := modelTable(t, Numeric, "1", "1", "2", "3")
	cases := []struct {
		name  string
		tab   *Table
		model Model
		rows  []int32 // the class
		want  bool
	}{
		{"k holds", cat, KAnonymity(2), []int32{0, 1}, true},
		{"k fails", cat, KAnonymity(3), []int32{0, 1}, false},
		{"distinct 2 holds", cat, DistinctLDiversity(2), []int32{0, 2}, true},
		{"distinct 2 fails", cat, DistinctLDiversity(2), []int32{0, 1}, false},
		// a a b: entropy = -(2/3 ln 2/3 + 1/3 ln 1/3) = 0.6365 < ln 2.
		{"entropy 1.8 holds", cat, EntropyLDiversity(1.8), []int32{0, 1, 2}, true},
		{"entropy 2 fails", cat, EntropyLDiversity(2), []int32{0, 1, 2}, false},
		{"entropy 2 on a b", cat, EntropyLDiversity(2), []int32{0, 2}, true},
		// a a b c: r1 = 2, l = 2: tail r2+r3 = 2; (3,2) holds 2 < 6; (1,2) fails 2 < 2.
		{"recursive (3,2) holds", cat, RecursiveCLDiversity(3, 2), []int32{0, 1, 2, 3}, true},
		{"recursive (1,2) fails", cat, RecursiveCLDiversity(1, 2), []int32{0, 1, 2, 3}, false},
		{"recursive needs l values", cat, RecursiveCLDiversity(10, 3), []int32{0, 2}, false},
		// Table a:1/2 b:1/4 c:1/4; class a a: (|1-1/2| + 1/4 + 1/4)/2 = 0.5.
		{"equal distance 0.5 holds", cat, TCloseness(0.5), []int32{0, 1}, true},
		{"equal distance 0.49 fails", cat, TCloseness(0.49), []int32{0, 1}, false},
		// Ordered: class 1 1 vs table (1/2, 1/4, 1/4): cumulative 1/2, 1/4, 0 → 0.75/2 = 0.375.
		{"ordered 0.375 holds", num, TCloseness(0.375), []int32{0, 1}, true},
		{"ordered 0.37 fails", num, TCloseness(0.37), []int32{0, 1}, false},
		{"whole table is 0-close", num, TCloseness(0), []int32{0, 1, 2, 3}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkHolds(t, c.tab, c.model, c.rows, c.want)
		})
	}
}

func TestEMDValues(t *testing.T) {
	num := modelTable(t, Numeric, "1", "2", "3")
	chk, err := newChecker(num, []Model{TCloseness(1)})
	if err != nil {
		t.Fatal(err)
	}
	h := chk.newHist()
	chk.addRows(h, []int32{0})
	// Class all at the lowest of three equally likely values: (2/3 + 1/3)/2.
	if d := chk.emd(0, h); math.Abs(d-0.5) > 1e-12 {
		t.Errorf("emd = %g, want 0.5", d)
	}
}

func TestModelValidation(t *testing.T) {
	tab := modelTable(t, Categorical, "a")
	noSens, err := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "q"}}}, [][]string{{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		tab    *Table
		models []Model
	}{
		{"no model", tab, nil},
		{"nil model", tab, []Model{nil}},
		{"k 0", tab, []Model{KAnonymity(0)}},
		{"l 0", tab, []Model{DistinctLDiversity(0)}},
		{"entropy NaN", tab, []Model{EntropyLDiversity(math.NaN())}},
		{"recursive c 0", tab, []Model{RecursiveCLDiversity(0, 2)}},
		{"t negative", tab, []Model{TCloseness(-0.1)}},
		{"l without sensitive attribute", noSens, []Model{DistinctLDiversity(2)}},
	}
	for _, c := range cases {
		if _, err := newChecker(c.tab, c.models); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", c.name, err)
		}
	}
}

// TestHoldsDoesNotAllocate checks every model on a class without
// allocating: Optimal and Mondrian check many classes per run.
func TestHoldsDoesNotAllocate(t *testing.T) {
	// Twenty distinct values: more than fits a small stack buffer.
	var catVals, numVals []string
	for i := range 40 {
		catVals = append(catVals, "v"+strconv.Itoa(i%20))
		numVals = append(numVals, strconv.Itoa(i%20))
	}
	cat := modelTable(t, Categorical, catVals...)
	num := modelTable(t, Numeric, numVals...)
	class := make([]int32, 40)
	for i := range class {
		class[i] = int32(i)
	}
	cases := []struct {
		tab   *Table
		model Model
	}{
		{cat, KAnonymity(2)},
		{cat, DistinctLDiversity(2)},
		{cat, EntropyLDiversity(2)},
		{cat, RecursiveCLDiversity(3, 2)},
		{cat, TCloseness(0.5)},
		{num, TCloseness(0.5)},
	}
	for _, c := range cases {
		chk, h := classHist(t, c.tab, c.model, class)
		if allocs := testing.AllocsPerRun(100, func() { chk.holds(h) }); allocs != 0 {
			t.Errorf("%v: %g allocations per check", c.model, allocs)
		}
	}
}

// classHist returns the checker of model on tab and the histogram of one
// class made of rows, as the algorithms build them.
func classHist(t *testing.T, tab *Table, model Model, rows []int32) (*checker, *hist) {
	t.Helper()
	chk, err := newChecker(tab, []Model{model})
	if err != nil {
		t.Fatal(err)
	}
	h := chk.newHist()
	chk.addRows(h, rows)
	return chk, h
}

// checkHolds checks that model holds on the class made of rows exactly
// when want says so, and that the checker's explanation agrees.
func checkHolds(t *testing.T, tab *Table, model Model, rows []int32, want bool) {
	t.Helper()
	chk, h := classHist(t, tab, model, rows)
	if got := chk.holds(h); got != want {
		t.Errorf("holds = %v, want %v", got, want)
	}
	if got := chk.explain(h) == ""; got != want {
		t.Errorf("explain disagrees with holds: %q", chk.explain(h))
	}
}
