package kanon_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// withoutIndividuals rebuilds generated rows as a table in which every row
// is its own individual.
func withoutIndividuals(rows [][]string, s kanon.Schema) (*kanon.Table, error) {
	s.Individual = ""
	plain := make([][]string, len(rows))
	for i, r := range rows {
		plain[i] = r[:len(r)-1]
	}
	return kanon.NewTable(s, plain)
}

// TestOnePersonClass is the counter-example that motivates the individual
// column: one person's k measurements, alike on the quasi-identifiers,
// make a class of k rows that row-based k-anonymity accepts although it
// singles the person out.
func TestOnePersonClass(t *testing.T) {
	const k = 3
	schema := kanon.Schema{
		QuasiIdentifiers: []kanon.Attribute{{Name: "birth_year"}, {Name: "zip3", Type: kanon.Categorical}},
		Individual:       "user",
	}
	rows := [][]string{
		{"1950", "123", "ann"}, {"1950", "123", "ann"}, {"1950", "123", "ann"}, // one person, 3 rows
		{"1990", "456", "bob"}, {"1991", "456", "cy"}, {"1992", "456", "dee"},
	}
	withInd, err := kanon.NewTable(schema, rows)
	if err != nil {
		t.Fatal(err)
	}
	rowsOnly, err := withoutIndividuals(rows, schema)
	if err != nil {
		t.Fatal(err)
	}
	models := []kanon.Model{kanon.KAnonymity(k)}
	byRows, err := kanon.Mondrian(context.Background(), rowsOnly, kanon.Config{Models: models})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := kanon.Verify(rowsOnly, byRows, models...); err != nil || !rep.Holds {
		t.Fatalf("row-based release does not pass row-based k: %v %v", rep, err)
	}
	if m := byRows.Metrics(); m.K != k || m.Classes != 2 {
		t.Fatalf("row-based release: K=%d classes=%d, want %d and 2", m.K, m.Classes, k)
	}
	rep, err := kanon.Verify(withInd, byRows, models...)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Holds || len(rep.Failures) != 1 {
		t.Fatalf("entity-based Verify of the row-based release: %v", rep)
	}
	f := rep.Failures[0]
	if fmt.Sprint(f.Rows) != "[0 1 2]" || f.Individuals != 1 || fmt.Sprint(f.Models) != "[3-anonymity]" {
		t.Errorf("failure %+v, want rows [0 1 2] of 1 individual violating 3-anonymity", f)
	}

	// With the individual column, no split is allowed: the two groups hold
	// 1 and 3 people.
	for _, alg := range algorithms {
		res, err := alg.run(context.Background(), withInd, kanon.Config{Models: models})
		if err != nil {
			t.Fatalf("%s: %v", alg.name, err)
		}
		if rep, err := kanon.Verify(withInd, res, models...); err != nil || !rep.Holds {
			t.Fatalf("%s: %v %v", alg.name, rep, err)
		}
		if m := res.Metrics(); m.K != 4 || m.Classes != 1 || m.Individuals != 4 || m.MinClassRows != 6 {
			t.Errorf("%s: %+v", alg.name, m)
		}
	}
	// Four people cannot be 5-anonymous, however many rows they have.
	for _, alg := range algorithms {
		_, err := alg.run(context.Background(), withInd, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(5)}})
		if !errors.Is(err, kanon.ErrUnsatisfiable) {
			t.Errorf("%s: k=5 over 4 individuals: err = %v", alg.name, err)
		}
	}
}

var algorithms = []struct {
	name string
	run  kanontest.Algorithm
}{{"Mondrian", kanon.Mondrian}, {"relaxed Mondrian", kanontest.Relaxed}, {"Optimal", kanon.Optimal}}

