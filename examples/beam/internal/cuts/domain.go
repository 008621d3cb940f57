package cuts

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/deidkit/deidkit/kanon"
)

// A Domain is the dictionary of one quasi-identifier over the whole
// release: its distinct values, numbered by code in an order where every
// hierarchy node covers a contiguous range of codes (numbers in numeric
// order). The top-level cuts, every partition's Mondrian and the
// release's NCP all use it, so that a partition generalizes exactly as one
// machine holding all the data would label its values.
//
// It travels to the workers as a side input; the fields after Labels are
// derived there by Index.
type Domain struct {
	Name string
	// Hierarchy names the hierarchy as the release's report does.
	Hierarchy string
	Numeric   bool
	Values    []string
	// Labels[code] are the value's labels along its hierarchy, most
	// specific first,
	// ending with "*"; nil for numeric quasi-identifiers, which Mondrian
	// releases as ranges.
	Labels [][]string

	code map[string]int32
	nums []float64
	node [][]int32 // node[j][code]: the code's ancestor at level j+1, numbered in code order
	// coverAt[j][n] is the number of values under node n of level j+1
	coverAt [][]int32
	// under counts the values under each label, for NCP
	under map[string]int32
}

const topLevel = "*"

// NewDomain builds the domain of a quasi-identifier from its distinct
// values over the whole release (in any order) and the attribute the
// library's release declares for it (release.Attribute), whose hierarchy
// follows the field action that made the values. A column kanon takes for
// numbers (numeric, or Auto with only finite numbers) is numeric: Mondrian
// releases it as ranges. Any other column generalizes along its hierarchy,
// or straight to "*" without one.
func NewDomain(a kanon.Attribute, hierarchy string, values []string) (*Domain, error) {
	d := &Domain{Name: a.Name, Hierarchy: hierarchy, Values: slices.Clone(values)}
	switch a.Type {
	case kanon.Numeric:
		d.Numeric = true
	case kanon.Auto:
		d.Numeric = len(values) > 0
		for _, v := range values {
			if _, ok := parseFinite(v); !ok {
				d.Numeric = false
				break
			}
		}
	}
	if d.Numeric {
		slices.SortFunc(d.Values, func(a, b string) int {
			x, _ := parseFinite(a)
			y, _ := parseFinite(b)
			return cmp.Or(cmp.Compare(x, y), cmp.Compare(a, b))
		})
		d.Index()
		return d, nil
	}
	// Base order: by text, the order of the hierarchy's lines when it is
	// made from the sorted values. Then depth-first, as kanon lays out
	// such a hierarchy: each node ranked by its first value in base
	// order, nodes compared from the top down, so that a partition's
	// Mondrian orders (and splits) the values as one machine's does.
	slices.Sort(d.Values)
	labels, err := labelsOf(a, d.Values)
	if err != nil {
		return nil, err
	}
	depth := len(labels[0])
	rank := make([]map[string]int, depth)
	for j := range rank {
		rank[j] = map[string]int{}
	}
	for i, l := range labels {
		for j, label := range l {
			if _, ok := rank[j][label]; !ok {
				rank[j][label] = i
			}
		}
	}
	order := make([]int, len(d.Values))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		for j := depth - 1; j >= 0; j-- {
			if c := cmp.Compare(rank[j][labels[a][j]], rank[j][labels[b][j]]); c != 0 {
				return c
			}
		}
		return cmp.Compare(a, b)
	})
	ordered := make([]string, len(order))
	d.Labels = make([][]string, len(order))
	for i, o := range order {
		ordered[i], d.Labels[i] = d.Values[o], labels[o]
	}
	d.Values = ordered
	d.Index()
	return d, nil
}

// labelsOf returns the labels of every value along the attribute's
// hierarchy, most specific first, ending with "*": as kanon generalizes
// them, read through a table of the values.
func labelsOf(a kanon.Attribute, values []string) ([][]string, error) {
	out := make([][]string, len(values))
	if a.Hierarchy == nil {
		for i := range out {
			out[i] = []string{topLevel}
		}
		return out, nil
	}
	rows := make([][]string, len(values))
	for i, v := range values {
		rows[i] = []string{v}
	}
	a.Type = kanon.Categorical
	t, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{a}}, rows)
	if err != nil {
		// kanon's error may quote a value, which is personal data: this
		// one names the column only.
		return nil, fmt.Errorf("the hierarchy of %q does not hold every value of the column", a.Name)
	}
	for i := range values {
		for l := 1; l <= t.Levels(0); l++ {
			out[i] = append(out[i], t.Generalize(i, 0, l))
		}
	}
	return out, nil
}

func parseFinite(s string) (float64, bool) {
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
}

