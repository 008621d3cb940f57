package kanon

import (
	"context"
	"strconv"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// BenchmarkVerify verifies a strict Mondrian release (k=10 individuals)
// of weighings of users with 50 each on average, whose labels are made
// once per class as a release written from them would hold them: the
// cost of Verify itself, at two sizes to read the growth.
func BenchmarkVerify(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			tab := measurementTable(b, n, 50, true)
			res, err := Mondrian(context.Background(), tab, Config{Models: []Model{KAnonymity(10)}})
			if err != nil {
				b.Fatal(err)
			}
			rel := labelledRelease{res, make([][]string, n)}
			for row := range n {
				if c := res.classOf[row]; c >= 0 && rel.labels[c] == nil {
					for q := range tab.qi {
						rel.labels[c] = append(rel.labels[c], res.Released(row, q))
					}
				}
			}
			b.ReportAllocs()
			cpu := testenv.CPUTime()
			for b.Loop() {
				rep, err := Verify(tab, rel, KAnonymity(10))
				if err != nil || !rep.Holds {
					b.Fatal(rep, err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// labelledRelease is a Result whose labels are made once per class.
type labelledRelease struct {
	*Result
	labels [][]string // by class
}

func (r labelledRelease) Released(row, qi int) string { return r.labels[r.classOf[row]][qi] }
