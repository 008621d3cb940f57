package kanon

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Hierarchy tells how the values of one quasi-identifier generalize, level
// by level, from the value itself (level 0) to a single top value (usually
// "*"). Levels must nest: two values that share a label at some level share
// every label above it.
//
// A Hierarchy is either explicit (one row per value, as in ARX's CSV format)
// or a rule that derives the labels from the value (intervals, dates,
// masking). It is immutable and safe for concurrent use.
type Hierarchy struct {
	depth int // levels above the value; the last one is the top
	rows  map[string]hierRow
	rule  func(v string) ([]string, error)
	kind  string
	// layout is the time layout of a dates hierarchy.
	layout string
}

type hierRow struct {
	labels []string // levels 1..depth
	line   int
}

// Depth reports the number of generalization levels above the values, the
// top level included.
func (h *Hierarchy) Depth() int { return h.depth }

// Values returns the values an explicit hierarchy defines, in the order
// of its lines, or nil for a hierarchy given by a rule (Intervals, Dates,
// Masking).
func (h *Hierarchy) Values() []string {
	if h.rows == nil {
		return nil
	}
	vals := make([]string, 0, len(h.rows))
	for v := range h.rows {
		vals = append(vals, v)
	}
	slices.SortFunc(vals, func(a, b string) int { return cmp.Compare(h.rows[a].line, h.rows[b].line) })
	return vals
}

// String describes the hierarchy without listing its values.
func (h *Hierarchy) String() string {
	if h.rows != nil {
		return fmt.Sprintf("kanon.Hierarchy(explicit, %d values, depth %d)", len(h.rows), h.depth)
	}
	return fmt.Sprintf("kanon.Hierarchy(%s, depth %d)", h.kind, h.depth)
}

// labels returns the labels of v for levels 1..depth, and the line of its
// definition (0 for rules). ok is false if an explicit hierarchy lacks v.
func (h *Hierarchy) labels(v string) (labels []string, line int, err error) {
	if h.rows != nil {
		r, ok := h.rows[v]
		if !ok {
			return nil, 0, errMissingValue
		}
		return r.labels, r.line, nil
	}
	l, err := h.rule(v)
	return l, 0, err
}

var errMissingValue = errors.New("value is not in the hierarchy")

// A HierarchyOption changes how an explicit hierarchy is built.
type HierarchyOption func(*hierarchyOptions)

type hierarchyOptions struct {
	implicitTop bool
}

// ImplicitTop accepts an explicit hierarchy whose top level holds several
// values (a tree with several roots) by adding a level "*" above them.
// Without it such a hierarchy is an error: its last column is more often a
// level short than meant to have several tops.
func ImplicitTop() HierarchyOption {
	return func(o *hierarchyOptions) { o.implicitTop = true }
}

// ReadHierarchy reads a hierarchy in ARX's CSV format: one line per value,
// the value first and then its generalizations, most specific first, for
// example "12345;1234*;123**;12***;1****;*". comma is the field delimiter;
// 0 means ';'. Blank lines are skipped. Every line must end with the same
// top value, unless the options include ImplicitTop.
func ReadHierarchy(r io.Reader, comma rune, opts ...HierarchyOption) (*Hierarchy, error) {
	if comma == 0 {
		comma = ';'
	}
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, fmt.Errorf("%w: line %d: malformed CSV", ErrHierarchy, line)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	return newHierarchy(rows, lines, opts)
}

// NewHierarchy builds an explicit hierarchy from rows of the form
// value, level 1, ..., top. Errors name the 1-based row as the line. Every
// row must end with the same top value, unless the options include
// ImplicitTop.
func NewHierarchy(rows [][]string, opts ...HierarchyOption) (*Hierarchy, error) {
	lines := make([]int, len(rows))
	for i := range lines {
		lines[i] = i + 1
	}
	return newHierarchy(rows, lines, opts)
}

