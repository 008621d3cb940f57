package cuts

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A testRow is a record of a partition: its codes and its person.
type testRow struct {
	codes  []int32
	person int
}

// refCut is Mondrian's choice of cut computed from the rows themselves,
// independently of the aggregated statistics that Decide works from: the
// widest quasi-identifier first, the median key by sorting the rows, the
// people on each side counted directly. It returns the rows that go left,
// or nil when the partition stays whole.
func refCut(rows []testRow, doms []*Domain, k int, maxRows int) []bool {
	n := len(rows)
	if n <= maxRows || n < 2*k {
		return nil
	}
	type cand struct {
		q   int
		w   float64
		lvl int // index of the lowest common label, -1 for numbers or one value
	}
	var order []cand
	for q, d := range doms {
		lo, hi := rows[0].codes[q], rows[0].codes[q]
		for _, r := range rows {
			lo, hi = min(lo, r.codes[q]), max(hi, r.codes[q])
		}
		if lo == hi {
			continue
		}
		if d.Numeric {
			order = append(order, cand{q, (d.nums[hi] - d.nums[lo]) / (d.nums[len(d.nums)-1] - d.nums[0]), -1})
			continue
		}
		j := 0
		for d.Labels[lo][j] != d.Labels[hi][j] {
			j++
		}
		under := 0
		for _, l := range d.Labels {
			if l[j] == d.Labels[lo][j] {
				under++
			}
		}
		order = append(order, cand{q, float64(under) / float64(len(d.Values)), j})
	}
	slices.SortStableFunc(order, func(a, b cand) int {
		switch {
		case a.w > b.w:
			return -1
		case a.w < b.w:
			return 1
		}
		return 0
	})
	for _, c := range order {
		d := doms[c.q]
		// keyOf ranks a code's key: the code, or the rank of its label
		// one level below the common one.
		keyOf := func(code int32) int {
			if c.lvl <= 0 {
				return int(code)
			}
			label := d.Labels[code][c.lvl-1]
			for first, l := range d.Labels {
				if l[c.lvl-1] == label {
					return first
				}
			}
			panic("unreachable")
		}
		keys := make([]int, n)
		for i, r := range rows {
			keys[i] = keyOf(r.codes[c.q])
		}
		sorted := slices.Sorted(slices.Values(keys))
		v := sorted[n/2]
		eqLo, eqHi := 0, 0
		for _, x := range keys {
			if x < v {
				eqLo++
			}
			if x <= v {
				eqHi++
			}
		}
		edges := []int{eqLo, eqHi}
		if n/2-eqLo > eqHi-n/2 {
			edges = []int{eqHi, eqLo}
		}
		for _, e := range edges {
			if e < k || n-e < k {
				continue
			}
			left := make([]bool, n)
			lp, rp := map[int]bool{}, map[int]bool{}
			for i, x := range keys {
				if x < v || (e == eqHi && x == v) {
					left[i] = true
					lp[rows[i].person] = true
				} else {
					rp[rows[i].person] = true
				}
			}
			if len(lp) >= k && len(rp) >= k {
				return left
			}
		}
	}
	return nil
}

// statsOf aggregates rows as the pipeline does: per person, then per
// partition.
func statsOf(rows []testRow, doms []*Domain) Stats {
	off, size := Offsets(doms)
	st := NewStats(size)
	byPerson := map[int][]Unit{}
	var people []int
	for _, r := range rows {
		if _, ok := byPerson[r.person]; !ok {
			people = append(people, r.person)
		}
		byPerson[r.person] = AddUnit(byPerson[r.person], Unit{Codes: r.codes, Rows: 1})
	}
	for _, p := range people {
		st.AddPerson(byPerson[p], off)
	}
	return st
}