// Index derives the look-up tables of a domain decoded from its exported
// fields (a side input).
func (d *Domain) Index() {
	d.code = make(map[string]int32, len(d.Values))
	for i, v := range d.Values {
		d.code[v] = int32(i)
	}
	d.under = map[string]int32{}
	if d.Numeric {
		d.nums = make([]float64, len(d.Values))
		for i, v := range d.Values {
			d.nums[i], _ = parseFinite(v)
		}
		return
	}
	depth := 0
	if len(d.Labels) > 0 {
		depth = len(d.Labels[0])
	}
	d.node = make([][]int32, depth)
	d.coverAt = make([][]int32, depth)
	for j := range depth {
		d.node[j] = make([]int32, len(d.Values))
		n := int32(-1)
		for c, l := range d.Labels {
			if c == 0 || l[j] != d.Labels[c-1][j] {
				n++
				d.coverAt[j] = append(d.coverAt[j], 0)
			}
			d.node[j][c] = n
			d.coverAt[j][n]++
		}
	}
	for _, l := range d.Labels {
		seen := ""
		for _, label := range l {
			if label != seen {
				d.under[label]++
			}
			seen = label
		}
	}
}

// CodeOf returns the code of v, which must be in the domain.
func (d *Domain) CodeOf(v string) (int32, error) {
	c, ok := d.code[v]
	if !ok {
		// Values are personal data: the error names the column only.
		return 0, fmt.Errorf("a value of %q is not in its Domain", d.Name)
	}
	return c, nil
}

// Width is what Mondrian compares to choose the quasi-identifier to cut:
// the share of the domain that codes lo..hi span (numeric range, or the
// values under their lowest common hierarchy node), and that node's level
// (0 when lo == hi, 1 + the level index otherwise).
func (d *Domain) Width(lo, hi int32) (w float64, lca int) {
	if lo == hi {
		return 0, 0
	}
	if d.Numeric {
		span := d.nums[len(d.nums)-1] - d.nums[0]
		return (d.nums[hi] - d.nums[lo]) / span, 0
	}
	j := 0
	for d.node[j][lo] != d.node[j][hi] {
		j++
	}
	return float64(d.coverAt[j][d.node[j][lo]]) / float64(len(d.Values)), j + 1
}

// Key returns the key Mondrian splits code on in a partition whose lowest
// common node is at level lca: the code itself for numbers and values
// under one node, otherwise the child of that node holding the code.
// Keys grow with codes.
func (d *Domain) Key(code int32, lca int) int32 {
	if d.Numeric || lca <= 1 {
		return code
	}
	return d.node[lca-2][code]
}

// Penalty is the normalized certainty penalty of a released value, as
// kanon measures it over the whole table: 0 for an original value, the
// share of the range for a numeric range "[lo, hi]", the share of the
// values under a hierarchy label, 1 for "*" (when the domain has more than
// one value).
func (d *Domain) Penalty(released string) float64 {
	if _, ok := d.code[released]; ok {
		return 0
	}
	if d.Numeric {
		lo, hi, ok := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(released, "["), "]"), ", ")
		x, ok1 := parseFinite(lo)
		y, ok2 := parseFinite(hi)
		span := d.nums[len(d.nums)-1] - d.nums[0]
		if !ok || !ok1 || !ok2 || span == 0 {
			return 1
		}
		return (y - x) / span
	}
	n := d.under[released]
	if released == topLevel {
		n = int32(len(d.Values))
	}
	if n <= 1 {
		return 0
	}
	return float64(n) / float64(len(d.Values))
}

// Attribute declares the quasi-identifier to kanon with the domain's
// hierarchy, its rows in code order so that kanon orders the values as
// the domain does.
func (d *Domain) Attribute() (kanon.Attribute, error) {
	if d.Numeric {
		return kanon.Attribute{Name: d.Name, Type: kanon.Numeric}, nil
	}
	rows := make([][]string, len(d.Values))
	for i, v := range d.Values {
		rows[i] = append([]string{v}, d.Labels[i]...)
	}
	h, err := kanon.NewHierarchy(rows)
	if err != nil {
		return kanon.Attribute{}, fmt.Errorf("hierarchy of %q: %w", d.Name, err)
	}
	return kanon.Attribute{Name: d.Name, Type: kanon.Categorical, Hierarchy: h}, nil
}

// Level returns the level at which released is the release of the value
// of code: 0 for the value itself, l for its label l steps up its
// hierarchy, and -1 for anything else (a numeric range of Mondrian).
func (d *Domain) Level(code int32, released string) int {
	if d.Values[code] == released {
		return 0
	}
	if d.Labels != nil {
		if l := slices.Index(d.Labels[code], released); l >= 0 {
			return l + 1
		}
	}
	return -1
}
