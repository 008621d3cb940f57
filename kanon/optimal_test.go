package kanon_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// bruteForce evaluates every node of the lattice directly from the rows and
// returns the best metric value among those within the suppression limit.
// With an individual column, k and the average class size count distinct
// individuals.
func bruteForce(t *kanon.Table, k, l int, suppression float64, metric kanon.Metric) (float64, bool) {
	d := len(t.QuasiIdentifiers())
	n := t.Len()
	limit := int(math.Floor(suppression*float64(n) + 1e-9))
	// Distinct values under each label, for NCP.
	distinct := make([]int, d)
	under := make([]map[string]map[string]bool, d) // key level|label
	for q := range d {
		under[q] = map[string]map[string]bool{}
		seen := map[string]bool{}
		for row := range n {
			v := t.Value(row, q)
			seen[v] = true
			for j := 0; j <= t.Levels(q); j++ {
				key := fmt.Sprint(j, "|", t.Generalize(row, q, j))
				if under[q][key] == nil {
					under[q][key] = map[string]bool{}
				}
				under[q][key][v] = true
			}
		}
		distinct[q] = len(seen)
	}
	levels := make([]int, d)
	best, found := math.Inf(1), false
	for {
		classes := map[string][]int{}
		for row := range n {
			var sb strings.Builder
			for q := range d {
				sb.WriteString(t.Generalize(row, q, levels[q]))
				sb.WriteByte(0)
			}
			classes[sb.String()] = append(classes[sb.String()], row)
		}
		suppressed, released, units, pen, dm := 0, 0, 0, 0.0, 0.0
		for _, rows := range classes {
			vals := map[string]bool{}
			people := map[int]bool{}
			for _, r := range rows {
				vals[t.SensitiveValue(r, 0)] = true
				people[t.IndividualOf(r)] = true
			}
			size := len(rows)
			if t.Individuals() > 0 {
				size = len(people)
			}
			if size < k || len(vals) < l {
				suppressed += len(rows)
				continue
			}
			released++
			units += size
			dm += float64(len(rows) * len(rows))
			for q := range d {
				c := len(under[q][fmt.Sprint(levels[q], "|", t.Generalize(rows[0], q, levels[q]))])
				if c > 1 {
					pen += float64(len(rows)) * float64(c) / float64(distinct[q])
				}
			}
		}
		if suppressed <= limit {
			var v float64
			switch metric {
			case kanon.Loss:
				v = 100 * (pen + float64(suppressed*d)) / float64(n*d)
			case kanon.Discernibility:
				v = dm + float64(suppressed)*float64(n)
			case kanon.AverageClassSize:
				v = math.Inf(1)
				if released > 0 {
					v = float64(units) / float64(released) / float64(k)
				}
			}
			if v < best {
				best = v
			}
			found = true
		}
		q := 0
		for q < d && levels[q] == t.Levels(q) {
			levels[q] = 0
			q++
		}
		if q == d {
			return best, found
		}
		levels[q]++
	}
}

// TestOptimalIsOptimal compares the search, with its pruning, against an
// exhaustive evaluation of the lattice.
func TestOptimalIsOptimal(t *testing.T) {
	shape := kanontest.Shape{MinRows: 1, MaxRows: 120, QuasiIdentifiers: []kanontest.Column{
		{Name: "age", Numeric: true, Values: 40, Depth: 3},
		{Name: "zip", Values: 10, Depth: 3},
		{Name: "sex", Values: 2},
	}, Sensitive: []kanontest.Column{{Name: "dx", Values: 5}}}
	people := shape
	people.Individual = "person"
	people.RowsPerIndividual = 6
	people.Varying = 0.2
	for _, metric := range []kanon.Metric{kanon.Loss, kanon.Discernibility, kanon.AverageClassSize} {
		for _, supp := range []float64{0, 0.1} {
			for _, l := range []int{0, 2} {
				for _, shape := range []kanontest.Shape{shape, people} {
					name := fmt.Sprintf("%v/suppression=%g/l=%d", metric, supp, l)
					if shape.Individual != "" {
						name += "/individuals"
					}
					t.Run(name, func(t *testing.T) {
						m := kanontest.Models{Suppression: supp, Metric: metric}
						if l > 0 {
							m.Extra = []kanon.Model{kanon.DistinctLDiversity(l)}
						}
						p := prop.ForAll(func(c kanontest.Case) (bool, error) {
							want, ok := bruteForce(c.Table, c.K, l, supp, metric)
							res, err := kanon.Optimal(context.Background(), c.Table, c.Config)
							if !ok {
								return err != nil, nil
							}
							if err != nil {
								return false, err
							}
							mt := res.Metrics()
							got := map[kanon.Metric]float64{kanon.Loss: mt.NCP, kanon.Discernibility: mt.Discernibility, kanon.AverageClassSize: mt.CAvg}[metric]
							if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
								return false, fmt.Errorf("levels %v: %v = %g, exhaustive best %g", res.Levels(), metric, got, want)
							}
							return true, nil
						}, kanontest.Cases(shape, m))
						props := gopter.NewProperties(params(t, 40))
						props.Property("Optimal finds the exhaustive optimum", p)
						props.TestingRun(t)
					})
				}
			}
		}
	}
}
