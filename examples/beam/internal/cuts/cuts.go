package cuts

import (
	"slices"
)

// A Tree holds the top-level cuts of the distributed Mondrian: a binary
// tree whose inner nodes cut one quasi-identifier at a code, chosen from
// statistics aggregated over the workers, and whose leaves are the
// partitions that each worker anonymizes alone.
//
// The cuts are the ones Mondrian itself would make on one machine, level
// by level: the quasi-identifier with the widest normalized range in the
// partition, cut at the median of its rows (by child of the covering
// hierarchy node for categorical ones), on the more balanced edge of the
// run of median values, and only where both sides keep k people.
type Tree struct {
	Nodes []Node
}

// A Node is a cut (QI >= 0) or a leaf.
type Node struct {
	// QI is the index of the quasi-identifier cut, -1 at a leaf.
	QI int32
	// Threshold: codes below it go to Left, the others to Right.
	Threshold   int32
	Left, Right int32
	// Final marks a leaf not to cut again: it fits one worker, or no cut
	// keeps k people on both sides.
	Final bool
	// Rows and People are the leaf's, measured when it was last a leaf.
	Rows, People int64
}

// NewTree returns the tree of one partition holding everything.
func NewTree() Tree { return Tree{Nodes: []Node{{QI: -1}}} }

// Leaf returns the partition of a combination of codes.
func (t *Tree) Leaf(codes []int32) int32 {
	n := int32(0)
	for t.Nodes[n].QI >= 0 {
		nd := &t.Nodes[n]
		if codes[nd.QI] < nd.Threshold {
			n = nd.Left
		} else {
			n = nd.Right
		}
	}
	return n
}

// Open reports whether partition n may still be cut.
func (t *Tree) Open(n int32) bool { return t.Nodes[n].QI < 0 && !t.Nodes[n].Final }

// A Decision is what a round decided for one open partition: a cut, or
// to leave it as it is.
type Decision struct {
	Leaf int32
	Cut  Node
}

// Apply returns the tree with the round's decisions applied, in leaf
// order so that every worker builds the same tree. An open partition
// without a Decision had no rows left in it: it becomes final.
func (t Tree) Apply(ds []Decision) Tree {
	ds = slices.Clone(ds)
	slices.SortFunc(ds, func(a, b Decision) int { return int(a.Leaf - b.Leaf) })
	nt := Tree{Nodes: slices.Clone(t.Nodes)}
	decided := map[int32]bool{}
	for _, d := range ds {
		decided[d.Leaf] = true
		c := d.Cut
		if c.QI < 0 {
			c.Final = true
			nt.Nodes[d.Leaf] = c
			continue
		}
		c.Left, c.Right = int32(len(nt.Nodes)), int32(len(nt.Nodes)+1)
		nt.Nodes[d.Leaf] = c
		nt.Nodes = append(nt.Nodes, Node{QI: -1}, Node{QI: -1})
	}
	for i := range nt.Nodes {
		if i < len(t.Nodes) && t.Open(int32(i)) && !decided[int32(i)] {
			nt.Nodes[i].Final = true
		}
	}
	return nt
}

// Leaves returns the partitions, and how many are still open.
func (t *Tree) Leaves() (leaves []int32, open int) {
	for i := range t.Nodes {
		if t.Nodes[i].QI < 0 {
			leaves = append(leaves, int32(i))
			if !t.Nodes[i].Final {
				open++
			}
		}
	}
	return leaves, open
}

// AddUnit adds u to a person's units: its rows to those of the same
// combination, or as a new combination.
func AddUnit(units []Unit, u Unit) []Unit {
	for i := range units {
		if slices.Equal(units[i].Codes, u.Codes) {
			units[i].Rows += u.Rows
			return units
		}
	}
	return append(units, u)
}

// A Unit is a combination of quasi-identifier codes of one person and
// its number of rows.
type Unit struct {
	Codes []int32
	Rows  int64
}

// Stats are the statistics of one partition from which a cut is
// chosen: per code of every quasi-identifier (back to back, see
// Offsets), the rows, and the people whose lowest and whose highest code
// in the partition it is. The people on either side of a cut are then
// counted exactly: those whose lowest code falls below it, and those
// whose highest code does not.
type Stats struct {
	Rows, First, Last []int64
}

