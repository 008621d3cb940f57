package release

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/deidkit/deidkit/kanon"
)

// atoms condense the table: the rows that share every quasi-identifier,
// the person and the sensitive value are one atom, with a row count. The
// search works on atoms, which are about as many as people when each
// person's quasi-identifiers are constant, not on rows.
type atoms struct {
	d      int
	codes  []int32 // codes[a*d+q]
	person []int32 // nil without a person column
	sens   []int32 // nil without a sensitive column
	rows   []int32
	people int // distinct people (or rows without a person column)
	values int // distinct sensitive values
}

// condense builds the atoms of the table and the atom of every row; the
// code of quasi-identifier q in an atom is remap[q] of its code in qi[q].
func condense(qi []*codes, remap [][]int32, person, sens *codes, people, values int) (*atoms, *codes) {
	d := len(qi)
	a := &atoms{d: d, people: people, values: values}
	index := map[string]int32{}
	key := make([]byte, 0, 4*(d+2))
	var of codes
	n := 0
	if d > 0 {
		n = qi[0].len()
	}
	// A person's records are mostly one atom: the atom of their last
	// record is tried first, the index only when it differs.
	var last []int32
	if person != nil {
		last = make([]int32, people)
		for i := range last {
			last[i] = -1
		}
	}
	same := func(id int32, row int) bool {
		for q, c := range qi {
			if a.codes[int(id)*d+q] != remap[q][c.at(row)] {
				return false
			}
		}
		return sens == nil || a.sens[id] == sens.at(row)
	}
	for row := range n {
		if last != nil {
			if id := last[person.at(row)]; id >= 0 && same(id, row) {
				a.rows[id]++
				of.add(id)
				continue
			}
		}
		key = key[:0]
		for q, c := range qi {
			key = binary.LittleEndian.AppendUint32(key, uint32(remap[q][c.at(row)]))
		}
		if person != nil {
			key = binary.LittleEndian.AppendUint32(key, uint32(person.at(row)))
		}
		if sens != nil {
			key = binary.LittleEndian.AppendUint32(key, uint32(sens.at(row)))
		}
		id, ok := index[string(key)]
		if !ok {
			id = int32(len(a.rows))
			index[string(key)] = id
			for q, c := range qi {
				a.codes = append(a.codes, remap[q][c.at(row)])
			}
			if person != nil {
				a.person = append(a.person, person.at(row))
			}
			if sens != nil {
				a.sens = append(a.sens, sens.at(row))
			}
			a.rows = append(a.rows, 0)
		}
		if last != nil {
			last[person.at(row)] = id
		}
		a.rows[id]++
		of.add(id)
	}
	if person == nil {
		a.people = n
	}
	return a, &of
}

// topDown is the TopDown algorithm: a top-down specialization along the
// hierarchies with local recoding. Every class starts as the whole table
// at "*"; a class is split on the quasi-identifier whose split loses the
// least (the NCP of its rows after the split), into the children of its
// node that hold k people, the others pooled in one class that stays at
// the node; a pool of fewer than k people joins the smallest child, or is
// withheld when that loses less and the suppression budget allows. A class
// that no split improves is released. Each step is greedy, but a split is
// judged by where the splits that would follow it lead (one step of
// look-ahead), which avoids splitting first on what blocks better splits
// later.
type topDown struct {
	doms []*domain
	a    *atoms
	k, l int

	budget int64 // rows that may still be withheld

	// out: classes as runs of order, the split tree they are leaves of,
	// and the withheld atoms
	order   []int32
	classes []run
	nodes   []node
	held    []int32
	isHeld  []bool

	count  []int32 // scratch of sortBy
	sorted []int32
	groups []group // scratch of split
	out    []int32
	pool   []int32
	stamp  []uint32 // per person (or sensitive value): epoch of the last count
	stampS []uint32
	epoch  uint32

	lookahead bool
	scratch   [][]int32 // per recursion depth of the look-ahead: a candidate order, the best one
	lv        [][]int   // per depth: levels of a run
}

