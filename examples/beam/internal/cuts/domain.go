package cuts

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/deidkit/deidkit/deid"
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
	Name    string
	Numeric bool
	Values  []string
	// Labels[code] are the value's Generalizations, most specific first,
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

var (
	yearRE   = regexp.MustCompile(`^[0-9]{4}$`)
	monthRE  = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})$`)
	zip3RE   = regexp.MustCompile(`^[0-9]{3}$`)
	ageRE    = regexp.MustCompile(`^[0-9]{1,3}$`)
	topLevel = "*"
)

// Generalizations returns the labels of v for a quasi-identifier made by
// action, most specific first, and whether the action has a hierarchy.
// The hierarchy follows what the action produced: birth years and ages
// widen into 5-, 10- and 20-year bands, months into quarters and years,
// ZIP3 prefixes lose a digit at a time. A value the action leaves in
// another shape (the top-coded "90+", the restricted ZIP prefix "000", an
// empty value) stays its own category up to "*", so that no release
// claims it is part of a range it is not.
//
// This is the one place to replace once the library's release package
// offers hierarchies that follow the field actions.
func Generalizations(action deid.Action, v string) ([]string, bool) {
	band := func(x, w int) string {
		lo := x - x%w
		return strconv.Itoa(lo) + "-" + strconv.Itoa(lo+w-1)
	}
	switch action {
	case deid.Year, deid.Age:
		re := yearRE
		if action == deid.Age {
			re = ageRE
		}
		if !re.MatchString(v) {
			return []string{v, v, v, topLevel}, true
		}
		x, _ := strconv.Atoi(v)
		return []string{band(x, 5), band(x, 10), band(x, 20), topLevel}, true
	case deid.Month:
		m := monthRE.FindStringSubmatch(v)
		if m == nil {
			return []string{v, v, topLevel}, true
		}
		mon, _ := strconv.Atoi(m[2])
		return []string{m[1] + "-Q" + strconv.Itoa((mon+2)/3), m[1], topLevel}, true
	case deid.ZIP3:
		if !zip3RE.MatchString(v) || v == "000" {
			return []string{v, v, topLevel}, true
		}
		return []string{v[:2] + "*", v[:1] + "**", topLevel}, true
	}
	return nil, false
}

// NewDomain builds the domain of a quasi-identifier from its distinct
// values (in any order) and the action that made them. Without a
// hierarchy of its action it is numeric when every value is a finite
// number, as kanon.Auto decides, and otherwise generalizes straight to
// "*".
func NewDomain(name string, action deid.Action, values []string) *Domain {
	d := &Domain{Name: name, Values: slices.Clone(values)}
	_, hier := Generalizations(action, "")
	if !hier {
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
		return d
	}
	d.Labels = make([][]string, len(d.Values))
	for i, v := range d.Values {
		if l, ok := Generalizations(action, v); ok {
			d.Labels[i] = l
		} else {
			d.Labels[i] = []string{topLevel}
		}
	}
	// Depth-first order: by labels from the top down, then by value.
	order := make([]int, len(d.Values))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		la, lb := d.Labels[a], d.Labels[b]
		for j := len(la) - 1; j >= 0; j-- {
			if c := cmp.Compare(la[j], lb[j]); c != 0 {
				return c
			}
		}
		return cmp.Compare(d.Values[a], d.Values[b])
	})
	values, labels := make([]string, len(order)), make([][]string, len(order))
	for i, o := range order {
		values[i], labels[i] = d.Values[o], d.Labels[o]
	}
	d.Values, d.Labels = values, labels
	d.Index()
	return d
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