func newHierarchy(rows [][]string, lines []int, opts []HierarchyOption) (*Hierarchy, error) {
	var o hierarchyOptions
	for _, opt := range opts {
		opt(&o)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no values", ErrHierarchy)
	}
	depth := len(rows[0]) - 1
	h := &Hierarchy{rows: make(map[string]hierRow, len(rows)), kind: "explicit"}
	for i, rec := range rows {
		if len(rec) < 2 {
			v := ""
			if len(rec) == 1 {
				v = rec[0]
			}
			return nil, &HierarchyError{Line: lines[i], Value: v, Reason: "no generalization levels"}
		}
		if len(rec)-1 != depth {
			return nil, &HierarchyError{Line: lines[i], Value: rec[0],
				Reason: fmt.Sprintf("has %d levels, line %d has %d", len(rec)-1, lines[0], depth)}
		}
		if prev, dup := h.rows[rec[0]]; dup {
			return nil, &HierarchyError{Line: lines[i], Value: rec[0],
				Reason: fmt.Sprintf("defined again (first on line %d)", prev.line)}
		}
		labels := make([]string, depth)
		copy(labels, rec[1:])
		h.rows[rec[0]] = hierRow{labels: labels, line: lines[i]}
	}
	// Check nesting in file order so the error points at the later line.
	n := newNestChecker(depth)
	for i, rec := range rows {
		if err := n.add(rec[0], h.rows[rec[0]].labels, lines[i]); err != nil {
			return nil, err
		}
	}
	h.depth = depth
	if top, line, ok := n.secondTop(); ok && !o.implicitTop {
		first := rows[0][depth]
		return nil, &HierarchyError{Line: line, Value: top, Reason: fmt.Sprintf(
			"a second top value (line %d ends with %q): end every line with the same top, "+
				"or build with kanon.ImplicitTop() to add \"*\" above them", lines[0], first)}
	}
	if n.topCount() > 1 {
		for v, r := range h.rows {
			r.labels = append(r.labels, "*")
			h.rows[v] = r
		}
		h.depth++
	}
	return h, nil
}

// nestChecker verifies that every label has exactly one parent label.
type nestChecker struct {
	parent []map[string]nestEntry // per level 1..depth-1: label -> parent label
	tops   map[string]bool
	// The first top value that differs from the first one, and its line.
	second     string
	secondLine int
}

type nestEntry struct {
	parent string
	line   int
	value  string
}

func newNestChecker(depth int) *nestChecker {
	n := &nestChecker{parent: make([]map[string]nestEntry, depth), tops: map[string]bool{}}
	for i := range n.parent {
		n.parent[i] = map[string]nestEntry{}
	}
	return n
}

func (n *nestChecker) add(value string, labels []string, line int) error {
	for j := 0; j+1 < len(labels); j++ {
		e, ok := n.parent[j][labels[j]]
		if !ok {
			n.parent[j][labels[j]] = nestEntry{parent: labels[j+1], line: line, value: value}
			continue
		}
		if e.parent != labels[j+1] {
			where := fmt.Sprintf("line %d", e.line)
			if e.line == 0 {
				where = fmt.Sprintf("value %q", e.value)
			}
			return &HierarchyError{Line: line, Value: value, Reason: fmt.Sprintf(
				"levels do not nest: %q (level %d) generalizes to %q here but to %q for %s",
				labels[j], j+1, labels[j+1], e.parent, where)}
		}
	}
	if len(labels) > 0 {
		top := labels[len(labels)-1]
		if len(n.tops) == 1 && !n.tops[top] {
			n.second, n.secondLine = top, line
		}
		n.tops[top] = true
	}
	return nil
}

func (n *nestChecker) topCount() int { return len(n.tops) }

// secondTop returns the first top value that differs from the first one,
// and its line.
func (n *nestChecker) secondTop() (string, int, bool) {
	return n.second, n.secondLine, len(n.tops) > 1
}

// Intervals returns a hierarchy for numeric values that groups them into
// intervals [lo, lo+w) aligned at multiples of w, one width per level, and
// then "*". Each width must be a multiple of the one before so that the
// levels nest, e.g. Intervals(5, 10, 20). A width means the decimal number
// of its shortest spelling (0.1 is one tenth, not the float64 nearest to
// it), and bounds are computed exactly on the values' decimal digits and
// spelled one way for each number (see the package documentation), so an
// interval always holds the value it generalizes.
func Intervals(widths ...float64) (*Hierarchy, error) {
	if len(widths) == 0 {
		return nil, fmt.Errorf("%w: Intervals needs at least one width", ErrHierarchy)
	}
	ws := make([]decimal, len(widths))
	for i, w := range widths {
		if !(w > 0) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("%w: interval width %d is not a positive number", ErrHierarchy, i+1)
		}
		ws[i] = decimalOfFloat(w)
		if i > 0 && (cmpDecimal(ws[i], ws[i-1]) < 0 || !isMultiple(ws[i], ws[i-1])) {
			return nil, fmt.Errorf("%w: interval width %v is not a multiple of %v", ErrHierarchy, ws[i], ws[i-1])
		}
	}
	return intervals(ws), nil
}

