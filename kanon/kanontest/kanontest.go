// Package kanontest provides gopter generators of tables and hierarchies
// and ready-made properties that check the guarantees of package kanon on
// a caller's own configuration: their column shapes, their k and l.
//
// A typical use in a test:
//
//	shape := kanontest.Shape{MinRows: 20, MaxRows: 300, QuasiIdentifiers: []kanontest.Column{
//		{Name: "birth_year", Numeric: true, Values: 60, Depth: 3},
//		{Name: "zip3", Values: 40, Depth: 3},
//		{Name: "sex", Values: 2},
//	}, Sensitive: []kanontest.Column{{Name: "diagnosis", Values: 12}}}
//	props := kanontest.Properties(kanontest.Parameters(100), shape,
//		kanontest.Models{K: 10, Extra: []kanon.Model{kanon.DistinctLDiversity(3)}})
//	props.TestingRun(t)
//
// Every property runs each algorithm on generated tables and judges the
// output with kanon.Verify, which rebuilds the equivalence classes from
// the released strings alone, and with slow, independent counterparts of
// the algorithms: FullDomain releases a table at given hierarchy levels,
// suppressing the classes that violate the models, which lets
// SatisfiesFullDomain tell whether kanon.Optimal had a release within its
// suppression limit when it says it had none; MetricsOf measures any
// release from its strings, which ConsistentMetrics compares with what
// kanon.Result reports.
//
// Columns can carry one's own values and hierarchies, so that the
// properties run on the data's real shape: Column.Domain lists the values
// (ZIP codes, diagnoses) and Column.Hierarchy gives the hierarchy read
// with kanon.ReadHierarchy (see the package example).
//
// For data with several rows per person, name an individual column in the
// shape: rows then come in groups of one individual, which usually share
// their quasi-identifiers, and k counts distinct individuals:
//
//	shape.Individual = "user_id"
//	shape.RowsPerIndividual = 20
//	shape.Varying = 0.1
package kanontest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/kanon"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// Column describes a generated column.
type Column struct {
	Name string
	// Numeric columns hold integers in [0, Values); categorical ones hold
	// labels. Values defaults to 5.
	Numeric bool
	Values  int
	// Domain, when not empty, lists the values to draw instead: the
	// user's own (ZIP codes, diagnoses), the first ones the most often.
	// Values is then ignored.
	Domain []string
	// Depth is the number of hierarchy levels above the values, the top
	// included, of a random hierarchy over them. 0 leaves the column
	// without a hierarchy, so the automatic one applies (ranges or
	// intervals for numeric, value → "*" for categorical).
	Depth int
	// Hierarchy, when not nil, is the quasi-identifier's hierarchy
	// instead of a random one (Depth is then ignored): the user's own,
	// read with kanon.ReadHierarchy. It must cover every value drawn, so
	// give it with a Domain of its values (kanon.Hierarchy.Values).
	Hierarchy *kanon.Hierarchy
}

// Shape describes generated tables.
type Shape struct {
	MinRows, MaxRows int // defaults 1 and 200
	QuasiIdentifiers []Column
	Sensitive        []Column

	// Individual, when not empty, names a column that identifies the
	// individual each row is about, declared as the schema's Individual.
	// Each individual has 1 to RowsPerIndividual rows, and the rows of all
	// individuals are shuffled together.
	Individual string
	// RowsPerIndividual is the largest number of rows of one individual;
	// the default is 6.
	RowsPerIndividual int
	// Varying is the share of individuals, in [0, 1], whose rows draw their
	// quasi-identifiers afresh, row by row; the other individuals' rows
	// all share the quasi-identifiers of their first. Sensitive values are
	// constant per individual for half of the individuals (like a
	// diagnosis) and drawn per row for the others (like a measurement).
	Varying float64
}

// DefaultShape has four quasi-identifiers of mixed kinds and one sensitive
// attribute.
func DefaultShape() Shape {
	return Shape{
		MinRows: 1, MaxRows: 200,
		QuasiIdentifiers: []Column{
			{Name: "age", Numeric: true, Values: 50, Depth: 3},
			{Name: "zip", Values: 12, Depth: 3},
			{Name: "sex", Values: 2},
			{Name: "height", Numeric: true, Values: 30},
		},
		Sensitive: []Column{{Name: "diagnosis", Values: 6}},
	}
}

