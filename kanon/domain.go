package kanon

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// domain is the dictionary of one column together with its hierarchy
// materialized over the values that occur: codes are dense int32s, ordered
// by number for numeric columns and in hierarchy (depth-first) order for
// categorical ones, so that every hierarchy node of a categorical column
// covers a contiguous range of codes.
type domain struct {
	values  []string  // by code
	nums    []float64 // by code, numeric columns only: for the metrics
	canon   []string  // by code, numeric columns only: the number's one spelling (see decimal)
	numeric bool

	depth     int        // levels above the values; 0 for sensitive columns
	gen       [][]int32  // gen[j][code]: node at level j (gen[0] is nil: the code itself)
	labels    [][]string // labels[j][node] (labels[0] is nil: the values)
	leafCount [][]int32  // leafCount[j][node]: codes under the node
}

func (d *domain) size() int { return len(d.values) }

// node returns the node of code at level j.
func (d *domain) node(j int, code int32) int32 {
	if j == 0 {
		return code
	}
	return d.gen[j][code]
}

func (d *domain) label(j int, node int32) string {
	if j == 0 {
		return d.values[node]
	}
	return d.labels[j][node]
}

func (d *domain) nodes(j int) int {
	if j == 0 {
		return len(d.values)
	}
	return len(d.labels[j])
}

func (d *domain) count(j int, node int32) int32 {
	if j == 0 {
		return 1
	}
	return d.leafCount[j][node]
}

// ncpNode is the normalized certainty penalty of a hierarchy node: 0 for a
// single value, otherwise the share of the column's values it covers.
func (d *domain) ncpNode(j int, node int32) float64 {
	c := d.count(j, node)
	if c <= 1 {
		return 0
	}
	return float64(c) / float64(len(d.values))
}

// ncpRange is the normalized certainty penalty of a numeric range of codes.
func (d *domain) ncpRange(lo, hi int32) float64 {
	span := d.nums[len(d.nums)-1] - d.nums[0]
	if lo == hi || span == 0 {
		return 0
	}
	return (d.nums[hi] - d.nums[lo]) / span
}

// rawColumn is a column as collected by the Builder, in first-seen order.
type rawColumn struct {
	name     string
	dict     map[string]int32
	values   []string
	firstRow []int32 // 1-based row of each value's first occurrence
	codes    []int32
}

func (c *rawColumn) add(v string, row int) { c.addAs(v, v, row) }

// addAs adds v, which is the value key: the first value added under a key
// is the one the column holds for every value of that key.
func (c *rawColumn) addAs(key, v string, row int) {
	code, ok := c.dict[key]
	if !ok {
		code = int32(len(c.values))
		key = string([]byte(key)) // do not pin the caller's buffer
		if v != key {
			v = string([]byte(v))
		} else {
			v = key
		}
		c.dict[key] = code
		c.values = append(c.values, v)
		c.firstRow = append(c.firstRow, int32(row))
	}
	c.codes = append(c.codes, code)
}

// numbers parses every value as a decimal number; ok is false at the
// first one that is not a finite number, whose index is returned.
func numbers(values []string) (decs []decimal, bad int, ok bool) {
	decs = make([]decimal, len(values))
	for i, v := range values {
		x, ok := parseDecimal(v)
		if !ok || math.IsInf(float(v), 0) {
			return nil, i, false
		}
		decs[i] = x
	}
	return decs, 0, true
}

// buildDomain orders the column's values, materializes the hierarchy (if
// withHierarchy) and rewrites the column's codes in place.
func buildDomain(c *rawColumn, typ Type, h *Hierarchy, withHierarchy bool) (*domain, error) {
	decs, err := columnNumbers(c, typ)
	if err != nil {
		return nil, err
	}
	d := &domain{numeric: decs != nil}
	var labels [][]string // by old code
	if withHierarchy {
		if h == nil {
			h = automaticHierarchy(decs)
		}
		if labels, err = hierarchyLabels(c, h); err != nil {
			return nil, err
		}
		d.depth = h.depth
	}
	order := valueOrder(c, decs, h, labels)
	d.recode(c, order, decs)
	if withHierarchy {
		d.materialize(order, labels)
	}
	return d, nil
}

// columnNumbers returns the values of a numeric column as decimals, by
// code, or nil for a categorical one: a declared Numeric column must hold
// numbers, an Auto one is numeric when every value is one.
func columnNumbers(c *rawColumn, typ Type) ([]decimal, error) {
	switch typ {
	case Numeric:
		decs, bad, ok := numbers(c.values)
		if !ok {
			return nil, &InputError{Row: int(c.firstRow[bad]), Column: c.name, Reason: "declared Numeric but the value is not a number; declare the column Categorical, or Auto to tell from its values"}
		}
		return decs, nil
	case Auto:
		if decs, _, ok := numbers(c.values); ok && len(c.values) > 0 {
			return decs, nil
		}
	}
	return nil, nil
}

// automaticHierarchy is the hierarchy of a quasi-identifier declared
// without one: intervals for numbers, straight to "*" otherwise.
func automaticHierarchy(decs []decimal) *Hierarchy {
	if decs != nil {
		return autoIntervals(decs)
	}
	return flatHierarchy()
}

