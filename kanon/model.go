package kanon

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// A Model is a privacy model that every equivalence class of a release
// must satisfy. Models are values; pass several to require all of them,
// for example k-anonymity together with l-diversity.
//
// l-diversity and t-closeness constrain every sensitive attribute of the
// table; with an individual column they count each individual once per
// value.
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
// that each released row matches at least k rows on the quasi-identifiers;
// with an individual column ([Schema].Individual), at least k distinct
// individuals.
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

	// With an individual column, k counts distinct individuals and a
	// sensitive value counts once per individual who has it in a class:
	// ind holds the individual of each row, and sensCodes the code of each
	// row's (individual, value) pair, which pairVal maps to the value.
	// Without one, sensCodes are the value codes themselves and pairVal is
	// nil.
	ind       []int32
	inds      int
	sensCodes [][]int32
	pairVal   [][]int32
}

type sensInfo struct {
	name    string
	size    int
	numeric bool
	dist    []float64 // share of each value in the whole table
}

// validModels checks the models for t and returns their specifications,
// without repeats.
func validModels(t *Table, models []Model) ([]modelSpec, error) {
	if len(models) == 0 {
		return nil, fmt.Errorf("%w: no privacy model; list at least one in Config.Models, such as KAnonymity(5)", ErrConfig)
	}
	var specs []modelSpec
	for _, m := range models {
		if m == nil {
			return nil, fmt.Errorf("%w: nil model", ErrConfig)
		}
		s := m.spec()
		if err := s.validate(); err != nil {
			return nil, err
		}
		if s.kind != kAnon && len(t.sens) == 0 {
			return nil, fmt.Errorf("%w: %v needs a sensitive attribute; name it in Schema.Sensitive", ErrConfig, s)
		}
		if !slices.Contains(specs, s) {
			specs = append(specs, s)
		}
	}
	return specs, nil
}

func newChecker(t *Table, models []Model) (*checker, error) {
	specs, err := validModels(t, models)
	if err != nil {
		return nil, err
	}
	c := &checker{k: 1, ind: t.ind.codes, inds: t.ind.count}
	for _, s := range specs {
		if s.kind == kAnon {
			c.k = max(c.k, s.k)
			continue
		}
		c.models = append(c.models, s)
	}
	if len(c.models) == 0 {
		return c, nil
	}
	for i := range t.sens {
		col := &t.sens[i]
		si := sensInfo{name: col.name, size: col.dom.size(), numeric: col.dom.numeric}
		si.dist = make([]float64, si.size)
		if c.byIndividual() {
			pairs, vals := individualPairs(c.ind, col.codes)
			c.sensCodes = append(c.sensCodes, pairs)
			c.pairVal = append(c.pairVal, vals)
			for _, v := range vals {
				si.dist[v]++
			}
			for j := range si.dist {
				si.dist[j] /= float64(len(vals))
			}
		} else {
			c.sensCodes = append(c.sensCodes, col.codes)
			for _, code := range col.codes {
				si.dist[code]++
			}
			for j := range si.dist {
				si.dist[j] /= float64(t.n)
			}
		}
		c.sens = append(c.sens, si)
	}
	return c, nil
}

// individualPairs numbers the distinct (individual, value) pairs of a
// sensitive column in order of first appearance: pairs holds each row's
// pair and vals the value of each pair.
func individualPairs(ind, codes []int32) (pairs, vals []int32) {
	pairs = make([]int32, len(codes))
	var ht groupTable
	ht.reset(min(len(codes), 1<<16))
	for r, v := range codes {
		if ht.full(len(vals)) {
			ht.grow()
		}
		key := uint64(uint32(ind[r]))<<32 | uint64(uint32(v))
		p, added := ht.lookup(key, int32(len(vals)), nil)
		if added {
			vals = append(vals, v)
		}
		pairs[r] = p
	}
	return pairs, vals
}

// byIndividual reports whether k counts individuals rather than rows.
func (c *checker) byIndividual() bool { return c.ind != nil }

// monotone reports whether merging two classes that satisfy the models, or
// a satisfying one and a violating one, yields a satisfying class whatever
// the counts: true of k-anonymity and distinct l-diversity, whose counts of
// individuals and values only grow by a merger. Entropy and recursive
// l-diversity and t-closeness are preserved only by merging two satisfying
// classes whose counts add up.
func (c *checker) monotone() bool {
	for _, m := range c.models {
		if m.kind != distinctL {
			return false
		}
	}
	return true
}

// needHist reports whether the models need the sensitive values of a class.
func (c *checker) needHist() bool { return len(c.models) > 0 }

// needScan reports whether checking a class needs more than its row count.
func (c *checker) needScan() bool { return c.needHist() || c.byIndividual() }

// sensSize is the number of distinct codes in sensCodes[i].
func (c *checker) sensSize(i int) int {
	if c.pairVal != nil {
		return len(c.pairVal[i])
	}
	return c.sens[i].size
}

// size is what k-anonymity counts in a class: individuals or rows.
func (c *checker) size(h *hist) int {
	if c.byIndividual() {
		return h.inds
	}
	return h.n
}

// hist holds what the models need to know of one class: its rows, its
// distinct individuals, and its sensitive value counts.
type hist struct {
	n       int
	inds    int       // distinct individuals, with an individual column
	counts  [][]int32 // per sensitive attribute, dense by code
	touched [][]int32 // codes with a non-zero count
	total   []int32   // per sensitive attribute, the sum of counts
	ranked  []int32   // scratch: counts sorted for recursive (c,l)-diversity

	// With an individual column, the individuals and (individual, value)
	// pairs seen in the class carry the current epoch, so that a reset
	// costs nothing.
	indSeen  []uint32
	pairSeen [][]uint32
	pairVal  [][]int32
	epoch    uint32
}