// A run is a class: the atoms of order[lo:hi] that are not withheld,
// released at level lv[q] of each quasi-identifier; node is the node of
// the split tree it is.
type run struct {
	lo, hi int
	lv     []int
	node   int
}

// A node of the split tree: a run of order, and the node it was split
// from (-1 for the whole table).
type node struct{ lo, hi, parent int }

func newTopDown(doms []*domain, a *atoms, k, l int, budget int64) *topDown {
	t := &topDown{doms: doms, a: a, k: k, l: l, budget: budget, lookahead: true}
	t.order = make([]int32, len(a.rows))
	for i := range t.order {
		t.order[i] = int32(i)
	}
	t.stamp = make([]uint32, max(a.people, 1))
	if a.sens != nil {
		t.stampS = make([]uint32, max(a.values, 1))
	}
	return t
}

// run partitions the atoms; it fails if the whole table cannot be
// released and the budget cannot withhold it.
func (t *topDown) run(ctx context.Context) error {
	all := t.order
	if len(all) == 0 {
		return nil
	}
	if !t.enough(all) {
		if rows := int64(t.rowsOf(all)); rows <= t.budget {
			t.held = append(t.held, all...)
			t.budget -= rows
			return nil
		}
		return fmt.Errorf("release: %w: the whole table has fewer than k people (or l values)", kanon.ErrUnsatisfiable)
	}
	t.isHeld = make([]bool, len(all))
	t.nodes = append(t.nodes, node{lo: 0, hi: len(all), parent: -1})
	stack := []int{0}
	for steps := 0; len(stack) > 0; steps++ {
		if steps&255 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		s := t.nodes[id]
		seg := t.order[s.lo:s.hi]
		parts, held, ok := t.best(seg, 0)
		if !ok {
			t.classes = append(t.classes, run{lo: s.lo, hi: s.hi, lv: t.levels(seg, nil), node: id})
			continue
		}
		// best left seg reordered: parts first, in order, then the held.
		lo := s.lo
		for _, n := range parts {
			stack = append(stack, len(t.nodes))
			t.nodes = append(t.nodes, node{lo: lo, hi: lo + n, parent: id})
			lo += n
		}
		if held > 0 {
			h := t.order[lo : lo+held]
			for _, a := range h {
				t.isHeld[a] = true
			}
			t.held = append(t.held, h...)
			t.budget -= int64(t.rowsOf(h))
		}
	}
	return nil
}

// merge undoes the splits below the parents of the classes listed, which
// violate a model that the splits did not check (t-closeness): each such
// parent becomes one class again. It reports false if a class is the
// whole table, which no merge can help.
func (t *topDown) merge(failing []int) bool {
	parents := map[int]bool{}
	for _, c := range failing {
		p := t.nodes[t.classes[c].node].parent
		if p < 0 {
			return false
		}
		parents[p] = true
	}
	under := func(n int) int { // the topmost parent above n, or -1
		top := -1
		for ; n >= 0; n = t.nodes[n].parent {
			if parents[n] {
				top = n
			}
		}
		return top
	}
	kept := t.classes[:0]
	merged := map[int]bool{}
	for _, c := range t.classes {
		p := under(c.node)
		if p < 0 {
			kept = append(kept, c)
			continue
		}
		if !merged[p] {
			merged[p] = true
			n := t.nodes[p]
			var seg []int32
			for _, a := range t.order[n.lo:n.hi] {
				if !t.isHeld[a] {
					seg = append(seg, a)
				}
			}
			kept = append(kept, run{lo: n.lo, hi: n.hi, lv: t.levels(seg, nil), node: p})
		}
	}
	t.classes = kept
	return true
}