// hierarchyLabels returns the labels of every value (by old code) at
// levels 1..depth, checking that rule hierarchies nest on the column's
// values.
func hierarchyLabels(c *rawColumn, h *Hierarchy) ([][]string, error) {
	labels := make([][]string, len(c.values))
	check := newNestChecker(h.depth)
	// The values are table cells, which may be personal data: errors
	// name the row and column, never the value or its labels.
	for i, v := range c.values {
		row := int(c.firstRow[i])
		l, _, err := h.labels(v)
		if err != nil {
			reason := "not in the hierarchy; add a line for the value to the hierarchy"
			if !errors.Is(err, errMissingValue) {
				reason = "not in the hierarchy (" + err.Error() + ")"
			}
			return nil, &InputError{Row: row, Column: c.name, Reason: reason}
		}
		if len(l) != h.depth {
			return nil, fmt.Errorf("%w: column %q (row %d): the hierarchy gives %d levels, want %d",
				ErrHierarchy, c.name, row, len(l), h.depth)
		}
		if h.rows == nil { // explicit hierarchies were checked when built
			if check.add(v, l, 0) != nil {
				return nil, fmt.Errorf("%w: column %q (row %d): the hierarchy's levels do not nest",
					ErrHierarchy, c.name, row)
			}
		}
		labels[i] = l
	}
	return labels, nil
}

// valueOrder returns the old codes in the order of the new ones: by
// number for numeric columns (exactly, on the decimal digits), and
// otherwise by explicit hierarchy line or text, rearranged depth-first
// along the hierarchy so that every node covers a range of codes.
func valueOrder(c *rawColumn, decs []decimal, h *Hierarchy, labels [][]string) []int {
	order := make([]int, len(c.values))
	for i := range order {
		order[i] = i
	}
	switch {
	case decs != nil:
		slices.SortFunc(order, func(a, b int) int {
			if r := cmpDecimal(decs[a], decs[b]); r != 0 {
				return r
			}
			return cmp.Compare(c.values[a], c.values[b])
		})
		return order
	case h != nil && h.rows != nil:
		slices.SortFunc(order, func(a, b int) int {
			return cmp.Compare(h.rows[c.values[a]].line, h.rows[c.values[b]].line)
		})
	default:
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(c.values[a], c.values[b]) })
	}
	if labels == nil || h.depth < 2 {
		return order
	}
	// Depth-first order: rank each node by its first value in base order
	// and sort by node ranks from the top down.
	base := make([]int, len(order))
	for r, i := range order {
		base[i] = r
	}
	depth := h.depth
	rank := make([]map[string]int, depth)
	for j := range rank {
		rank[j] = map[string]int{}
	}
	for _, i := range order {
		for j, l := range labels[i] {
			if _, ok := rank[j][l]; !ok {
				rank[j][l] = base[i]
			}
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		for j := depth - 2; j >= 0; j-- {
			if r := cmp.Compare(rank[j][labels[a][j]], rank[j][labels[b][j]]); r != 0 {
				return r
			}
		}
		return cmp.Compare(base[a], base[b])
	})
	return order
}

// recode numbers the values in order and rewrites the column's codes.
func (d *domain) recode(c *rawColumn, order []int, decs []decimal) {
	n := len(order)
	perm := make([]int32, n) // old code -> new code
	d.values = make([]string, n)
	if decs != nil {
		d.nums = make([]float64, n)
		d.canon = make([]string, n)
	}
	for newCode, old := range order {
		perm[old] = int32(newCode)
		v := c.values[old]
		d.values[newCode] = v
		if decs != nil {
			d.nums[newCode] = float(v)
			if s := decs[old].String(); s != v {
				d.canon[newCode] = s
			} else {
				d.canon[newCode] = v // share the value's bytes
			}
		}
	}
	for i, code := range c.codes {
		c.codes[i] = perm[code]
	}
}

// materialize builds the nodes of every level over the new codes.
func (d *domain) materialize(order []int, labels [][]string) {
	n := len(order)
	d.gen = make([][]int32, d.depth+1)
	d.labels = make([][]string, d.depth+1)
	d.leafCount = make([][]int32, d.depth+1)
	for j := 1; j <= d.depth; j++ {
		idx := map[string]int32{}
		g := make([]int32, n)
		for code, old := range order {
			l := labels[old][j-1]
			node, ok := idx[l]
			if !ok {
				node = int32(len(d.labels[j]))
				idx[l] = node
				d.labels[j] = append(d.labels[j], l)
				d.leafCount[j] = append(d.leafCount[j], 0)
			}
			g[code] = node
			d.leafCount[j][node]++
		}
		d.gen[j] = g
	}
}

// autoIntervals is the hierarchy of a numeric quasi-identifier without
// one: intervals whose width doubles from about 1/32 of the range until a
// single interval holds every value, or two hold them on either side of
// zero.
func autoIntervals(decs []decimal) *Hierarchy {
	if len(decs) == 0 {
		return flatHierarchy()
	}
	lo := slices.MinFunc(decs, cmpDecimal)
	hi := slices.MaxFunc(decs, cmpDecimal)
	if cmpDecimal(lo, hi) == 0 {
		return flatHierarchy()
	}
	fw := niceWidth((hi.float() - lo.float()) / 32)
	if math.IsInf(fw, 0) {
		return flatHierarchy()
	}
	w := decimalOfFloat(fw)
	var widths []decimal
	for len(widths) < 40 {
		a, end := floorStep(lo, w)
		b, _ := floorStep(hi, w)
		if cmpDecimal(a, b) == 0 {
			break
		}
		widths = append(widths, w)
		if end.isZero() && b.isZero() {
			// [-w, 0) and [0, w): wider intervals split the values the
			// same way.
			break
		}
		w = w.twice()
	}
	if len(widths) == 0 {
		return flatHierarchy()
	}
	return intervals(widths)
}

// niceWidth rounds x up to 1, 2 or 5 times a power of ten.
func niceWidth(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}
