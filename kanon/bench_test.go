package kanon

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deidkit/deidkit/internal/testenv"
)

// BenchmarkMondrianAdult runs strict Mondrian with k=10 on the 30,162
// Adult rows with the eight usual quasi-identifiers.
func BenchmarkMondrianAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(10)}}
	res := benchMondrian(b, tab, cfg)
	b.ReportMetric(res.Metrics().NCP, "NCP%")
}

// BenchmarkOptimalAdult runs the full-domain search with k=5 and no
// suppression on Adult.
func BenchmarkOptimalAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(5)}}
	benchRun(b, Optimal, tab, cfg)
}

// BenchmarkOptimalAdultSuppression runs the full-domain search with k=5
// and up to 5% of the rows suppressed on Adult: within a few times
// BenchmarkOptimalAdult, the same search without suppression.
func BenchmarkOptimalAdultSuppression(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(5)}, Suppression: 0.05}
	res := benchRun(b, Optimal, tab, cfg)
	b.ReportMetric(res.Metrics().NCP, "NCP%")
}

// reportCPU reports the process's CPU time per iteration since start: the
// benchmark's own work plus the garbage collector's.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(testenv.CPUTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkBaselineSortAdult sorts the Adult rows by their eight
// quasi-identifiers with the standard library: a reference O(n log n) pass
// over the same data, to read Mondrian's time as a ratio on a noisy machine.
func BenchmarkBaselineSortAdult(b *testing.B) {
	tab := loadAdult(b, "adult.csv")
	rows := make([]int, tab.Len())
	b.ReportAllocs()
	cpu := testenv.CPUTime()
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
	cpu := testenv.CPUTime()
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

// BenchmarkMondrianAdultPeople runs strict Mondrian with k=10 individuals
// on the Adult people with 1 to 4 identical rows each (75,405 rows of
// 30,162 individuals): the cost of counting individuals at every split.
func BenchmarkMondrianAdultPeople(b *testing.B) {
	tab := adultPeople(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(10)}}
	res := benchMondrian(b, tab, cfg)
	b.ReportMetric(res.Metrics().NCP, "NCP%")
}

// BenchmarkMondrianAdultPeopleAsRows runs the same rows as
// BenchmarkMondrianAdultPeople with k=10 rows, ignoring who they belong to:
// the baseline for the cost of counting individuals.
func BenchmarkMondrianAdultPeopleAsRows(b *testing.B) {
	people := adultPeople(b, "adult.csv")
	tab := *people
	tab.ind = individuals{}
	cfg := Config{Models: []Model{KAnonymity(10)}}
	res := benchMondrian(b, &tab, cfg)
	b.ReportMetric(res.Metrics().NCP, "NCP%")
}

// BenchmarkOptimalAdultPeople runs the full-domain search with k=5
// individuals and no suppression on the Adult people.
func BenchmarkOptimalAdultPeople(b *testing.B) {
	tab := adultPeople(b, "adult.csv")
	cfg := Config{Models: []Model{KAnonymity(5)}}
	benchRun(b, Optimal, tab, cfg)
}