// best finds the best split of seg. It returns the sizes of the parts,
// in order, and the number of withheld atoms after them, with seg
// reordered to match; ok is false when no split loses less than seg as
// one class. depth is the depth of look-ahead (0 at the top).
func (t *topDown) best(seg []int32, depth int) (parts []int, held int, ok bool) {
	lv := t.levels(seg, t.levelBuf(depth))
	bestCost := t.cost(seg, lv)
	var bestOrder []int32
	for q := range t.doms {
		if lv[q] == 0 {
			continue
		}
		cand := t.scratchBuf(2*depth, len(seg))
		copy(cand, seg)
		ps, h, supp, splits := t.split(cand, q, lv[q])
		if !splits {
			continue
		}
		c := float64(supp) * float64(len(t.doms))
		lo := 0
		for _, n := range ps {
			part := cand[lo : lo+n]
			if t.lookahead && depth == 0 {
				c += t.greedy(part, depth+1)
			} else {
				c += t.cost(part, t.levels(part, t.levelBuf(depth+1)))
			}
			lo += n
		}
		if c < bestCost-1e-9 {
			bestCost, parts, held, ok = c, ps, h, true
			if bestOrder == nil {
				bestOrder = t.scratchBuf(2*depth+1, len(seg))
			}
			copy(bestOrder, cand)
		}
	}
	if ok {
		copy(seg, bestOrder)
	}
	return parts, held, ok
}

// greedy returns the loss of seg after greedy splits without look-ahead,
// leaving seg reordered.
func (t *topDown) greedy(seg []int32, depth int) float64 {
	parts, held, ok := t.best(seg, depth)
	if !ok {
		return t.cost(seg, t.levels(seg, t.levelBuf(depth)))
	}
	c := float64(t.rowsOf(seg[len(seg)-held:])) * float64(len(t.doms))
	lo := 0
	for _, n := range parts {
		c += t.greedy(seg[lo:lo+n], depth+1)
		lo += n
	}
	return c
}

func (t *topDown) scratchBuf(i, n int) []int32 {
	for len(t.scratch) <= i {
		t.scratch = append(t.scratch, nil)
	}
	if cap(t.scratch[i]) < n {
		t.scratch[i] = make([]int32, n)
	}
	return t.scratch[i][:n]
}

func (t *topDown) levelBuf(depth int) []int {
	for len(t.lv) <= depth {
		t.lv = append(t.lv, make([]int, len(t.doms)))
	}
	return t.lv[depth]
}

// A group is the atoms of seg[lo:hi], which share a child node in split;
// big if they hold k people.
type group struct {
	lo, hi int
	big    bool
}

// split reorders seg into the children of its node on quasi-identifier q
// (at level l): the children of k people first, in hierarchy order, then
// a pool of the others that stays at the node, or joins the smallest
// child, or is withheld. It returns the part sizes, the withheld atoms
// (last in seg) and their rows; ok is false if q does not split seg.
func (t *topDown) split(seg []int32, q, l int) (parts []int, held int, heldRows int64, ok bool) {
	d := t.doms[q]
	dd := t.a.d
	t.sortBy(seg, q)
	// Groups of atoms with the same child node, in order.
	groups := t.groups[:0]
	defer func() { t.groups = groups[:0] }()
	for i := 0; i < len(seg); {
		n := d.at(l-1, t.a.codes[int(seg[i])*dd+q])
		j := i + 1
		for j < len(seg) && d.at(l-1, t.a.codes[int(seg[j])*dd+q]) == n {
			j++
		}
		groups = append(groups, group{lo: i, hi: j})
		i = j
	}
	if len(groups) < 2 {
		return nil, 0, 0, false
	}
	out, pool := t.out[:0], t.pool[:0]
	defer func() { t.out, t.pool = out[:0], pool[:0] }()
	smallest, smallestRows := -1, 0
	for gi := range groups {
		g := &groups[gi]
		members := seg[g.lo:g.hi]
		if g.big = t.enough(members); g.big {
			if r := t.rowsOf(members); smallest < 0 || r < smallestRows {
				smallest, smallestRows = gi, r
			}
		}
	}
	if smallest < 0 {
		return nil, 0, 0, false // no child holds k people
	}
	for _, g := range groups {
		if !g.big {
			pool = append(pool, seg[g.lo:g.hi]...)
		}
	}
	if len(pool) > 0 && !t.enough(pool) {
		// Join the smallest child, or be withheld if that loses less.
		sm := seg[groups[smallest].lo:groups[smallest].hi]
		joined := append(slices.Clone(sm), pool...)
		join := t.cost(joined, t.levels(joined, nil)) - t.cost(sm, t.levels(sm, nil))
		rows := int64(t.rowsOf(pool))
		if rows <= t.budget && float64(rows)*float64(len(t.doms)) < join {
			for _, g := range groups {
				if g.big {
					out = append(out, seg[g.lo:g.hi]...)
					parts = append(parts, g.hi-g.lo)
				}
			}
			held = len(pool)
			out = append(out, pool...)
			copy(seg, out)
			return parts, held, rows, len(parts) >= 1
		}
		groups[smallest].big = false
		pool = append(pool, sm...)
	}
	for _, g := range groups {
		if g.big {
			out = append(out, seg[g.lo:g.hi]...)
			parts = append(parts, g.hi-g.lo)
		}
	}
	if len(pool) > 0 {
		out = append(out, pool...)
		parts = append(parts, len(pool))
	}
	copy(seg, out)
	return parts, 0, 0, len(parts) >= 2
}