func (s Shape) rows() (int, int) {
	lo, hi := s.MinRows, s.MaxRows
	if lo < 1 {
		lo = 1
	}
	if hi == 0 {
		hi = 200
	}
	return lo, max(lo, hi)
}

func (c Column) values() int {
	switch {
	case len(c.Domain) > 0:
		return len(c.Domain)
	case c.Values < 1:
		return 5
	}
	return c.Values
}

// Tables generates *kanon.Table values of the given shape. Cell values are
// skewed so that tables have both crowded and rare combinations.
func Tables(s Shape) gopter.Gen {
	lo, hi := s.rows()
	return gopter.CombineGens(gen.IntRange(lo, hi), gen.UInt64()).Map(func(v []any) *kanon.Table {
		t, err := Table(s, v[0].(int), v[1].(uint64))
		if err != nil {
			panic(err) // a shape that cannot be built is a bug in the test
		}
		return t
	})
}

// Table builds the table of shape s with n rows drawn from seed. Tables
// and Cases use it; it is exported to reproduce a failing case.
func Table(s Shape, n int, seed uint64) (*kanon.Table, error) {
	rows, schema, err := generate(s, n, seed)
	if err != nil {
		return nil, err
	}
	return kanon.NewTable(schema, rows)
}

// Rows returns the rows of Table(s, n, seed) as strings, with the schema to
// build it: to rebuild the same data under another schema, for example
// without its individual column.
func Rows(s Shape, n int, seed uint64) ([][]string, kanon.Schema, error) {
	return generate(s, n, seed)
}

