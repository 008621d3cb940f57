package kanon

import (
	"fmt"
	"math"
	"slices"
)

// A Model is a privacy model that every equivalence class of a release
// must satisfy. Models are values; pass several to require all of them,
// for example k-anonymity together with l-diversity.
//
// l-diversity and t-closeness constrain every sensitive attribute of the
// table.
type Model interface {
	fmt.Stringer
	spec() modelSpec
}

type modelKind int

const (
	kAnon modelKind = iota
	distinctL
	entropyL
	recursiveCL
	tClose
)

type modelSpec struct {
	kind modelKind
	k    int
	l    float64
	c    float64
	t    float64
}

func (m modelSpec) spec() modelSpec { return m }

func (m modelSpec) String() string {
	switch m.kind {
	case kAnon:
		return fmt.Sprintf("%d-anonymity", m.k)
	case distinctL:
		return fmt.Sprintf("distinct %g-diversity", m.l)
	case entropyL:
		return fmt.Sprintf("entropy %g-diversity", m.l)
	case recursiveCL:
		return fmt.Sprintf("recursive (%g,%g)-diversity", m.c, m.l)
	case tClose:
		return fmt.Sprintf("%g-closeness", m.t)
	}
	return "unknown model"
}

// KAnonymity requires every equivalence class to hold at least k rows, so
// that each released row matches at least k rows on the quasi-identifiers.
func KAnonymity(k int) Model { return modelSpec{kind: kAnon, k: k} }

// DistinctLDiversity requires at least l distinct sensitive values in every
// equivalence class.
func DistinctLDiversity(l int) Model { return modelSpec{kind: distinctL, l: float64(l)} }

// EntropyLDiversity requires the entropy of the sensitive values of every
// equivalence class to be at least log(l).
func EntropyLDiversity(l float64) Model { return modelSpec{kind: entropyL, l: l} }

// RecursiveCLDiversity requires, in every equivalence class with sensitive
// value counts r1 ≥ r2 ≥ ... ≥ rm, at least l values and r1 < c·(rl + ... + rm):
// the most frequent value does not dominate the others.
func RecursiveCLDiversity(c float64, l int) Model {
	return modelSpec{kind: recursiveCL, c: c, l: float64(l)}
}

// TCloseness requires the distribution of the sensitive values in every
// equivalence class to be within Earth Mover's Distance t of their
// distribution in the whole table: with equal ground distance for
// categorical attributes and ordered distance for numeric ones.
func TCloseness(t float64) Model { return modelSpec{kind: tClose, t: t} }

func (m modelSpec) validate() error {
	switch m.kind {
	case kAnon:
		if m.k < 1 {
			return fmt.Errorf("%w: k must be at least 1, got %d", ErrConfig, m.k)
		}
	case distinctL, entropyL:
		if !(m.l >= 1) || math.IsInf(m.l, 0) {
			return fmt.Errorf("%w: l must be at least 1, got %g", ErrConfig, m.l)
		}
	case recursiveCL:
		if !(m.l >= 1) || !(m.c > 0) || math.IsInf(m.c, 0) {
			return fmt.Errorf("%w: recursive (c,l)-diversity needs c > 0 and l ≥ 1", ErrConfig)
		}
	case tClose:
		if !(m.t >= 0) || math.IsInf(m.t, 0) {
			return fmt.Errorf("%w: t must be a number ≥ 0, got %g", ErrConfig, m.t)
		}
	default:
		return fmt.Errorf("%w: unknown model", ErrConfig)
	}
	return nil
}

// checker evaluates a set of models on equivalence classes of one table.
type checker struct {
	k      int
	models []modelSpec // the models on sensitive values
	sens   []sensInfo
}

type sensInfo struct {
	size    int
	numeric bool
	dist    []float64 // share of each value in the whole table
}