// Offsets returns where each quasi-identifier's codes start in the
// statistics, and their total.
func Offsets(doms []*Domain) ([]int, int) {
	off := make([]int, len(doms))
	n := 0
	for q, d := range doms {
		off[q] = n
		n += len(d.Values)
	}
	return off, n
}

// NewStats returns empty statistics for domains of size codes in all.
func NewStats(size int) Stats {
	return Stats{Rows: make([]int64, size), First: make([]int64, size), Last: make([]int64, size)}
}

// AddPerson adds one person's units in the partition.
func (s *Stats) AddPerson(units []Unit, off []int) {
	for q, o := range off {
		lo, hi := units[0].Codes[q], units[0].Codes[q]
		for _, u := range units {
			s.Rows[o+int(u.Codes[q])] += u.Rows
			lo, hi = min(lo, u.Codes[q]), max(hi, u.Codes[q])
		}
		s.First[o+int(lo)]++
		s.Last[o+int(hi)]++
	}
}

// Merge adds o's statistics, of the same partition, to s.
func (s *Stats) Merge(o Stats) {
	for i := range s.Rows {
		s.Rows[i] += o.Rows[i]
		s.First[i] += o.First[i]
		s.Last[i] += o.Last[i]
	}
}

// Decide chooses the cut of a partition from its statistics, as Mondrian
// would (see Tree), or leaves it final when it holds at most maxRows
// rows or no cut keeps k rows and k people on both sides.
func Decide(s *Stats, doms []*Domain, off []int, k int, maxRows int64) Node {
	size0 := len(doms[0].Values)
	var rows, people int64
	for c := range size0 {
		rows += s.Rows[c]
		people += s.First[c]
	}
	leaf := Node{QI: -1, Final: true, Rows: rows, People: people}
	if rows <= maxRows || rows < 2*int64(k) {
		return leaf
	}
	type cand struct {
		q      int
		w      float64
		lo, hi int32
		lca    int
	}
	var order []cand
	for q, d := range doms {
		rs := s.Rows[off[q] : off[q]+len(d.Values)]
		lo, hi := int32(0), int32(len(rs)-1)
		for rs[lo] == 0 {
			lo++
		}
		for rs[hi] == 0 {
			hi--
		}
		if w, lca := d.Width(lo, hi); w > 0 {
			order = append(order, cand{q, w, lo, hi, lca})
		}
	}
	// Widest first; ties keep the order of the quasi-identifiers.
	slices.SortStableFunc(order, func(a, b cand) int {
		switch {
		case a.w > b.w:
			return -1
		case a.w < b.w:
			return 1
		}
		return 0
	})
	for _, c := range order {
		if cut, ok := medianCut(s, doms[c.q], off[c.q], c.lo, c.hi, c.lca, rows, int64(k)); ok {
			cut.QI, cut.Rows, cut.People = int32(c.q), rows, people
			return cut
		}
	}
	return leaf
}

// medianCut finds the cut of one quasi-identifier: at an edge of the run
// of rows whose key is the median key, the more balanced edge first.
func medianCut(s *Stats, d *Domain, o int, lo, hi int32, lca int, rows, k int64) (Node, bool) {
	half := rows / 2
	var below int64 // rows with keys below the current one
	for c := lo; c <= hi; {
		key := d.Key(c, lca)
		end := c // first code of the next key
		var n int64
		for end <= hi && d.Key(end, lca) == key {
			n += s.Rows[o+int(end)]
			end++
		}
		if below+n <= half {
			below += n
			c = end
			continue
		}
		edges := [2]struct {
			rows int64
			code int32
		}{{below, c}, {below + n, end}}
		if half-below > below+n-half {
			edges[0], edges[1] = edges[1], edges[0]
		}
		for _, e := range edges {
			if e.rows < k || rows-e.rows < k {
				continue
			}
			var left, right int64
			for x := lo; x <= hi; x++ {
				if x < e.code {
					left += s.First[o+int(x)]
				} else {
					right += s.Last[o+int(x)]
				}
			}
			if left >= k && right >= k {
				return Node{Threshold: e.code}, true
			}
		}
		return Node{}, false
	}
	return Node{}, false
}