func generate(s Shape, n int, seed uint64) ([][]string, kanon.Schema, error) {
	rng := rand.New(rand.NewPCG(seed, 0x6b616e6f6e))
	var schema kanon.Schema
	for _, c := range s.QuasiIdentifiers {
		a := kanon.Attribute{Name: c.Name, Type: kanon.Categorical}
		if c.Numeric {
			a.Type = kanon.Numeric
		}
		switch {
		case c.Hierarchy != nil:
			a.Hierarchy = c.Hierarchy
		case c.Depth > 0:
			h, err := hierarchy(c, rng)
			if err != nil {
				return nil, kanon.Schema{}, err
			}
			a.Hierarchy = h
		}
		schema.QuasiIdentifiers = append(schema.QuasiIdentifiers, a)
	}
	for _, c := range s.Sensitive {
		schema.Sensitive = append(schema.Sensitive, c.Name)
		typ := kanon.Categorical
		if c.Numeric {
			typ = kanon.Numeric
		}
		schema.SensitiveTypes = append(schema.SensitiveTypes, typ)
	}
	cols := append(append([]Column(nil), s.QuasiIdentifiers...), s.Sensitive...)
	draw := func(c Column) string {
		u := rng.Float64()
		return value(c, int(float64(c.values())*u*u))
	}
	rows := make([][]string, 0, n)
	if s.Individual == "" {
		for range n {
			row := make([]string, len(cols))
			for i, c := range cols {
				row[i] = draw(c)
			}
			rows = append(rows, row)
		}
		return rows, schema, nil
	}
	schema.Individual = s.Individual
	per := s.RowsPerIndividual
	if per < 1 {
		per = 6
	}
	nq := len(s.QuasiIdentifiers)
	for id := 0; len(rows) < n; id++ {
		m := min(1+rng.IntN(per), n-len(rows))
		varying := rng.Float64() < s.Varying
		measured := rng.IntN(2) == 0
		first := make([]string, len(cols)+1)
		for i, c := range cols {
			first[i] = draw(c)
		}
		first[len(cols)] = "person-" + strconv.Itoa(id)
		for j := range m {
			row := append([]string(nil), first...)
			if j > 0 {
				for i, c := range cols {
					if (i < nq && varying) || (i >= nq && measured) {
						row[i] = draw(c)
					}
				}
			}
			rows = append(rows, row)
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows, schema, nil
}

func value(c Column, j int) string {
	if len(c.Domain) > 0 {
		return c.Domain[j]
	}
	if c.Numeric {
		return strconv.Itoa(j)
	}
	return c.Name + "-" + strconv.Itoa(j)
}

// hierarchy builds a random hierarchy of depth c.Depth over all the
// column's possible values.
func hierarchy(c Column, rng *rand.Rand) (*kanon.Hierarchy, error) {
	if c.Numeric {
		widths := make([]float64, 0, c.Depth-1)
		w := float64(1 + rng.IntN(3))
		for range c.Depth - 1 {
			widths = append(widths, w)
			w *= float64(2 + rng.IntN(2))
		}
		if len(widths) == 0 {
			return kanon.NewHierarchy(flatRows(c))
		}
		return kanon.Intervals(widths...)
	}
	return kanon.NewHierarchy(treeRows(c, c.values(), rng))
}

func flatRows(c Column) [][]string {
	rows := make([][]string, c.values())
	for j := range rows {
		rows[j] = []string{value(c, j), "*"}
	}
	return rows
}

// treeRows draws a nested grouping: each level assigns every node of the
// level below to one of fewer groups.
func treeRows(c Column, n int, rng *rand.Rand) [][]string {
	rows := make([][]string, n)
	node := make([]int, n) // current node of each value
	for j := range rows {
		rows[j] = []string{value(c, j)}
		node[j] = j
	}
	width := n
	for l := 1; l < c.Depth; l++ {
		groups := max(1, width/2+rng.IntN(max(1, width/2)))
		parent := make([]int, width)
		for i := range parent {
			parent[i] = rng.IntN(groups)
		}
		for j := range rows {
			node[j] = parent[node[j]]
			rows[j] = append(rows[j], fmt.Sprintf("L%d-%d", l, node[j]))
		}
		width = groups
	}
	for j := range rows {
		rows[j] = append(rows[j], "*")
	}
	return rows
}

// Hierarchies generates explicit hierarchies of the given depth over the
// values, with random nested groupings.
func Hierarchies(values []string, depth int) gopter.Gen {
	return gen.UInt64().Map(func(seed uint64) *kanon.Hierarchy {
		rng := rand.New(rand.NewPCG(seed, 0x68696572))
		rows := treeRows(Column{Depth: depth}, len(values), rng)
		for j, v := range values {
			rows[j][0] = v
		}
		h, err := kanon.NewHierarchy(rows)
		if err != nil {
			panic(err)
		}
		return h
	})
}

// Parameters returns gopter test parameters that require runs
// successful tests, or a fifth of them (at least 10) under go test -short
// or the race detector. It must be called from a test.
func Parameters(runs int) *gopter.TestParameters {
	p := gopter.DefaultTestParameters()
	p.MinSuccessfulTests = runs
	if testing.Short() || testenv.Race {
		p.MinSuccessfulTests = max(10, runs/5)
	}
	return p
}

// Models describes the privacy models of generated cases.
type Models struct {
	// K is the k of k-anonymity; 0 draws k uniformly from 1 to the number
	// of rows, or of individuals when the shape has an individual column.
	K int
	// Extra models required as well, such as kanon.DistinctLDiversity(3).
	Extra []kanon.Model
	// Suppression is the share of rows Optimal may suppress.
	Suppression float64
	// Metric is what Optimal minimizes.
	Metric kanon.Metric
}

// A Case is a generated table with the configuration to release it.
type Case struct {
	Table  *kanon.Table
	Config kanon.Config
	K      int // the k of Config's k-anonymity model
}

func (c Case) String() string {
	if n := c.Table.Individuals(); n > 0 {
		return fmt.Sprintf("%d rows of %d individuals, models %v, suppression %g", c.Table.Len(), n, c.Config.Models, c.Config.Suppression)
	}
	return fmt.Sprintf("%d rows, models %v, suppression %g", c.Table.Len(), c.Config.Models, c.Config.Suppression)
}

// Cases generates tables of shape s with a configuration drawn from m.
func Cases(s Shape, m Models) gopter.Gen {
	return gopter.CombineGens(Tables(s), gen.Float64Range(0, 1)).Map(func(v []any) Case {
		t := v[0].(*kanon.Table)
		k := m.K
		if k == 0 {
			units := t.Len() // what k counts
			if t.Individuals() > 0 {
				units = t.Individuals()
			}
			k = 1 + int(math.Floor(v[1].(float64)*float64(units)))
			k = min(k, units)
		}
		models := append([]kanon.Model{kanon.KAnonymity(k)}, m.Extra...)
		return Case{Table: t, K: k, Config: kanon.Config{Models: models, Suppression: m.Suppression, Metric: m.Metric}}
	})
}

// An Algorithm releases a table; kanon.Mondrian and kanon.Optimal are
// Algorithms.
type Algorithm func(ctx context.Context, t *kanon.Table, cfg kanon.Config) (*kanon.Result, error)

// Relaxed runs Mondrian in relaxed mode.
func Relaxed(ctx context.Context, t *kanon.Table, cfg kanon.Config) (*kanon.Result, error) {
	cfg.Relaxed = true
	return kanon.Mondrian(ctx, t, cfg)
}

// Satisfies holds when the algorithm's release of every case satisfies the
// models according to kanon.Verify, is truthful, and suppresses no more
// than allowed. It accepts ErrUnsatisfiable only when the table released
// whole as one class, without suppression, violates the models: then
// kanon.Mondrian, which never suppresses, returns it, and no algorithm may
// return it otherwise. An algorithm that may suppress rows can release
// more tables than that; SatisfiesFullDomain holds it to that.
func Satisfies(alg Algorithm, cases gopter.Gen) gopter.Prop {
	return prop.ForAll(func(c Case) (bool, error) {
		res, err := alg(context.Background(), c.Table, c.Config)
		if errors.Is(err, kanon.ErrUnsatisfiable) {
			return unsatisfiableWhole(c)
		}
		if err != nil {
			return false, err
		}
		return Check(c, res)
	}, cases)
}

// SatisfiesFullDomain is Satisfies for full-domain generalization with
// suppression, such as kanon.Optimal: it accepts ErrUnsatisfiable only
// when no combination of hierarchy levels satisfies the models after
// suppressing the classes that violate them ([FullDomain]) within the
// case's suppression limit. It tries the combinations one by one, so it is
// meant for small tables; on tables with more than MaxLattice combinations
// it judges ErrUnsatisfiable as Satisfies does.
func SatisfiesFullDomain(alg Algorithm, cases gopter.Gen) gopter.Prop {
	return prop.ForAll(func(c Case) (bool, error) {
		res, err := alg(context.Background(), c.Table, c.Config)
		if errors.Is(err, kanon.ErrUnsatisfiable) {
			levels, searched, ferr := fullDomainRelease(c)
			switch {
			case ferr != nil:
				return false, ferr
			case !searched:
				return unsatisfiableWhole(c)
			case levels != nil:
				return false, fmt.Errorf("unsatisfiable reported, but levels %v satisfy the models within the suppression limit", levels)
			}
			return true, nil
		}
		if err != nil {
			return false, err
		}
		return Check(c, res)
	}, cases)
}

// unsatisfiableWhole holds when the table released as one class of "*"
// violates the models.
func unsatisfiableWhole(c Case) (bool, error) {
	rep, err := kanon.Verify(c.Table, oneClass{c.Table.Len()}, c.Config.Models...)
	if err != nil {
		return false, err
	}
	if rep.Holds {
		return false, fmt.Errorf("unsatisfiable reported, but one class of all rows satisfies the models")
	}
	return true, nil
}

// Check verifies one release of a case: models, truthfulness and the
// suppression limit. With an individual column it also counts the distinct
// individuals of every class by itself, from the released strings and
// Table.IndividualOf, so that a fault shared by Verify and the algorithms
// does not go unnoticed.
func Check(c Case, res *kanon.Result) (bool, error) {
	rep, err := kanon.Verify(c.Table, res, c.Config.Models...)
	if err != nil {
		return false, err
	}
	if rep.UntruthfulCells > 0 {
		cell := rep.Untruthful[0]
		return false, fmt.Errorf("row %d: released %q does not generalize %q", cell.Row,
			res.Released(cell.Row, cell.QI), c.Table.Value(cell.Row, cell.QI))
	}
	if len(rep.Failures) > 0 {
		f := rep.Failures[0]
		return false, fmt.Errorf("%d classes fail, e.g. %d rows violating %v", len(rep.Failures), len(f.Rows), f.Models)
	}
	if limit := c.SuppressionLimit(); rep.Suppressed > limit {
		return false, fmt.Errorf("%d rows suppressed, limit %d", rep.Suppressed, limit)
	}
	if c.Table.Individuals() > 0 {
		if fewest, rows := fewestIndividuals(c.Table, res); rows > 0 && fewest < c.K {
			return false, fmt.Errorf("a class of %d rows holds %d individuals, k=%d", rows, fewest, c.K)
		}
	}
	return true, nil
}

// fewestIndividuals counts the distinct individuals of every class of a
// release, the classes formed by equal released strings; it returns the
// smallest count and that class's rows (0, 0 when all rows are
// suppressed).
func fewestIndividuals(t *kanon.Table, rel kanon.Release) (fewest, rows int) {
	type class struct {
		rows   int
		people map[int]bool
	}
	classes := map[string]*class{}
	nq := len(t.QuasiIdentifiers())
	for row := range t.Len() {
		if rel.Suppressed(row) {
			continue
		}
		key := ""
		for q := range nq {
			v := rel.Released(row, q)
			key += strconv.Itoa(len(v)) + ":" + v
		}
		cl := classes[key]
		if cl == nil {
			cl = &class{people: map[int]bool{}}
			classes[key] = cl
		}
		cl.rows++
		cl.people[t.IndividualOf(row)] = true
	}
	for _, cl := range classes {
		if fewest == 0 || len(cl.people) < fewest {
			fewest, rows = len(cl.people), cl.rows
		}
	}
	return fewest, rows
}

// oneClass releases the whole table as one class of "*".
type oneClass struct{ n int }

func (e oneClass) Len() int               { return e.n }
func (oneClass) Suppressed(int) bool      { return false }
func (oneClass) Released(int, int) string { return "*" }

// Deterministic holds when two runs on the same case release the same
// values and suppress the same rows.
func Deterministic(alg Algorithm, cases gopter.Gen) gopter.Prop {
	return prop.ForAll(func(c Case) (bool, error) {
		a, errA := alg(context.Background(), c.Table, c.Config)
		b, errB := alg(context.Background(), c.Table, c.Config)
		if (errA == nil) != (errB == nil) {
			return false, fmt.Errorf("errors differ: %v, %v", errA, errB)
		}
		if errA != nil {
			return true, nil
		}
		for row := range c.Table.Len() {
			if a.Suppressed(row) != b.Suppressed(row) {
				return false, fmt.Errorf("row %d: suppression differs", row)
			}
			for q := range c.Table.QuasiIdentifiers() {
				if a.Released(row, q) != b.Released(row, q) {
					return false, fmt.Errorf("row %d: %q vs %q", row, a.Released(row, q), b.Released(row, q))
				}
			}
		}
		return true, nil
	}, cases)
}

// Properties returns the ready-made properties for the shape and models:
// each algorithm (strict and relaxed Mondrian, Optimal) satisfies the
// models, is truthful, respects the suppression limit (Optimal returns
// ErrUnsatisfiable only when no full-domain generalization satisfies the
// models within it), reports the classes and metrics of the release it
// makes, and is deterministic.
func Properties(params *gopter.TestParameters, s Shape, m Models) *gopter.Properties {
	props := gopter.NewProperties(params)
	cases := Cases(s, m)
	algs := []struct {
		name      string
		alg       Algorithm
		satisfies func(Algorithm, gopter.Gen) gopter.Prop
	}{
		{"Mondrian", kanon.Mondrian, Satisfies},
		{"relaxed Mondrian", Relaxed, Satisfies},
		{"Optimal", kanon.Optimal, SatisfiesFullDomain},
	}
	for _, a := range algs {
		props.Property(a.name+" satisfies the models, truthfully, within the suppression limit", a.satisfies(a.alg, cases))
		props.Property(a.name+" reports the classes and metrics of its release", ConsistentMetrics(a.alg, cases))
		props.Property(a.name+" is deterministic", Deterministic(a.alg, cases))
	}
	return props
}