func testDomains(r *rand.Rand) []*Domain {
	var years, zips, sexes, heights []string
	for y := 1930 + r.IntN(30); y < 2010; y += 1 + r.IntN(4) {
		years = append(years, strconv.Itoa(y))
	}
	years = append(years, "90+")
	for range 5 + r.IntN(30) {
		zips = append(zips, fmt.Sprintf("%03d", r.IntN(1000)))
	}
	zips = append(zips, "000")
	sexes = []string{"F", "M", "X"}
	for range 3 + r.IntN(40) {
		heights = append(heights, strconv.Itoa(140+r.IntN(60)))
	}
	uniq := func(s []string) []string { return slices.Compact(slices.Sorted(slices.Values(s))) }
	return []*Domain{
		testDomain("year", deid.Year, uniq(years)),
		testDomain("zip", deid.ZIP3, uniq(zips)),
		testDomain("sex", deid.Keep, sexes),
		testDomain("height", deid.Keep, uniq(heights)),
	}
}

// TestDecideIsMondriansCut checks on random partitions that the cut chosen
// from aggregated statistics is the one Mondrian chooses from the rows:
// same quasi-identifier, same rows on each side, and no cut exactly when
// Mondrian makes none (the people counted on either side included).
func TestDecideIsMondriansCut(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cuts := 0
	for trial := range 400 {
		doms := testDomains(r)
		off, _ := Offsets(doms)
		people := 1 + r.IntN(60)
		var rows []testRow
		for p := range people {
			base := make([]int32, len(doms))
			for q, d := range doms {
				base[q] = int32(r.IntN(len(d.Values)))
			}
			for range 1 + r.IntN(6) {
				codes := slices.Clone(base)
				if r.IntN(8) == 0 { // someone who moved
					q := r.IntN(len(doms))
					codes[q] = int32(r.IntN(len(doms[q].Values)))
				}
				rows = append(rows, testRow{codes, p})
			}
		}
		k := 2 + r.IntN(6)
		maxRows := r.IntN(len(rows))
		st := statsOf(rows, doms)
		got := Decide(&st, doms, off, k, int64(maxRows))
		want := refCut(rows, doms, k, maxRows)
		if got.Rows != int64(len(rows)) || got.People != int64(people) {
			t.Fatalf("trial %d: counted %d rows and %d people, want %d and %d", trial, got.Rows, got.People, len(rows), people)
		}
		if (got.QI >= 0) != (want != nil) {
			t.Fatalf("trial %d: Decide cut %v, reference cut %v", trial, got.QI >= 0, want != nil)
		}
		if want == nil {
			continue
		}
		cuts++
		for i, row := range rows {
			if left := row.codes[got.QI] < got.Threshold; left != want[i] {
				t.Fatalf("trial %d: row %d goes left=%v, reference %v", trial, i, left, want[i])
			}
		}
	}
	if cuts < 100 {
		t.Fatalf("only %d of 400 random partitions were cut: the test exercises too little", cuts)
	}
}

// TestCutTreeRounds checks that applying decisions round after round
// routes every combination to exactly one partition and closes the
// partitions that get no Decision.
func TestCutTreeRounds(t *testing.T) {
	tree := NewTree()
	tree = tree.Apply([]Decision{{Leaf: 0, Cut: Node{QI: 0, Threshold: 5, Rows: 100, People: 50}}})
	tree = tree.Apply([]Decision{
		{Leaf: 1, Cut: Node{QI: 1, Threshold: 2}},
		{Leaf: 2, Cut: Node{QI: -1, Rows: 40}},
	})
	leaves, open := tree.Leaves()
	if len(leaves) != 3 || open != 2 {
		t.Fatalf("leaves %v, %d open", leaves, open)
	}
	for _, tc := range []struct {
		codes []int32
		want  int32
	}{{[]int32{0, 0}, 3}, {[]int32{4, 2}, 4}, {[]int32{5, 0}, 2}, {[]int32{9, 9}, 2}} {
		if got := tree.Leaf(tc.codes); got != tc.want {
			t.Errorf("leaf(%v) = %d, want %d", tc.codes, got, tc.want)
		}
	}
	if tree.Open(2) || !tree.Nodes[2].Final || tree.Nodes[2].Rows != 40 {
		t.Errorf("partition 2 should be final with 40 rows: %+v", tree.Nodes[2])
	}
	// A round in which open partitions got no rows closes them.
	tree = tree.Apply(nil)
	if _, open := tree.Leaves(); open != 0 {
		t.Errorf("%d partitions still open after an empty round", open)
	}
}
