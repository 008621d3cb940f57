package kanon

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// rowsRelease is a release given as strings: nil rows are suppressed.
type rowsRelease [][]string

func (r rowsRelease) Len() int                    { return len(r) }
func (r rowsRelease) Suppressed(row int) bool     { return r[row] == nil }
func (r rowsRelease) Released(row, qi int) string { return r[row][qi] }

// splitTable has n rows of one categorical quasi-identifier (100 values,
// row%100) and a person (row%5000): Verify reads it in two halves.
func splitTable(t *testing.T, n int) (*Table, [][]string) {
	t.Helper()
	rows := make([][]string, n)
	for r := range rows {
		rows[r] = []string{fmt.Sprintf("v%d", r%100), fmt.Sprintf("p%d", r%5000)}
	}
	tab, err := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "a", Type: Categorical}}, Individual: "person"}, rows)
	if err != nil {
		t.Fatal(err)
	}
	return tab, rows
}

// TestVerifyCatchesViolationsInEitherHalf plants a class of one person
// and an untruthful cell in the first half of a table Verify reads in two
// halves, in the second, and a class of one person across both: each is
// reported, with its rows.
func TestVerifyCatchesViolationsInEitherHalf(t *testing.T) {
	const n = 3 << 16
	tab, rows := splitTable(t, n)
	mid := n / 2 &^ (prefaultRows - 1) // as verifyClasses splits it
	if mid <= 0 || mid >= n {
		t.Fatalf("the table is not read in halves (mid %d)", mid)
	}
	honest := func() rowsRelease {
		rel := make(rowsRelease, n)
		for r := range rel {
			rel[r] = []string{rows[r][0]}
		}
		return rel
	}
	if rep, err := Verify(tab, honest(), KAnonymity(2)); err != nil || !rep.Holds || rep.Classes != 100 {
		t.Fatalf("honest release: %v, %v", rep, err)
	}
	for _, tc := range []struct {
		name string
		rows []int // released as "*": one person's class
	}{
		{"first half", []int{10}},
		{"second half", []int{n - 10}},
		{"last row of the first half", []int{mid - 1}},
		{"first row of the second half", []int{mid}},
		{"across the halves", []int{10, 10 + 5000*((mid-10)/5000+1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rel := honest()
			for _, r := range tc.rows {
				rel[r] = []string{"*"}
			}
			rep, err := Verify(tab, rel, KAnonymity(2))
			if err != nil {
				t.Fatal(err)
			}
			if rep.Holds || len(rep.Failures) != 1 || rep.Classes != 101 || rep.Failures[0].Individuals != 1 {
				t.Fatalf("%d rows of one person released as a class: %v, failures %+v", len(tc.rows), rep, rep.Failures)
			}
			got := rep.Failures[0].Rows
			if !slices.Equal(got, tc.rows) {
				t.Fatalf("failing class rows %v, want %v", got, tc.rows)
			}
		})
	}
	for _, r := range []int{10, mid - 1, mid, n - 10} {
		rel := honest()
		rel[r] = []string{"v100"} // no row has it
		rep, err := Verify(tab, rel, KAnonymity(2))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Holds || rep.UntruthfulCells != 1 || !slices.Equal(rep.Untruthful, []Cell{{Row: r}}) {
			t.Fatalf("untruthful cell at row %d: %v, cells %v", r, rep, rep.Untruthful)
		}
	}
}

// TestVerifyClassesSplitAgrees checks that reading a release in two
// halves gives what one pass gives, class numbers included, wherever the
// halves meet, with class columns whose narrow numbers hold every class,
// only a half's, or fewer (then the halves give up for one pass).
func TestVerifyClassesSplitAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		n := 1 + r.IntN(400)
		values := 1 + r.IntN(30)
		rows := make([][]string, n)
		rel := make(rowsRelease, n)
		for row := range rows {
			v := fmt.Sprintf("v%d", r.IntN(values))
			rows[row] = []string{v, fmt.Sprintf("p%d", r.IntN(n/2+1))}
			switch x := r.IntN(20); {
			case x == 0:
				rel[row] = nil // suppressed
			case x == 1:
				rel[row] = []string{"*"}
			case x == 2:
				rel[row] = []string{"x"} // untruthful
			default:
				rel[row] = []string{v}
			}
		}
		tab, err := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "a", Type: Categorical}}, Individual: "person"}, rows)
		if err != nil {
			t.Fatal(err)
		}
		one := &Report{}
		oneCol := newClassColumn(n)
		want := verifyClassesSplit(tab, rel, one, oneCol, 0)
		for _, limit := range []int32{math.MaxUint16, int32(want.count()), int32(want.count() / 2), 1} {
			for _, mid := range []int{1, n / 3, n / 2, n - 1} {
				rep := &Report{}
				col := newClassColumn(n)
				col.limit = limit
				got := verifyClassesSplit(tab, rel, rep, col, mid)
				if !slices.Equal(got.start, want.start) || rep.Suppressed != one.Suppressed ||
					rep.UntruthfulCells != one.UntruthfulCells || !slices.Equal(rep.Untruthful, one.Untruthful) {
					t.Fatalf("trial %d, limit %d, mid %d: classes %v, %+v; one pass: %v, %+v", trial, limit, mid, got.start, rep, want.start, one)
				}
				for row := range n {
					if a, b := classAt(col, row), classAt(oneCol, row); a != b {
						t.Fatalf("trial %d, limit %d, mid %d: row %d in class %d, one pass %d", trial, limit, mid, row, a, b)
					}
				}
				col.free()
			}
		}
		oneCol.free()
	}
}

// classAt is the class of row in cc, -1 when suppressed.
func classAt(cc *classColumn, row int) int32 {
	if cc.wide != nil {
		return cc.wide[row]
	}
	return int32(cc.narrow[row]) - 1
}
