package kanon

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestKDTree compares box queries with a scan of every point, on points
// with many duplicates and boxes of every size, empty ones included.
func TestKDTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 7, 9, 100, 2000} {
		for _, d := range []int{1, 3} {
			pts := make([]int32, n*d)
			for i := range pts {
				pts[i] = int32(rng.IntN(20))
			}
			tree := newKDTree(pts, d)
			for range 50 {
				box := make([]int32, 2*d)
				for a := range d {
					box[2*a] = int32(rng.IntN(22)) - 1
					box[2*a+1] = box[2*a] + int32(rng.IntN(12)) - 1
				}
				var got, want []int32
				tree.inside(box, func(p int32) { got = append(got, p) })
				for p := range n {
					in := true
					for a := range d {
						x := pts[p*d+a]
						in = in && box[2*a] <= x && x <= box[2*a+1]
					}
					if in {
						want = append(want, int32(p))
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d d=%d box %v: %d points, want %d", n, d, box, len(got), len(want))
				}
			}
		}
	}
}
