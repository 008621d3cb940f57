package kanon

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// popMatch is a population matched against a release.
type popMatch struct {
	counts    []int64 // per class: people of the population in the cells it covers
	people    []int   // per class: its people, individuals or rows
	unmatched int64   // people of the population in cells no class covers
}

// matchPopulation counts, for every class of the release, the people of
// pop in the cells its released values cover (see [Population]).
//
// Per quasi-identifier, the population values each distinct released
// value covers are listed once. A class's cells are then those reached
// from its most selective quasi-identifier, checked against the others by
// stamping their covered values: the cost grows with the cells each class
// covers, not with classes times cells.
func (r *Result) matchPopulation(pop *Population) (*popMatch, error) {
	t := r.Table()
	names := t.QuasiIdentifiers()
	if len(names) != len(pop.attrs) {
		return nil, fmt.Errorf("%w: the population has %d quasi-identifiers, the table %d", ErrPopulation, len(pop.attrs), len(names))
	}
	d := len(names)
	pq := make([]int, d) // table quasi-identifier -> population's
	for q, name := range names {
		pq[q] = slices.IndexFunc(pop.attrs, func(a Attribute) bool { return a.Name == name })
		if pq[q] < 0 {
			return nil, fmt.Errorf("%w: quasi-identifier %q is not in the population", ErrPopulation, name)
		}
		if h := pop.attrs[pq[q]].Hierarchy; h != nil && h.Depth() != t.Levels(q) {
			return nil, fmt.Errorf("%w: the population's hierarchy of %q has %d levels, the table's %d", ErrPopulation, name, h.Depth(), t.Levels(q))
		}
	}
	m := &popMatch{counts: make([]int64, r.Classes()), people: r.classPeople()}
	rep := make([]int, r.Classes()) // a row of each class
	for i := range rep {
		rep[i] = -1
	}
	for row := range r.Len() {
		if c := r.Class(row); c >= 0 && rep[c] < 0 {
			rep[c] = row
		}
	}
	// cover[q][c]: the population codes of q that class c's released value
	// covers; nil when it is "*".
	cover := make([][][]int32, d)
	for q := range d {
		cv := newCoverage(t, q, pop, pq[q])
		cover[q] = make([][]int32, r.Classes())
		for c, row := range rep {
			cover[q][c] = cv.of(r.Released(row, q))
		}
	}
	ncell := len(pop.counts)
	cellsOf := make([][][]int32, d) // [q][code]: the cells with that value
	stamp := make([][]int32, d)     // [q][code]: 1 + the last class that covered it
	for q := range d {
		cellsOf[q] = make([][]int32, len(pop.values[pq[q]]))
		stamp[q] = make([]int32, len(pop.values[pq[q]]))
		for cell := range ncell {
			code := pop.cells[cell*len(pop.attrs)+pq[q]]
			cellsOf[q][code] = append(cellsOf[q][code], int32(cell))
		}
	}
	matched := make([]bool, ncell)
	var constrained []int
	for c := range rep {
		constrained = constrained[:0]
		best := -1
		for q := range d {
			if cover[q][c] == nil {
				continue
			}
			constrained = append(constrained, q)
			for _, code := range cover[q][c] {
				stamp[q][code] = int32(c) + 1
			}
			if best < 0 || len(cover[q][c]) < len(cover[best][c]) {
				best = q
			}
		}
		visit := func(cell int) {
			for _, q := range constrained {
				if stamp[q][pop.cells[cell*len(pop.attrs)+pq[q]]] != int32(c)+1 {
					return
				}
			}
			m.counts[c] += pop.counts[cell]
			matched[cell] = true
		}
		if best < 0 { // released as "*" throughout
			for cell := range ncell {
				visit(cell)
			}
			continue
		}
		for _, code := range cover[best][c] {
			for _, cell := range cellsOf[best][code] {
				visit(int(cell))
			}
		}
	}
	for cell, ok := range matched {
		if !ok {
			m.unmatched += pop.counts[cell]
		}
	}
	return m, nil
}

