package release

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/deidkit/deidkit/kanon"
)

// A domain is one quasi-identifier's values with its hierarchy laid out
// for the k-anonymity stage: values numbered in depth-first order of the
// hierarchy, so that every node covers a contiguous run of codes, and for
// each level the node of every code, the label of every node and how many
// distinct values it covers (for the loss, NCP). Level 0 holds the values.
type domain struct {
	values []string
	depth  int
	node   [][]int32  // node[l][code] for l in 0..depth
	labels [][]string // labels[l][node]
	count  [][]int32  // count[l][node]
}

// newDomain lays out values under h, which must hold them all. It
// returns the domain and, for each value's index in values, its code.
func newDomain(values []string, h *kanon.Hierarchy) (*domain, []int32, error) {
	labels, err := labelsOf(h, values)
	if err != nil {
		return nil, nil, err
	}
	n := len(values)
	depth := h.Depth()
	// Base order: valueOrder; then each node ranks by its first value, and
	// values sort by their nodes from the top down.
	order := valueOrder(values)
	base := make([]int, n)
	for r, i := range order {
		base[i] = r
	}
	rank := make([]map[string]int, depth)
	for l := range rank {
		rank[l] = map[string]int{}
		for _, i := range order {
			if _, ok := rank[l][labels[i][l]]; !ok {
				rank[l][labels[i][l]] = base[i]
			}
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		for l := depth - 1; l >= 0; l-- {
			if c := cmp.Compare(rank[l][labels[a][l]], rank[l][labels[b][l]]); c != 0 {
				return c
			}
		}
		return cmp.Compare(base[a], base[b])
	})
	d := &domain{values: make([]string, n), depth: depth,
		node: make([][]int32, depth+1), labels: make([][]string, depth+1), count: make([][]int32, depth+1)}
	codeOf := make([]int32, n)
	// Level 0 is the values themselves: each code its own node.
	d.node[0], d.labels[0], d.count[0] = make([]int32, n), d.values, make([]int32, n)
	for code, i := range order {
		d.values[code] = values[i]
		codeOf[i] = int32(code)
		d.node[0][code], d.count[0][code] = int32(code), 1
	}
	// In depth-first order the values under a node are consecutive: a new
	// node starts where the label changes.
	for l := 1; l <= depth; l++ {
		d.node[l] = make([]int32, n)
		for code, i := range order {
			if lab := labels[i][l-1]; code == 0 || lab != d.labels[l][len(d.labels[l])-1] {
				d.labels[l] = append(d.labels[l], lab)
				d.count[l] = append(d.count[l], 0)
			}
			nd := int32(len(d.labels[l]) - 1)
			d.node[l][code] = nd
			d.count[l][nd]++
		}
	}
	return d, codeOf, nil
}

// valueOrder returns the indexes of values in the order of the values:
// numbers by value before other values by text.
func valueOrder(values []string) []int {
	nums := make([]float64, len(values))
	isNum := make([]bool, len(values))
	for i, v := range values {
		x, err := strconv.ParseFloat(v, 64)
		nums[i], isNum[i] = x, err == nil && !math.IsNaN(x)
	}
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case isNum[a] && isNum[b]:
			if c := cmp.Compare(nums[a], nums[b]); c != 0 {
				return c
			}
		case isNum[a] != isNum[b]:
			if isNum[a] {
				return -1
			}
			return 1
		}
		return cmp.Compare(values[a], values[b])
	})
	return order
}

// at returns the node of code at level l (the code itself at level 0).
func (d *domain) at(l int, code int32) int32 { return d.node[l][code] }

// label returns the label of the node of code at level l.
func (d *domain) label(l int, code int32) string { return d.labels[l][d.node[l][code]] }

// ncp is the normalized certainty penalty of releasing code at level l:
// the share of the column's values the label covers, 0 for one value.
func (d *domain) ncp(l int, code int32) float64 {
	c := d.count[l][d.node[l][code]]
	if c <= 1 {
		return 0
	}
	return float64(c) / float64(len(d.values))
}

// lca returns the lowest level at which codes lo and hi (the smallest and
// largest of a group) share a node: the level every member of the group
// is released at.
func (d *domain) lca(lo, hi int32) int {
	if lo == hi {
		return 0
	}
	for l := 1; l < d.depth; l++ {
		if d.node[l][lo] == d.node[l][hi] {
			return l
		}
	}
	return d.depth
}
