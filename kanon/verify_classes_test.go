package kanon

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestVerifiedClassesEach checks that every batch size gives each class
// its rows, in table order, class after class, suppressed rows in none,
// from a class column of two or four bytes a row or widened on the way.
func TestVerifiedClassesEach(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n, classes := r.IntN(300), 1+r.IntN(20)
		classOf := make([]int32, n)
		want := make([][]int32, classes)
		for row := range classOf {
			c := int32(r.IntN(classes+1)) - 1 // -1: suppressed
			classOf[row] = c
			if c >= 0 {
				want[c] = append(want[c], int32(row))
			}
		}
		// Classes are numbered by their first row, and have one.
		want = slices.DeleteFunc(want, func(rows []int32) bool { return len(rows) == 0 })
		slices.SortFunc(want, func(a, b []int32) int { return int(a[0] - b[0]) })
		renum := map[int32]int32{}
		for c, rows := range want {
			renum[classOf[rows[0]]] = int32(c)
		}
		cs := &verifiedClasses{start: []int32{0}}
		for c, rows := range want {
			cs.start = append(cs.start, cs.start[c]+int32(len(rows)))
		}
		for row, c := range classOf {
			if c >= 0 {
				classOf[row] = renum[c]
			}
		}
		// Columns narrow throughout, widened at some row, wide from the
		// first class.
		for _, limit := range []int32{math.MaxUint16, int32(classes / 2), 0} {
			cc := newClassColumn(n)
			cc.limit = limit
			for _, c := range classOf {
				cc.append(c)
			}
			for _, budget := range []int{0, 1, 7, n / 3, n} {
				var got [][]int32
				cs.each(cc, budget, func(rows []int32) { got = append(got, slices.Clone(rows)) })
				if !slices.EqualFunc(got, want, slices.Equal) {
					t.Fatalf("trial %d, limit %d, budget %d: classes %v, want %v", trial, limit, budget, got, want)
				}
			}
			cc.free()
		}
	}
}