// coverage finds the population values of one quasi-identifier that a
// released value covers.
type coverage struct {
	byLabel map[string][]int32 // value or label -> population codes it covers
	numeric bool
	spans   []realSpan // population values that are numbers or intervals, by lower bound
	codes   []int32    // the code of each span
	memo    map[string][]int32
}

// realSpan is a real interval [lo, hi], or [lo, hi) when open.
type realSpan struct {
	lo, hi float64
	open   bool
}

func newCoverage(t *Table, q int, pop *Population, pq int) *coverage {
	h := pop.attrs[pq].Hierarchy
	values := pop.values[pq]
	cv := &coverage{byLabel: map[string][]int32{}, numeric: t.IsNumeric(q), memo: map[string][]int32{}}
	// above[l]: the labels above label l, read from a value that has it.
	var above map[string][]string
	if h != nil {
		above = map[string][]string{}
		learn := func(labels []string) {
			for j, l := range labels {
				if _, ok := above[l]; !ok {
					above[l] = labels[j+1:]
				}
			}
		}
		for _, row := range h.rows {
			learn(row.labels)
		}
		seen := map[string]bool{}
		for row := range t.Len() {
			if v := t.Value(row, q); !seen[v] {
				seen[v] = true
				if l, _, err := h.labels(v); err == nil {
					learn(l)
				}
			}
		}
		for _, v := range values {
			if l, _, err := h.labels(v); err == nil {
				learn(l)
			}
		}
	}
	for code, v := range values {
		c := int32(code)
		cv.byLabel[v] = append(cv.byLabel[v], c)
		var up []string
		if h != nil {
			if l, _, err := h.labels(v); err == nil {
				up = l
			} else {
				up = above[v]
			}
		}
		for _, l := range up {
			if l != v {
				cv.byLabel[l] = append(cv.byLabel[l], c)
			}
		}
		if cv.numeric {
			if s, ok := parseSpan(v); ok {
				cv.spans = append(cv.spans, s)
				cv.codes = append(cv.codes, c)
			}
		}
	}
	for l, codes := range cv.byLabel {
		slices.Sort(codes)
		cv.byLabel[l] = slices.Compact(codes)
	}
	order := make([]int, len(cv.spans))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(cv.spans[a].lo, cv.spans[b].lo) })
	spans, codes := make([]realSpan, len(order)), make([]int32, len(order))
	for i, o := range order {
		spans[i], codes[i] = cv.spans[o], cv.codes[o]
	}
	cv.spans, cv.codes = spans, codes
	return cv
}

// of returns the population codes that released value v covers, nil for
// "*" (every value).
func (cv *coverage) of(v string) []int32 {
	if v == "*" {
		return nil
	}
	if got, ok := cv.memo[v]; ok {
		return got
	}
	out := append([]int32{}, cv.byLabel[v]...)
	if s, ok := parseSpan(v); ok && cv.numeric {
		i, _ := slices.BinarySearchFunc(cv.spans, s.lo, func(e realSpan, lo float64) int { return cmp.Compare(e.lo, lo) })
		for ; i < len(cv.spans) && cv.spans[i].lo <= s.hi; i++ {
			if p := cv.spans[i]; p.hi < s.hi || (p.hi == s.hi && (!s.open || p.open)) {
				out = append(out, cv.codes[i])
			}
		}
		slices.Sort(out)
		out = slices.Compact(out)
	}
	cv.memo[v] = out
	return out
}

// parseSpan reads a number, a range "[lo, hi]" or an interval "[lo, hi)",
// the forms in which this package writes numeric values.
func parseSpan(v string) (realSpan, bool) {
	num := func(s string) (float64, bool) {
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	v = strings.TrimSpace(v)
	if x, ok := num(v); ok {
		return realSpan{lo: x, hi: x}, true
	}
	if len(v) < 2 || v[0] != '[' || (v[len(v)-1] != ']' && v[len(v)-1] != ')') {
		return realSpan{}, false
	}
	a, b, found := strings.Cut(v[1:len(v)-1], ",")
	lo, ok1 := num(a)
	hi, ok2 := num(b)
	open := v[len(v)-1] == ')'
	if !found || !ok1 || !ok2 || lo > hi || (open && lo == hi) {
		return realSpan{}, false
	}
	return realSpan{lo: lo, hi: hi, open: open}, true
}