// TestRowKIsNotIndividualK releases generated data of several rows per
// person as if every row were a person, and checks that Verify with the
// individual column accepts the release exactly when every class holds k
// people, which some releases do not.
func TestRowKIsNotIndividualK(t *testing.T) {
	caught := 0
	p := prop.ForAll(func(n int, seed uint64, k, perPerson int) (bool, error) {
		shape := individualShape()
		shape.Varying = 0
		shape.RowsPerIndividual = perPerson // 1: every row is a person
		rows, schema, err := kanontest.Rows(shape, n, seed)
		if err != nil {
			return false, err
		}
		withInd, err := kanon.NewTable(schema, rows)
		if err != nil {
			return false, err
		}
		rowsOnly, err := withoutIndividuals(rows, schema)
		if err != nil {
			return false, err
		}
		models := []kanon.Model{kanon.KAnonymity(k)}
		res, err := kanon.Mondrian(context.Background(), rowsOnly, kanon.Config{Models: models})
		if errors.Is(err, kanon.ErrUnsatisfiable) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if rep, err := kanon.Verify(rowsOnly, res, models...); err != nil || !rep.Holds {
			return false, fmt.Errorf("row-based: %v %v", rep, err)
		}
		rep, err := kanon.Verify(withInd, res, models...)
		if err != nil {
			return false, err
		}
		fewest := fewestPeople(withInd, res)
		if rep.Holds != (fewest >= k) {
			return false, fmt.Errorf("Verify holds=%v, but the smallest class has %d people, k=%d", rep.Holds, fewest, k)
		}
		for _, f := range rep.Failures {
			people := map[int]bool{}
			for _, r := range f.Rows {
				people[withInd.IndividualOf(r)] = true
			}
			if len(people) != f.Individuals || f.Individuals >= k {
				return false, fmt.Errorf("failure names %d individuals, class has %d, k=%d", f.Individuals, len(people), k)
			}
		}
		if perPerson == 1 && !rep.Holds {
			return false, fmt.Errorf("one row per person, yet individual k fails where row k holds")
		}
		if !rep.Holds {
			caught++
		}
		return true, nil
	}, gen.IntRange(20, 300), gen.UInt64(), gen.IntRange(2, 8), gen.IntRange(1, 6))
	props := gopter.NewProperties(kanontest.Parameters(100))
	props.Property("Verify with individuals judges a row-based release by its people", p)
	props.TestingRun(t)
	if caught == 0 {
		t.Error("no row-based release failed the individual count: the test shows nothing")
	}
	t.Logf("%d row-based releases single someone out", caught)
}

// fewestPeople is the smallest number of distinct individuals in a class
// of res, the classes taken from the released strings.
func fewestPeople(t *kanon.Table, res kanon.Release) int {
	classes := map[string]map[int]bool{}
	for row := range t.Len() {
		if res.Suppressed(row) {
			continue
		}
		key := ""
		for q := range t.QuasiIdentifiers() {
			v := res.Released(row, q)
			key += strconv.Itoa(len(v)) + ":" + v
		}
		if classes[key] == nil {
			classes[key] = map[int]bool{}
		}
		classes[key][t.IndividualOf(row)] = true
	}
	fewest := 0
	for _, p := range classes {
		if fewest == 0 || len(p) < fewest {
			fewest = len(p)
		}
	}
	return fewest
}

