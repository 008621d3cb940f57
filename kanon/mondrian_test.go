package kanon

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestMondrianUnsatisfiable(t *testing.T) {
	tab := modelTable(t, Categorical, "a", "a", "b")
	cases := []struct {
		name   string
		models []Model
	}{
		{"k above rows", []Model{KAnonymity(4)}},
		{"l above distinct values", []Model{KAnonymity(1), DistinctLDiversity(3)}},
	}
	for _, c := range cases {
		for _, alg := range []func(context.Context, *Table, Config) (*Result, error){Mondrian, Optimal} {
			if _, err := alg(context.Background(), tab, Config{Models: c.models}); !errors.Is(err, ErrUnsatisfiable) {
				t.Errorf("%s: err = %v, want ErrUnsatisfiable", c.name, err)
			}
		}
	}
}

func TestCancellation(t *testing.T) {
	tab := loadAdult(t, "adult_subset.csv")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, alg := range []struct {
		name string
		run  func(context.Context, *Table, Config) (*Result, error)
	}{{"Mondrian", Mondrian}, {"Optimal", Optimal}} {
		_, err := alg.run(ctx, tab, Config{Models: []Model{KAnonymity(2)}})
		if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrCanceled) {
			t.Errorf("%s: err = %v, want context.Canceled and ErrCanceled", alg.name, err)
		}
	}
}

func TestSuppressionOutOfRange(t *testing.T) {
	tab := modelTable(t, Categorical, "a", "a", "b")
	for _, s := range []float64{-0.1, 1.5, math.NaN(), math.Inf(1)} {
		for name, alg := range map[string]func(context.Context, *Table, Config) (*Result, error){"Mondrian": Mondrian, "Optimal": Optimal} {
			if _, err := alg(context.Background(), tab, Config{Models: []Model{KAnonymity(1)}, Suppression: s}); !errors.Is(err, ErrConfig) {
				t.Errorf("%s, suppression %g: err = %v, want ErrConfig", name, s, err)
			}
		}
	}
}