// intervals is the hierarchy of Intervals for nested widths.
func intervals(ws []decimal) *Hierarchy {
	return &Hierarchy{depth: len(ws) + 1, kind: "intervals", rule: func(v string) ([]string, error) {
		x, ok := parseDecimal(strings.TrimSpace(v))
		if !ok {
			return nil, errors.New("not a number")
		}
		out := make([]string, 0, len(ws)+1)
		for _, w := range ws {
			out = append(out, intervalLabel(floorStep(x, w)))
		}
		return append(out, "*"), nil
	}}
}

func intervalLabel(lo, hi decimal) string {
	return "[" + lo.String() + ", " + hi.String() + ")"
}

// Dates returns a hierarchy for dates written with the given time layout
// (for example "2006-01-02"): day, then month ("2006-01"), year ("2006"),
// decade ("2000s") and "*".
func Dates(layout string) *Hierarchy {
	return &Hierarchy{depth: 4, kind: "dates", layout: layout, rule: func(v string) ([]string, error) {
		t, err := time.Parse(layout, v)
		if err != nil {
			return nil, errors.New("not a date in the hierarchy's layout")
		}
		y := t.Year()
		return []string{t.Format("2006-01"), strconv.Itoa(y), strconv.Itoa(y-mod(y, 10)) + "s", "*"}, nil
	}}
}

func mod(a, b int) int { return ((a % b) + b) % b }

// Masking returns a hierarchy that replaces the last characters of a value
// with '*', one more per level, for values of up to n characters: with n=5,
// 12345 → 1234* → 123** → 12*** → 1**** → *. Shorter values reach "*"
// sooner.
func Masking(n int) (*Hierarchy, error) {
	if n < 1 {
		return nil, fmt.Errorf("%w: Masking needs a length of at least 1", ErrHierarchy)
	}
	return &Hierarchy{depth: n, kind: "masking", rule: func(v string) ([]string, error) {
		r := []rune(v)
		if len(r) > n {
			return nil, fmt.Errorf("longer than the %d characters the masking hierarchy covers; give Masking the length of the longest value", n)
		}
		out := make([]string, n)
		for j := 1; j <= n; j++ {
			if j >= len(r) || j == n {
				out[j-1] = "*"
				continue
			}
			out[j-1] = string(r[:len(r)-j]) + strings.Repeat("*", j)
		}
		return out, nil
	}}, nil
}

// Tree builds an explicit hierarchy from a categorical tree given as
// child → parent edges. The leaves are the children that are nobody's
// parent. A leaf closer to the root than the deepest one keeps its own
// value on the extra lower levels, so every value has the same depth. A
// forest (several roots) needs the option ImplicitTop, which joins the
// roots under "*".
func Tree(parent map[string]string, opts ...HierarchyOption) (*Hierarchy, error) {
	isParent := map[string]bool{}
	for _, p := range parent {
		isParent[p] = true
	}
	var leaves []string
	for c := range parent {
		if !isParent[c] {
			leaves = append(leaves, c)
		}
	}
	if len(leaves) == 0 {
		return nil, fmt.Errorf("%w: tree has no leaves", ErrHierarchy)
	}
	sort.Strings(leaves)
	paths := make([][]string, len(leaves))
	depth := 0
	for i, l := range leaves {
		path := []string{}
		for v, steps := l, 0; ; steps++ {
			p, ok := parent[v]
			if !ok {
				break
			}
			if steps > len(parent) {
				return nil, &HierarchyError{Value: l, Reason: "tree has a cycle above this value"}
			}
			path = append(path, p)
			v = p
		}
		paths[i] = path
		depth = max(depth, len(path))
	}
	rows := make([][]string, len(leaves))
	for i, l := range leaves {
		row := []string{l}
		for len(row)+len(paths[i]) < depth+1 {
			row = append(row, l)
		}
		rows[i] = append(row, paths[i]...)
	}
	return NewHierarchy(rows, opts...)
}

// flatHierarchy is the automatic hierarchy of a categorical quasi-identifier
// without one: every value generalizes directly to "*".
func flatHierarchy() *Hierarchy {
	return &Hierarchy{depth: 1, kind: "flat", rule: func(string) ([]string, error) { return []string{"*"}, nil }}
}
