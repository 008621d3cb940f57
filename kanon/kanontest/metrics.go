package kanontest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/deidkit/deidkit/kanon"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// MetricsOf measures a release of t from its released strings alone, as
// kanon.Verify sees it: the equivalence classes are the rows with equal
// released quasi-identifiers. k is the largest k required, by which CAvg
// is divided. It is a slow, independent count to check
// kanon.Result.Metrics against; it fails on a released value that does not
// generalize the original one.
func MetricsOf(t *kanon.Table, rel kanon.Release, k int) (kanon.Metrics, error) {
	n, d := t.Len(), len(t.QuasiIdentifiers())
	if rel.Len() != n {
		return kanon.Metrics{}, fmt.Errorf("release has %d rows, table %d", rel.Len(), n)
	}
	pen := newPenalties(t)
	type class struct {
		rows   []int
		people map[int]bool
	}
	classes := map[string]*class{}
	var order []*class
	classOf := make([]*class, n)
	m := kanon.Metrics{Rows: n}
	cells := 0.0
	var sb strings.Builder
	for row := range n {
		if rel.Suppressed(row) {
			m.Suppressed++
			cells += float64(d)
			continue
		}
		sb.Reset()
		for q := range d {
			v := rel.Released(row, q)
			p, err := pen.of(row, q, v)
			if err != nil {
				return kanon.Metrics{}, err
			}
			cells += p
			sb.WriteString(strconv.Itoa(len(v)))
			sb.WriteByte(':')
			sb.WriteString(v)
		}
		cl := classes[sb.String()]
		if cl == nil {
			cl = &class{people: map[int]bool{}}
			classes[sb.String()] = cl
			order = append(order, cl)
		}
		cl.rows = append(cl.rows, row)
		cl.people[t.IndividualOf(row)] = true
		classOf[row] = cl
	}
	m.Classes = len(order)
	if n > 0 && d > 0 {
		m.NCP = 100 * cells / float64(n*d)
	}
	m.Discernibility = float64(m.Suppressed) * float64(n)
	byPeople := t.Individuals() > 0
	units := func(cl *class) int { // what k counts
		if byPeople {
			return len(cl.people)
		}
		return len(cl.rows)
	}
	sum := 0
	for _, cl := range order {
		m.Discernibility += float64(len(cl.rows)) * float64(len(cl.rows))
		if m.K == 0 || units(cl) < m.K {
			m.K = units(cl)
		}
		if m.MinClassRows == 0 || len(cl.rows) < m.MinClassRows {
			m.MinClassRows = len(cl.rows)
		}
		sum += units(cl)
		for s := range t.Sensitive() {
			vals := map[string]bool{}
			for _, row := range cl.rows {
				vals[t.SensitiveValue(row, s)] = true
			}
			if m.L == 0 || len(vals) < m.L {
				m.L = len(vals)
			}
		}
	}
	if len(order) == 0 {
		return m, nil
	}
	m.CAvg = float64(sum) / float64(len(order)) / float64(k)
	m.ProsecutorMax = 1 / float64(m.K)
	if !byPeople {
		m.ProsecutorAvg = float64(len(order)) / float64(n-m.Suppressed)
		return m, nil
	}
	// Each released individual at the risk of its most exposed class.
	worst := map[int]float64{}
	for row, cl := range classOf {
		if cl != nil {
			e := t.IndividualOf(row)
			worst[e] = math.Max(worst[e], 1/float64(len(cl.people)))
		}
	}
	for _, r := range worst {
		m.ProsecutorAvg += r
	}
	m.Individuals = len(worst)
	m.ProsecutorAvg /= float64(len(worst))
	return m, nil
}

// penalties gives the normalized certainty penalty of released values.
type penalties struct {
	t        *kanon.Table
	distinct []int                        // by quasi-identifier: distinct values
	under    []map[string]map[string]bool // by quasi-identifier: "level|label" -> values under it
	lo, hi   []float64                    // by numeric quasi-identifier: range of the values
}

