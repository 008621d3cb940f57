package kanon

import (
	"cmp"
	"slices"
)

// A kdTree indexes points of d int32 coordinates for box queries: it splits
// the points at the median of their widest coordinate, recursively, and
// keeps the bounding box of every node, so that a query skips the nodes
// outside a box and takes the nodes inside it whole. For the small boxes
// of equivalence classes a query costs about the logarithm of the points
// plus the points it reports.
type kdTree struct {
	d     int
	pts   []int32 // point p's coordinates at pts[p*d:(p+1)*d]
	perm  []int32 // the points in tree order: every node holds a range of it
	nodes []kdNode
	box   []int32 // node i's bounding box: lows at box[2*i*d:], highs d later
}

type kdNode struct {
	lo, hi int32 // the node's points: perm[lo:hi]
	left   int32 // children left and left+1; -1 for a leaf
}

const kdLeaf = 8 // points below which a node is not split

func newKDTree(pts []int32, d int) *kdTree {
	n := len(pts) / max(d, 1)
	t := &kdTree{d: d, pts: pts, perm: make([]int32, n)}
	for i := range t.perm {
		t.perm[i] = int32(i)
	}
	if n > 0 {
		t.add(0, int32(n))
		t.build(0)
	}
	return t
}

// add appends a node holding perm[lo:hi].
func (t *kdTree) add(lo, hi int32) {
	t.nodes = append(t.nodes, kdNode{lo: lo, hi: hi, left: -1})
	t.box = append(t.box, make([]int32, 2*t.d)...)
}

// build computes the bounding box of node i and splits it.
func (t *kdTree) build(i int) {
	d := t.d
	nd := t.nodes[i]
	lows, highs := t.box[2*i*d:2*i*d+d], t.box[2*i*d+d:2*i*d+2*d]
	first := t.perm[nd.lo]
	copy(lows, t.pts[int(first)*d:])
	copy(highs, t.pts[int(first)*d:])
	for _, p := range t.perm[nd.lo:nd.hi] {
		for a, x := range t.pts[int(p)*d : int(p)*d+d] {
			lows[a] = min(lows[a], x)
			highs[a] = max(highs[a], x)
		}
	}
	if nd.hi-nd.lo <= kdLeaf {
		return
	}
	axis, width := 0, int32(-1)
	for a := range d {
		if w := highs[a] - lows[a]; w > width {
			axis, width = a, w
		}
	}
	if width == 0 { // all points are equal
		return
	}
	slices.SortFunc(t.perm[nd.lo:nd.hi], func(p, q int32) int {
		return cmp.Compare(t.pts[int(p)*d+axis], t.pts[int(q)*d+axis])
	})
	mid := nd.lo + (nd.hi-nd.lo)/2
	left := int32(len(t.nodes))
	t.nodes[i].left = left
	t.add(nd.lo, mid)
	t.add(mid, nd.hi)
	t.build(int(left))
	t.build(int(left) + 1)
}

// inside calls f with every point p whose coordinates x satisfy
// box[2a] <= x[a] <= box[2a+1] for every coordinate a.
func (t *kdTree) inside(box []int32, f func(p int32)) {
	if len(t.nodes) == 0 {
		return
	}
	d := t.d
	for a := range d {
		if box[2*a] > box[2*a+1] {
			return
		}
	}
	stack := []int32{0}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := t.nodes[i]
		lows := t.box[2*int(i)*d : 2*int(i)*d+d]
		highs := t.box[2*int(i)*d+d : 2*int(i)*d+2*d]
		whole := true
		disjoint := false
		for a := range d {
			lo, hi := box[2*a], box[2*a+1]
			if highs[a] < lo || lows[a] > hi {
				disjoint = true
				break
			}
			if lows[a] < lo || highs[a] > hi {
				whole = false
			}
		}
		switch {
		case disjoint:
		case whole:
			for _, p := range t.perm[nd.lo:nd.hi] {
				f(p)
			}
		case nd.left < 0:
			for _, p := range t.perm[nd.lo:nd.hi] {
				if t.contains(box, p) {
					f(p)
				}
			}
		default:
			stack = append(stack, nd.left, nd.left+1)
		}
	}
}

func (t *kdTree) contains(box []int32, p int32) bool {
	for a, x := range t.pts[int(p)*t.d : int(p)*t.d+t.d] {
		if x < box[2*a] || x > box[2*a+1] {
			return false
		}
	}
	return true
}