// TestNoHierarchies is the research export's setting: flags name the
// quasi-identifiers and nothing else, so numeric ones become ranges and
// categorical ones generalize to "*".
func TestNoHierarchies(t *testing.T) {
	in := "year,sex,zip3,dx\n" +
		"1980,F,123,flu\n1981,F,123,cold\n1983,F,124,flu\n1984,M,124,asthma\n" +
		"1990,M,125,flu\n1991,M,125,cold\n1992,F,126,flu\n1999,M,126,cold\n"
	tab, err := ReadCSV(strings.NewReader(in), CSVOptions{Schema: Schema{
		QuasiIdentifiers: []Attribute{{Name: "year"}, {Name: "sex"}, {Name: "zip3", Type: Categorical}},
		Sensitive:        []string{"dx"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Models: []Model{KAnonymity(2), DistinctLDiversity(2)}}
	for _, alg := range []struct {
		name string
		run  func(context.Context, *Table, Config) (*Result, error)
	}{{"Mondrian", Mondrian}, {"Optimal", Optimal}} {
		res, err := alg.run(context.Background(), tab, cfg)
		if err != nil {
			t.Fatalf("%s: %v", alg.name, err)
		}
		rep, err := Verify(tab, res, cfg.Models...)
		if err != nil || !rep.Holds {
			t.Fatalf("%s: %v %v", alg.name, rep, err)
		}
		for row, vals := range res.Rows() {
			for q, v := range vals {
				if string(res.AppendReleased(nil, row, q)) != v {
					t.Fatalf("AppendReleased differs from Released")
				}
				if q == 1 && v != "F" && v != "M" && v != "*" {
					t.Errorf("%s: sex released as %q", alg.name, v)
				}
			}
		}
		m := res.Metrics()
		if m.K < 2 || m.L < 2 {
			t.Errorf("%s: achieved k=%d l=%d", alg.name, m.K, m.L)
		}
	}
	res, _ := Mondrian(context.Background(), tab, cfg)
	if got := res.Released(0, 0); !strings.HasPrefix(got, "[1980, ") {
		t.Errorf("year of row 0 released as %q, want a range from 1980", got)
	}
}

func TestReleasedFormats(t *testing.T) {
	tab := loadAdult(t, "adult_subset.csv")
	res, err := Mondrian(context.Background(), tab, Config{Models: []Model{KAnonymity(5)}})
	if err != nil {
		t.Fatal(err)
	}
	var kinds [3]bool // original value, range, hierarchy label
	for row := range tab.Len() {
		for q := range tab.QuasiIdentifiers() {
			v := res.Released(row, q)
			if string(res.AppendReleased(nil, row, q)) != v {
				t.Fatalf("row %d: AppendReleased differs", row)
			}
			switch {
			case v == tab.Value(row, q):
				kinds[0] = true
			case strings.HasPrefix(v, "["):
				kinds[1] = true
			default:
				kinds[2] = true
			}
		}
	}
	if kinds != [3]bool{true, true, true} {
		t.Errorf("release lacks some kind of value: %v", kinds)
	}
	// The iterator can stop early.
	n := 0
	for range res.Rows() {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("iterator yielded %d", n)
	}
}

func TestOptimalSuppressedRows(t *testing.T) {
	tab := loadAdult(t, "adult_subset.csv")
	res, err := Optimal(context.Background(), tab, Config{Models: []Model{KAnonymity(5)}, Suppression: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for row, vals := range res.Rows() {
		if res.Suppressed(row) {
			n++
			if vals != nil || res.Released(row, 0) != "*" || res.Class(row) != -1 {
				t.Fatalf("suppressed row %d released", row)
			}
		}
	}
	if n != res.SuppressedRows() || n == 0 || n > tab.Len()/20 {
		t.Errorf("suppressed %d rows, SuppressedRows %d", n, res.SuppressedRows())
	}
	if lv := res.Levels(); len(lv) != 8 || slices.Max(lv) == 0 {
		t.Errorf("levels %v", lv)
	}
}

// TestMondrianReleasesTightValues checks that each class's released values
// are the tightest truthful ones: the exact range of its numeric values and
// the lowest hierarchy node shared by its categorical values.
func TestMondrianReleasesTightValues(t *testing.T) {
	tab := loadAdult(t, "adult_subset.csv")
	for _, relaxed := range []bool{false, true} {
		res, err := Mondrian(context.Background(), tab, Config{Models: []Model{KAnonymity(4)}, Relaxed: relaxed})
		if err != nil {
			t.Fatal(err)
		}
		members := map[int][]int{}
		for row := range tab.Len() {
			members[res.Class(row)] = append(members[res.Class(row)], row)
		}
		for _, rows := range members {
			for q := range tab.QuasiIdentifiers() {
				got := res.Released(rows[0], q)
				var want string
				if tab.IsNumeric(q) {
					lo, hi := rows[0], rows[0]
					for _, r := range rows {
						if tab.qi[q].dom.nums[tab.qi[q].codes[r]] < tab.qi[q].dom.nums[tab.qi[q].codes[lo]] {
							lo = r
						}
						if tab.qi[q].dom.nums[tab.qi[q].codes[r]] > tab.qi[q].dom.nums[tab.qi[q].codes[hi]] {
							hi = r
						}
					}
					want = "[" + tab.Value(lo, q) + ", " + tab.Value(hi, q) + "]"
					if tab.Value(lo, q) == tab.Value(hi, q) {
						want = tab.Value(lo, q)
					}
				} else {
					for level := 0; level <= tab.Levels(q); level++ {
						label := tab.Generalize(rows[0], q, level)
						shared := true
						for _, r := range rows {
							shared = shared && tab.Generalize(r, q, level) == label
						}
						if shared {
							want = label
							break
						}
					}
				}
				if got != want {
					t.Fatalf("relaxed=%v: class of row %d releases %q for %s, want %q", relaxed, rows[0], got, tab.QuasiIdentifiers()[q], want)
				}
				for _, r := range rows {
					if res.Released(r, q) != got {
						t.Fatalf("rows %d and %d of one class differ", rows[0], r)
					}
				}
			}
		}
	}
}

// TestMondrianCompaction runs Mondrian with a tiny cache so that partitions
// are copied into nested compact views, and checks that the release is the
// same as without copies.
func TestMondrianCompaction(t *testing.T) {
	tab := loadAdult(t, "adult_subset.csv")
	cases := []Config{
		{Models: []Model{KAnonymity(3)}},
		{Models: []Model{KAnonymity(2), DistinctLDiversity(2)}},
		{Models: []Model{KAnonymity(5)}, Relaxed: true},
	}
	for _, cfg := range cases {
		compacted(t, tab, cfg)
	}
}

// compacted runs cfg on tab with a cache small enough that partitions are
// copied into nested compact views, checks that the release is the one
// without copies and that it verifies, and returns it.
func compacted(t *testing.T, tab *Table, cfg Config) *Result {
	t.Helper()
	want, err := mondrianWith(context.Background(), tab, cfg, 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	got, err := mondrianWith(context.Background(), tab, cfg, 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	for row := range tab.Len() {
		for q := range tab.QuasiIdentifiers() {
			if got.Released(row, q) != want.Released(row, q) {
				t.Fatalf("%v: row %d released %q with compaction, %q without", cfg.Models, row, got.Released(row, q), want.Released(row, q))
			}
		}
	}
	if rep, err := Verify(tab, got, cfg.Models...); err != nil || !rep.Holds {
		t.Fatalf("%v: %v %v", cfg.Models, rep, err)
	}
	return got
}

// TestMondrianTwins splits the children of one node into two groups of
// two: both sides release the node, so the release has one class, and the
// result must say so.
func TestMondrianTwins(t *testing.T) {
	h, err := Tree(map[string]string{"c1": "X", "c2": "X", "c3": "X", "c4": "X"})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "q", Hierarchy: h}}},
		[][]string{{"c1"}, {"c2"}, {"c3"}, {"c4"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, relaxed := range []bool{false, true} {
		cfg := Config{Models: []Model{KAnonymity(2)}, Relaxed: relaxed}
		res, err := Mondrian(context.Background(), tab, cfg)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Verify(tab, res, cfg.Models...)
		if err != nil || !rep.Holds {
			t.Fatalf("%v %v", rep, err)
		}
		m := res.Metrics()
		if res.Classes() != 1 || rep.Classes != 1 || m.Classes != 1 || m.Discernibility != 16 || m.CAvg != 2 || m.ProsecutorAvg != 0.25 {
			t.Errorf("relaxed=%v: Classes()=%d, Verify finds %d, metrics %+v; want one class of 4 rows", relaxed, res.Classes(), rep.Classes, m)
		}
		for row := range tab.Len() {
			if res.Class(row) != 0 || res.Released(row, 0) != "X" {
				t.Errorf("relaxed=%v: row %d in class %d released %q", relaxed, row, res.Class(row), res.Released(row, 0))
			}
		}
	}
}

// TestUnsatisfiableSaysWhy checks that the error of a table no release
// can satisfy gives the counts and what to change, and no cell value.
func TestUnsatisfiableSaysWhy(t *testing.T) {
	s := Schema{QuasiIdentifiers: []Attribute{{Name: "zip"}}, Sensitive: []string{"dx"}}
	var rows [][]string
	for i := range 7 {
		rows = append(rows, []string{"zip-secret", []string{"flu-secret", "asthma-secret"}[i%2]})
	}
	tab, err := NewTable(s, rows)
	if err != nil {
		t.Fatal(err)
	}
	s.Individual = "user"
	for i := range rows {
		rows[i] = append(rows[i], "u"+strconv.Itoa(i%3))
	}
	people, err := NewTable(s, rows)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		tab    *Table
		models []Model
		want   []string
	}{
		{"k", tab, []Model{KAnonymity(10)}, []string{"10-anonymity: 7 rows, 10 needed", "lower k"}},
		{"k in people", people, []Model{KAnonymity(10)}, []string{"3 individuals (in 7 rows), 10 needed"}},
		{"l", tab, []Model{KAnonymity(2), DistinctLDiversity(3)}, []string{`"dx" has 2 distinct values, 3 needed`, "lower l"}},
		{"entropy", tab, []Model{EntropyLDiversity(2.5)}, []string{`"dx" has the entropy of 1.98 equally frequent values, 2.5 needed`}},
	}
	for _, c := range cases {
		_, err := Mondrian(context.Background(), c.tab, Config{Models: c.models})
		if !errors.Is(err, ErrUnsatisfiable) {
			t.Fatalf("%s: err = %v", c.name, err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", c.name, err, w)
			}
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: %q names a value", c.name, err)
		}
	}
}