func newPenalties(t *kanon.Table) *penalties {
	d := len(t.QuasiIdentifiers())
	p := &penalties{t: t, distinct: make([]int, d), under: make([]map[string]map[string]bool, d),
		lo: make([]float64, d), hi: make([]float64, d)}
	for q := range d {
		p.under[q] = map[string]map[string]bool{}
		seen := map[string]bool{}
		p.lo[q], p.hi[q] = math.Inf(1), math.Inf(-1)
		for row := range t.Len() {
			v := t.Value(row, q)
			seen[v] = true
			if t.IsNumeric(q) {
				x, _ := strconv.ParseFloat(v, 64)
				p.lo[q], p.hi[q] = math.Min(p.lo[q], x), math.Max(p.hi[q], x)
			}
			for j := 1; j <= t.Levels(q); j++ {
				key := strconv.Itoa(j) + "|" + t.Generalize(row, q, j)
				if p.under[q][key] == nil {
					p.under[q][key] = map[string]bool{}
				}
				p.under[q][key][v] = true
			}
		}
		p.distinct[q] = len(seen)
	}
	return p
}

// of is the penalty of releasing v for quasi-identifier q of row: 0 for
// the value itself, the share of the values under a hierarchy label, the
// share of the range of a numeric range "[lo, hi]".
func (p *penalties) of(row, q int, v string) (float64, error) {
	t := p.t
	if v == t.Value(row, q) {
		return 0, nil
	}
	for j := 1; j <= t.Levels(q); j++ {
		if t.Generalize(row, q, j) == v {
			c := len(p.under[q][strconv.Itoa(j)+"|"+v])
			if c <= 1 {
				return 0, nil
			}
			return float64(c) / float64(p.distinct[q]), nil
		}
	}
	if t.IsNumeric(q) && strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
		a, b, ok := strings.Cut(v[1:len(v)-1], ", ")
		lo, err1 := strconv.ParseFloat(a, 64)
		hi, err2 := strconv.ParseFloat(b, 64)
		if ok && err1 == nil && err2 == nil {
			if span := p.hi[q] - p.lo[q]; span > 0 {
				return (hi - lo) / span, nil
			}
			return 0, nil
		}
	}
	return 0, fmt.Errorf("row %d: released %q does not generalize quasi-identifier %d", row, v, q)
}

// ConsistentMetrics holds when the algorithm's release of every case
// reports what the release shows: Result.Classes equals the classes
// formed from the released strings, and Result.Metrics equals MetricsOf
// the release, with the case's K.
func ConsistentMetrics(alg Algorithm, cases gopter.Gen) gopter.Prop {
	return prop.ForAll(func(c Case) (bool, error) {
		res, err := alg(context.Background(), c.Table, c.Config)
		if errors.Is(err, kanon.ErrUnsatisfiable) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		want, err := MetricsOf(c.Table, res, c.K)
		if err != nil {
			return false, err
		}
		if res.Classes() != want.Classes {
			return false, fmt.Errorf("the result has %d classes, the released strings %d", res.Classes(), want.Classes)
		}
		if got := res.Metrics(); !sameMetrics(got, want) {
			return false, fmt.Errorf("metrics %+v, recounted from the release %+v", got, want)
		}
		return true, nil
	}, cases)
}

func sameMetrics(a, b kanon.Metrics) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y)) }
	return a.Rows == b.Rows && a.Classes == b.Classes && a.Suppressed == b.Suppressed &&
		a.Individuals == b.Individuals && a.K == b.K && a.MinClassRows == b.MinClassRows && a.L == b.L &&
		near(a.NCP, b.NCP) && near(a.Discernibility, b.Discernibility) && near(a.CAvg, b.CAvg) &&
		near(a.ProsecutorMax, b.ProsecutorMax) && near(a.ProsecutorAvg, b.ProsecutorAvg)
}