func (c *checker) newHist() *hist {
	h := &hist{epoch: 1}
	if c.needHist() {
		h.counts = make([][]int32, len(c.sens))
		h.touched = make([][]int32, len(c.sens))
		h.total = make([]int32, len(c.sens))
		for i := range c.sens {
			h.counts[i] = make([]int32, c.sens[i].size)
		}
	}
	if c.byIndividual() {
		h.indSeen = make([]uint32, c.inds)
		if c.needHist() {
			h.pairVal = c.pairVal
			h.pairSeen = make([][]uint32, len(c.sens))
			for i := range c.sens {
				h.pairSeen[i] = make([]uint32, c.sensSize(i))
			}
		}
	}
	return h
}

func (h *hist) reset() {
	h.n, h.inds = 0, 0
	for i, tc := range h.touched {
		for _, code := range tc {
			h.counts[i][code] = 0
		}
		h.touched[i] = tc[:0]
		h.total[i] = 0
	}
	if h.indSeen != nil {
		h.epoch++
		if h.epoch == 0 { // wrapped: forget every stamp
			clear(h.indSeen)
			for _, s := range h.pairSeen {
				clear(s)
			}
			h.epoch = 1
		}
	}
}

// addInd counts individual e in the class.
func (h *hist) addInd(e int32) {
	if h.indSeen[e] != h.epoch {
		h.indSeen[e] = h.epoch
		h.inds++
	}
}

// addSens counts code (of checker.sensCodes) of sensitive attribute i with
// weight w; with an individual column, code is a pair, counted once.
func (h *hist) addSens(i int, code int32, w int32) {
	if h.pairVal != nil {
		if h.pairSeen[i][code] == h.epoch {
			return
		}
		h.pairSeen[i][code] = h.epoch
		code, w = h.pairVal[i][code], 1
	}
	h.addValue(i, code, w)
}

// addValue counts value code of sensitive attribute i with weight w > 0.
func (h *hist) addValue(i int, code int32, w int32) {
	if h.counts[i][code] == 0 {
		h.touched[i] = append(h.touched[i], code)
	}
	h.counts[i][code] += w
	h.total[i] += w
}

// addRows adds table rows to the class.
func (c *checker) addRows(h *hist, rows []int32) {
	h.n += len(rows)
	if c.byIndividual() {
		for _, r := range rows {
			h.addInd(c.ind[r])
		}
	}
	for i := range h.counts {
		codes := c.sensCodes[i]
		for _, r := range rows {
			h.addSens(i, codes[r], 1)
		}
	}
}

// holds reports whether a class satisfies every model.
func (c *checker) holds(h *hist) bool {
	if c.size(h) < c.k {
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

// explain says which models a class violates and by how much, in counts
// (never values), and what would let it hold.
func (c *checker) explain(h *hist) string {
	var out []string
	if n := c.size(h); n < c.k {
		unit := "rows"
		if c.byIndividual() {
			unit = fmt.Sprintf("individuals (in %d rows)", h.n)
		}
		out = append(out, fmt.Sprintf("%d-anonymity: %d %s, %d needed; lower k or add data", c.k, n, unit, c.k))
	}
	for _, m := range c.models {
		for i := range c.sens {
			if c.holdsOne(m, i, h) {
				continue
			}
			name, distinct := c.sens[i].name, len(h.touched[i])
			switch m.kind {
			case distinctL:
				out = append(out, fmt.Sprintf("%v: %q has %d distinct values, %g needed; lower l", m, name, distinct, m.l))
			case entropyL:
				out = append(out, fmt.Sprintf("%v: %q has the entropy of %.2f equally frequent values, %g needed; lower l",
					m, name, math.Exp(c.entropy(i, h)), m.l))
			case recursiveCL:
				out = append(out, fmt.Sprintf("%v: %q has %d distinct values, the most frequent too frequent for c=%g; raise c or lower l",
					m, name, distinct, m.c))
			default:
				out = append(out, fmt.Sprintf("%v: %q; raise t", m, name))
			}
			break
		}
	}
	return strings.Join(out, "; ")
}

const eps = 1e-9

func (c *checker) holdsOne(m modelSpec, i int, h *hist) bool {
	touched, counts := h.touched[i], h.counts[i]
	switch m.kind {
	case distinctL:
		return float64(len(touched)) >= m.l
	case entropyL:
		return c.entropy(i, h) >= math.Log(m.l)-eps
	case recursiveCL:
		l := int(m.l)
		if len(touched) < l {
			return false
		}
		r := h.ranked[:0]
		for _, code := range touched {
			r = append(r, counts[code])
		}
		h.ranked = r
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

// entropy is the entropy of the class's values of sensitive attribute i.
func (c *checker) entropy(i int, h *hist) float64 {
	n, e := float64(h.total[i]), 0.0
	for _, code := range h.touched[i] {
		p := float64(h.counts[i][code]) / n
		e -= p * math.Log(p)
	}
	return e
}

// emd is the Earth Mover's Distance between the class's distribution of
// sensitive attribute i and the table's.
func (c *checker) emd(i int, h *hist) float64 {
	s := &c.sens[i]
	counts := h.counts[i]
	n := float64(h.total[i])
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