// sortBy orders seg by the atoms' codes of quasi-identifier q, stably:
// with a counting sort when the domain is no larger than a few times the
// segment, as the codes are dense.
func (t *topDown) sortBy(seg []int32, q int) {
	dd := t.a.d
	if len(t.doms[q].values) > 4*len(seg) {
		slices.SortStableFunc(seg, func(x, y int32) int {
			return cmp.Compare(t.a.codes[int(x)*dd+q], t.a.codes[int(y)*dd+q])
		})
		return
	}
	count := t.count[:0]
	count = slices.Grow(count, len(t.doms[q].values)+1)[:len(t.doms[q].values)+1]
	clear(count)
	for _, a := range seg {
		count[t.a.codes[int(a)*dd+q]+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	tmp := slices.Grow(t.sorted[:0], len(seg))[:len(seg)]
	for _, a := range seg {
		c := t.a.codes[int(a)*dd+q]
		tmp[count[c]] = a
		count[c]++
	}
	copy(seg, tmp)
	t.count, t.sorted = count, tmp
}

// enough reports whether seg holds k people (rows without a person column)
// and l distinct sensitive values.
func (t *topDown) enough(seg []int32) bool {
	if t.a.person == nil {
		if t.rowsOf(seg) < t.k {
			return false
		}
	} else if !t.distinct(seg, t.a.person, t.stamp, t.k) {
		return false
	}
	return t.l <= 1 || t.distinct(seg, t.a.sens, t.stampS, t.l)
}

// distinct reports whether the atoms of seg hold at least n distinct
// values of of (people or sensitive values), stamp marking those counted.
func (t *topDown) distinct(seg, of []int32, stamp []uint32, n int) bool {
	t.epoch++
	count := 0
	for _, a := range seg {
		if v := of[a]; stamp[v] != t.epoch {
			stamp[v] = t.epoch
			if count++; count >= n {
				return true
			}
		}
	}
	return false
}

func (t *topDown) rowsOf(seg []int32) int {
	n := 0
	for _, a := range seg {
		n += int(t.a.rows[a])
	}
	return n
}

// levels returns the level at which seg is released on each
// quasi-identifier: the lowest common node of its codes.
func (t *topDown) levels(seg []int32, lv []int) []int {
	if lv == nil {
		lv = make([]int, len(t.doms))
	}
	dd := t.a.d
	for q, d := range t.doms {
		lo, hi := int32(1<<31-1), int32(-1)
		for _, a := range seg {
			c := t.a.codes[int(a)*dd+q]
			lo, hi = min(lo, c), max(hi, c)
		}
		lv[q] = d.lca(lo, hi)
	}
	return lv
}

// cost is the loss of releasing seg as one class at levels lv: the sum of
// the NCP of its cells.
func (t *topDown) cost(seg []int32, lv []int) float64 {
	if len(seg) == 0 {
		return 0
	}
	first := seg[0]
	per := 0.0
	for q, d := range t.doms {
		per += d.ncp(lv[q], t.a.codes[int(first)*t.a.d+q])
	}
	return per * float64(t.rowsOf(seg))
}