// TestMetricsCountIndividuals recomputes the individual-based measures of
// releases from the released strings.
func TestMetricsCountIndividuals(t *testing.T) {
	cases := kanontest.Cases(individualShape(), kanontest.Models{Suppression: 0.05})
	for _, alg := range algorithms {
		p := prop.ForAll(func(c kanontest.Case) (bool, error) {
			res, err := alg.run(context.Background(), c.Table, c.Config)
			if errors.Is(err, kanon.ErrUnsatisfiable) {
				return true, nil
			}
			if err != nil {
				return false, err
			}
			want := recount(c.Table, res, c.K)
			got := res.Metrics()
			if got.K != want.K || got.MinClassRows != want.MinClassRows || got.Individuals != want.Individuals ||
				got.Classes != want.Classes || !near(got.CAvg, want.CAvg) ||
				!near(got.ProsecutorMax, want.ProsecutorMax) || !near(got.ProsecutorAvg, want.ProsecutorAvg) {
				return false, fmt.Errorf("metrics %+v, recounted %+v", got, want)
			}
			r, err := res.Risk(nil)
			if err != nil || r.ProsecutorMax != got.ProsecutorMax || r.JournalistAvg != got.ProsecutorAvg {
				return false, fmt.Errorf("risk %+v %v", r, err)
			}
			return true, nil
		}, cases)
		props := gopter.NewProperties(kanontest.Parameters(60))
		props.Property(alg.name+": metrics count individuals", p)
		props.TestingRun(t)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// recount computes the individual-based metrics of the classes of a
// result.
func recount(t *kanon.Table, res *kanon.Result, k int) kanon.Metrics {
	type class struct {
		rows   int
		people map[int]bool
	}
	classes := map[int]*class{}
	var order []*class
	classOf := make([]*class, t.Len())
	for row := range t.Len() {
		if res.Suppressed(row) {
			continue
		}
		key := res.Class(row)
		cl := classes[key]
		if cl == nil {
			cl = &class{people: map[int]bool{}}
			classes[key] = cl
			order = append(order, cl)
		}
		cl.rows++
		cl.people[t.IndividualOf(row)] = true
		classOf[row] = cl
	}
	m := kanon.Metrics{Classes: len(order)}
	sum := 0
	for _, cl := range order {
		if m.K == 0 || len(cl.people) < m.K {
			m.K = len(cl.people)
		}
		if m.MinClassRows == 0 || cl.rows < m.MinClassRows {
			m.MinClassRows = cl.rows
		}
		sum += len(cl.people)
	}
	if len(order) == 0 {
		return m
	}
	m.CAvg = float64(sum) / float64(len(order)) / float64(k)
	m.ProsecutorMax = 1 / float64(m.K)
	worst := map[int]float64{} // individual -> highest risk
	for row, cl := range classOf {
		if cl != nil {
			id := t.IndividualOf(row)
			worst[id] = math.Max(worst[id], 1/float64(len(cl.people)))
		}
	}
	for _, r := range worst {
		m.ProsecutorAvg += r
	}
	m.Individuals = len(worst)
	m.ProsecutorAvg /= float64(len(worst))
	return m
}

// unsuppressed releases every row of a full-domain result at its levels,
// the suppressed ones included.
type unsuppressed struct {
	t      *kanon.Table
	levels []int
}

func (u unsuppressed) Len() int          { return u.t.Len() }
func (unsuppressed) Suppressed(int) bool { return false }
func (u unsuppressed) Released(row, q int) string {
	return u.t.Generalize(row, q, u.levels[q])
}

// TestOptimalSuppressesExactlyViolations checks Optimal's own evaluation
// of the models, with its condensed counts of individuals and pairs,
// against Verify's: at the chosen levels, the classes it suppresses are
// exactly those that Verify finds violating a model.
func TestOptimalSuppressesExactlyViolations(t *testing.T) {
	numeric := individualShape()
	numeric.Sensitive = []kanontest.Column{{Name: "weight", Numeric: true, Values: 30}}
	twoSensitive := individualShape()
	twoSensitive.Sensitive = append(twoSensitive.Sensitive, kanontest.Column{Name: "device", Values: 4})
	cases := []struct {
		name  string
		shape kanontest.Shape
		extra []kanon.Model
	}{
		{"k", individualShape(), nil},
		{"k, rows", kanontest.DefaultShape(), nil},
		{"entropy", individualShape(), []kanon.Model{kanon.EntropyLDiversity(1.8)}},
		{"recursive", individualShape(), []kanon.Model{kanon.RecursiveCLDiversity(2, 2)}},
		{"t-closeness", numeric, []kanon.Model{kanon.TCloseness(0.25)}},
		{"two sensitive attributes", twoSensitive, []kanon.Model{kanon.DistinctLDiversity(2), kanon.TCloseness(0.4)}},
		{"entropy, rows", kanontest.DefaultShape(), []kanon.Model{kanon.EntropyLDiversity(1.8)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := prop.ForAll(func(cs kanontest.Case) (bool, error) {
				res, err := kanon.Optimal(context.Background(), cs.Table, cs.Config)
				if errors.Is(err, kanon.ErrUnsatisfiable) {
					return true, nil
				}
				if err != nil {
					return false, err
				}
				rep, err := kanon.Verify(cs.Table, unsuppressed{cs.Table, res.Levels()}, cs.Config.Models...)
				if err != nil {
					return false, err
				}
				failing := make([]bool, cs.Table.Len())
				for _, f := range rep.Failures {
					for _, r := range f.Rows {
						failing[r] = true
					}
				}
				for row := range cs.Table.Len() {
					if res.Suppressed(row) != failing[row] {
						return false, fmt.Errorf("row %d: suppressed %v, its class violates %v", row, res.Suppressed(row), failing[row])
					}
				}
				return true, nil
			}, kanontest.Cases(c.shape, kanontest.Models{Extra: c.extra, Suppression: 0.3}))
			props := gopter.NewProperties(kanontest.Parameters(80))
			props.Property("Optimal suppresses the violating classes and no other", p)
			props.TestingRun(t)
		})
	}
}