func newChecker(t *Table, models []Model) (*checker, error) {
	if len(models) == 0 {
		return nil, fmt.Errorf("%w: no privacy model", ErrConfig)
	}
	c := &checker{k: 1}
	for _, m := range models {
		if m == nil {
			return nil, fmt.Errorf("%w: nil model", ErrConfig)
		}
		s := m.spec()
		if err := s.validate(); err != nil {
			return nil, err
		}
		if s.kind == kAnon {
			c.k = max(c.k, s.k)
			continue
		}
		if len(t.sens) == 0 {
			return nil, fmt.Errorf("%w: %v needs a sensitive attribute", ErrConfig, s)
		}
		c.models = append(c.models, s)
	}
	if len(c.models) > 0 {
		for i := range t.sens {
			col := &t.sens[i]
			si := sensInfo{size: col.dom.size(), numeric: col.dom.numeric}
			si.dist = make([]float64, si.size)
			for _, code := range col.codes {
				si.dist[code]++
			}
			for j := range si.dist {
				si.dist[j] /= float64(t.n)
			}
			c.sens = append(c.sens, si)
		}
	}
	return c, nil
}

func (c *checker) needHist() bool { return len(c.models) > 0 }

// hist holds the sensitive value counts of one class.
type hist struct {
	n       int
	counts  [][]int32 // per sensitive attribute, dense by code
	touched [][]int32 // codes with a non-zero count
}

func newHist(t *Table, need bool) *hist {
	h := &hist{}
	if need {
		h.counts = make([][]int32, len(t.sens))
		h.touched = make([][]int32, len(t.sens))
		for i := range t.sens {
			h.counts[i] = make([]int32, t.sens[i].dom.size())
		}
	}
	return h
}

func (h *hist) reset() {
	h.n = 0
	for i, tc := range h.touched {
		for _, code := range tc {
			h.counts[i][code] = 0
		}
		h.touched[i] = tc[:0]
	}
}

func (h *hist) addCode(i int, code int32, w int32) {
	if h.counts[i][code] == 0 {
		h.touched[i] = append(h.touched[i], code)
	}
	h.counts[i][code] += w
}

// addRows adds rows of table t.
func (h *hist) addRows(t *Table, rows []int32) {
	h.n += len(rows)
	for i := range h.counts {
		codes := t.sens[i].codes
		for _, r := range rows {
			h.addCode(i, codes[r], 1)
		}
	}
}

// holds reports whether a class of size n with sensitive counts h (nil when
// no model needs them) satisfies every model.
func (c *checker) holds(h *hist) bool {
	if h.n < c.k {
		return false
	}
	for _, m := range c.models {
		for i := range c.sens {
			if !c.holdsOne(m, i, h) {
				return false
			}
		}
	}
	return true
}

// failing lists the models a class violates.
func (c *checker) failing(h *hist) []string {
	var out []string
	if h.n < c.k {
		out = append(out, fmt.Sprintf("%d-anonymity", c.k))
	}
	for _, m := range c.models {
		for i := range c.sens {
			if !c.holdsOne(m, i, h) {
				out = append(out, m.String())
				break
			}
		}
	}
	return out
}

const eps = 1e-9

func (c *checker) holdsOne(m modelSpec, i int, h *hist) bool {
	touched, counts := h.touched[i], h.counts[i]
	n := float64(h.n)
	switch m.kind {
	case distinctL:
		return float64(len(touched)) >= m.l
	case entropyL:
		e := 0.0
		for _, code := range touched {
			p := float64(counts[code]) / n
			e -= p * math.Log(p)
		}
		return e >= math.Log(m.l)-eps
	case recursiveCL:
		l := int(m.l)
		if len(touched) < l {
			return false
		}
		r := make([]int32, len(touched))
		for j, code := range touched {
			r[j] = counts[code]
		}
		slices.Sort(r)
		slices.Reverse(r)
		tail := 0.0
		for _, x := range r[l-1:] {
			tail += float64(x)
		}
		return float64(r[0]) < m.c*tail
	case tClose:
		return c.emd(i, h) <= m.t+eps
	}
	return false
}

// emd is the Earth Mover's Distance between the class's distribution of
// sensitive attribute i and the table's.
func (c *checker) emd(i int, h *hist) float64 {
	s := &c.sens[i]
	counts := h.counts[i]
	n := float64(h.n)
	if !s.numeric {
		d, covered := 0.0, 0.0
		for _, code := range h.touched[i] {
			d += math.Abs(float64(counts[code])/n - s.dist[code])
			covered += s.dist[code]
		}
		return (d + (1 - covered)) / 2
	}
	if s.size < 2 {
		return 0
	}
	cum, d := 0.0, 0.0
	for code := range s.size {
		cum += float64(counts[code])/n - s.dist[code]
		d += math.Abs(cum)
	}
	return d / float64(s.size-1)
}
