package kanon_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// bruteForce releases the table of c at every node of the lattice, with
// the classes that violate a model suppressed (kanontest.FullDomain), and
// returns, for each metric, the best value among the releases within the
// suppression limit, measured from the released strings. ok is false when
// no release is within the limit.
func bruteForce(t *testing.T, c kanontest.Case) (best map[kanon.Metric]float64, ok bool) {
	t.Helper()
	tab := c.Table
	d := len(tab.QuasiIdentifiers())
	best = map[kanon.Metric]float64{kanon.Loss: math.Inf(1), kanon.Discernibility: math.Inf(1), kanon.AverageClassSize: math.Inf(1)}
	levels := make([]int, d)
	for {
		rel, suppressed, err := kanontest.FullDomain(tab, levels, c.Config.Models...)
		if err != nil {
			t.Fatal(err)
		}
		if suppressed <= c.SuppressionLimit() {
			ok = true
			m, err := kanontest.MetricsOf(tab, rel, c.K)
			if err != nil {
				t.Fatal(err)
			}
			cavg := m.CAvg
			if m.Classes == 0 {
				cavg = math.Inf(1) // nothing released: no class to average
			}
			for metric, v := range map[kanon.Metric]float64{kanon.Loss: m.NCP, kanon.Discernibility: m.Discernibility, kanon.AverageClassSize: cavg} {
				best[metric] = math.Min(best[metric], v)
			}
		}
		q := 0
		for q < d && levels[q] == tab.Levels(q) {
			levels[q] = 0
			q++
		}
		if q == d {
			return best, ok
		}
		levels[q]++
	}
}

// TestOptimalIsOptimal compares the search, with its pruning, against an
// exhaustive evaluation of the lattice, for every model, with and without
// suppression, rows and individuals: Optimal returns ErrUnsatisfiable
// exactly when no node is within the suppression limit, and otherwise a
// release within it with the best value of the metric.
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
	models := []struct {
		name  string
		extra []kanon.Model
	}{
		{"k", nil},
		{"distinct-l", []kanon.Model{kanon.DistinctLDiversity(2)}},
		{"entropy-l", []kanon.Model{kanon.EntropyLDiversity(2)}},
		{"recursive-cl", []kanon.Model{kanon.RecursiveCLDiversity(2, 2)}},
		{"t-closeness", []kanon.Model{kanon.TCloseness(0.2)}},
	}
	metrics := []kanon.Metric{kanon.Loss, kanon.Discernibility, kanon.AverageClassSize}
	for _, model := range models {
		for _, supp := range []float64{0, 0.1, 1} {
			for _, shape := range []kanontest.Shape{shape, people} {
				name := fmt.Sprintf("%s/suppression=%g", model.name, supp)
				if shape.Individual != "" {
					name += "/individuals"
				}
				t.Run(name, func(t *testing.T) {
					m := kanontest.Models{Suppression: supp, Extra: model.extra}
					p := prop.ForAll(func(c kanontest.Case) (bool, error) {
						want, ok := bruteForce(t, c)
						for _, metric := range metrics {
							cfg := c.Config
							cfg.Metric = metric
							res, err := kanon.Optimal(context.Background(), c.Table, cfg)
							if !ok {
								if !errors.Is(err, kanon.ErrUnsatisfiable) {
									return false, fmt.Errorf("%v: no node is within the suppression limit, yet err = %v", metric, err)
								}
								continue
							}
							if err != nil {
								return false, fmt.Errorf("%v: %w", metric, err)
							}
							if res.SuppressedRows() > c.SuppressionLimit() {
								return false, fmt.Errorf("%v: levels %v suppress %d rows, limit %d", metric, res.Levels(), res.SuppressedRows(), c.SuppressionLimit())
							}
							mt := res.Metrics()
							got := map[kanon.Metric]float64{kanon.Loss: mt.NCP, kanon.Discernibility: mt.Discernibility, kanon.AverageClassSize: mt.CAvg}[metric]
							if metric == kanon.AverageClassSize && mt.Classes == 0 {
								got = math.Inf(1)
							}
							if w := want[metric]; got != w && math.Abs(got-w) > 1e-9*math.Max(1, math.Abs(w)) {
								return false, fmt.Errorf("levels %v: %v = %g, exhaustive best %g", res.Levels(), metric, got, w)
							}
						}
						return true, nil
					}, kanontest.Cases(shape, m))
					props := gopter.NewProperties(kanontest.Parameters(40))
					props.Property("Optimal finds the exhaustive optimum", p)
					props.TestingRun(t)
				})
			}
		}
	}
}

// TestOptimalNonMonotoneSuppression is a table where the most general node
// fails a model that the original values satisfy once the rows of one
// class are suppressed: entropy and recursive l-diversity are not
// monotone under suppression, so Optimal must not infer statuses.
func TestOptimalNonMonotoneSuppression(t *testing.T) {
	rows := [][]string{{"a1", "x"}, {"a1", "y"}}
	for range 10 {
		rows = append(rows, []string{"a2", "x"})
	}
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "q"}}, Sensitive: []string{"s"}}, rows)
	if err != nil {
		t.Fatal(err)
	}
	for _, model := range []kanon.Model{kanon.EntropyLDiversity(2), kanon.RecursiveCLDiversity(2, 2)} {
		for _, metric := range []kanon.Metric{kanon.Loss, kanon.Discernibility, kanon.AverageClassSize} {
			cfg := kanon.Config{Models: []kanon.Model{model}, Suppression: 10.0 / 12, Metric: metric}
			res, err := kanon.Optimal(context.Background(), tab, cfg)
			if err != nil {
				t.Errorf("%v, %v: %v", model, metric, err)
				continue
			}
			rep, err := kanon.Verify(tab, res, cfg.Models...)
			if err != nil || !rep.Holds || res.SuppressedRows() != 10 || res.Released(0, 0) != "a1" {
				t.Errorf("%v, %v: levels %v, %d suppressed, %v %v; want a1 released and the ten a2 rows suppressed",
					model, metric, res.Levels(), res.SuppressedRows(), rep, err)
			}
		}
	}
}

// TestOptimalSuppressesEverything gives Optimal a table that no class of
// which satisfies k, with a limit that allows withholding it all.
func TestOptimalSuppressesEverything(t *testing.T) {
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "q"}}}, [][]string{{"a"}, {"b"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, metric := range []kanon.Metric{kanon.Loss, kanon.Discernibility, kanon.AverageClassSize} {
		t.Run(metric.String(), func(t *testing.T) {
			cfg := kanon.Config{Models: []kanon.Model{kanon.KAnonymity(3)}, Suppression: 1, Metric: metric}
			var res *kanon.Result
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				res, err = kanon.Optimal(context.Background(), tab, cfg)
			}()
			if err != nil {
				t.Fatal(err)
			}
			m := res.Metrics()
			if res.SuppressedRows() != 2 || m.Classes != 0 || m.NCP != 100 || res.Released(0, 0) != "*" {
				t.Errorf("levels %v, metrics %+v; want both rows suppressed", res.Levels(), m)
			}
			if rep, err := kanon.Verify(tab, res, cfg.Models...); err != nil || !rep.Holds {
				t.Errorf("%v %v", rep, err)
			}
		})
	}
}