// measurementTable builds n rows of users of connected scales: each user
// has 2 to 2·perUser-2 weighings that share the user's birth year, sex, ZIP
// code and state, in shuffled order, with the weight as sensitive value.
// Without people, the individual column is left out.
func measurementTable(tb testing.TB, n, perUser int, people bool) *Table {
	tb.Helper()
	rng := rand.New(rand.NewPCG(7, uint64(perUser)))
	zip, err := Masking(3)
	if err != nil {
		tb.Fatal(err)
	}
	s := Schema{
		QuasiIdentifiers: []Attribute{
			{Name: "birth_year", Type: Numeric},
			{Name: "sex", Type: Categorical},
			{Name: "zip3", Type: Categorical, Hierarchy: zip},
			{Name: "state", Type: Categorical},
		},
		Sensitive: []string{"weight"},
	}
	if people {
		s.Individual = "user"
	}
	var rows [][]string
	for u := 0; len(rows) < n; u++ {
		q := func(n int) int { x := rng.Float64(); return int(float64(n) * x * x) }
		z := q(900)
		user := []string{strconv.Itoa(1930 + q(80)), []string{"F", "M"}[rng.IntN(2)],
			strconv.Itoa(100 + z), "S" + strconv.Itoa(z/18), "", "u" + strconv.Itoa(u)}
		if !people {
			user = user[:5]
		}
		for range min(2+rng.IntN(2*perUser-3), n-len(rows)) {
			row := append([]string(nil), user...)
			row[4] = strconv.Itoa(40 + rng.IntN(120))
			rows = append(rows, row)
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	t, err := NewTable(s, rows)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// BenchmarkMondrianMeasurements runs strict Mondrian with k=10 on
// weighings of users with 50 each on average, counting individuals, and
// counting rows as a baseline (which leaves classes of one user), at two
// sizes to read the growth: cpu-ns/nlogn is the CPU time over n·log2 n.
func BenchmarkMondrianMeasurements(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, people := range []bool{false, true} {
			name := "rows"
			if people {
				name = "individuals"
			}
			b.Run(name+"/"+strconv.Itoa(n), func(b *testing.B) {
				tab := measurementTable(b, n, 50, people)
				cfg := Config{Models: []Model{KAnonymity(10)}}
				cpu := testenv.CPUTime()
				res := benchMondrian(b, tab, cfg)
				b.ReportMetric(float64(testenv.CPUTime()-cpu)/float64(b.N)/(float64(n)*math.Log2(float64(n))), "cpu-ns/nlogn")
				m := res.Metrics()
				b.ReportMetric(float64(m.K), "K")
				b.ReportMetric(float64(m.Classes), "classes")
			})
		}
	}
}

// BenchmarkRiskMondrianAdultPeople measures the journalist risk of a
// strict Mondrian release (k=10 individuals) of the Adult people against
// themselves as population (75,405 rows): each class's box of released
// values is matched against the population.
func BenchmarkRiskMondrianAdultPeople(b *testing.B) {
	benchMondrianRisk(b, adultPeople(b, "adult.csv"))
}

// BenchmarkRiskMondrianMeasurements measures the journalist risk of strict
// Mondrian releases (k=10 individuals) of weighings against themselves as
// population, at two sizes to read the growth.
func BenchmarkRiskMondrianMeasurements(b *testing.B) {
	for _, n := range []int{20_000, 80_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			res := benchMondrianRisk(b, measurementTable(b, n, 5, true))
			b.ReportMetric(float64(res.Classes()), "classes")
		})
	}
}

// benchMondrianRisk makes a strict Mondrian release (k=10 individuals)
// of tab and measures, in the benchmark loop, its journalist risk against
// tab itself as population.
func benchMondrianRisk(b *testing.B, tab *Table) *Result {
	res, err := Mondrian(context.Background(), tab, Config{Models: []Model{KAnonymity(10)}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := testenv.CPUTime()
	for b.Loop() {
		if _, err := res.Risk(tab); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	return res
}

// benchMondrian runs Mondrian on tab in the benchmark loop, reports its
// allocations and CPU time, and returns the last release.
func benchMondrian(b *testing.B, tab *Table, cfg Config) *Result {
	return benchRun(b, Mondrian, tab, cfg)
}

// benchRun runs alg in the benchmark loop, reports its allocations and
// CPU time, and returns its last result.
func benchRun(b *testing.B, alg func(context.Context, *Table, Config) (*Result, error), tab *Table, cfg Config) *Result {
	b.ReportAllocs()
	var res *Result
	cpu := testenv.CPUTime()
	for b.Loop() {
		var err error
		if res, err = alg(context.Background(), tab, cfg); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	return res
}
