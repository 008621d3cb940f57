package kanon

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkMondrianAdult runs strict Mondrian with k=10 on the 30,162
// Adult rows with the eight usual quasi-identifiers.
func BenchmarkMondrianAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(10)}}
	b.ReportAllocs()
	var res *Result
	cpu := cpuTime()
	for b.Loop() {
		var err error
		if res, err = Mondrian(context.Background(), tab, cfg); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	b.ReportMetric(res.Metrics().NCP, "NCP%")
}

// BenchmarkOptimalAdult runs the full-domain search with k=5 and no
// suppression on Adult.
func BenchmarkOptimalAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(5)}}
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if _, err := Optimal(context.Background(), tab, cfg); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}

// reportCPU reports the process's CPU time per iteration since start: the
// benchmark's own work plus the garbage collector's.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkBaselineSortAdult sorts the Adult rows by their eight
// quasi-identifiers with the standard library: a reference O(n log n) pass
// over the same data, to read Mondrian's time as a ratio on a noisy machine.
func BenchmarkBaselineSortAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	rows := make([]int, tab.Len())
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		for i := range rows {
			rows[i] = i
		}
		slices.SortFunc(rows, func(x, y int) int {
			for q := range tab.qi {
				if c := cmp.Compare(tab.qi[q].codes[x], tab.qi[q].codes[y]); c != 0 {
					return c
				}
			}
			return 0
		})
	}
	reportCPU(b, cpu)
}

// BenchmarkBaselineGroupByAdult groups the Adult rows by their generalized
// quasi-identifiers at one lattice node with a map of strings, as one
// would by hand: the cost of checking a single node naively, to compare
// with the whole optimal search.
func BenchmarkBaselineGroupByAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	levels := []int{1, 1, 1, 1, 0, 0, 0, 1}
	var sb strings.Builder
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		classes := map[string]int{}
		for row := range tab.Len() {
			sb.Reset()
			for q, l := range levels {
				sb.WriteString(tab.Generalize(row, q, l))
				sb.WriteByte(0)
			}
			classes[sb.String()]++
		}
		small := 0
		for _, n := range classes {
			if n < 5 {
				small += n
			}
		}
		_ = small
	}
	reportCPU(b, cpu)
}
