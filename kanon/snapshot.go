package kanon

import (
	"math"
	"slices"
)

// A snapshot is the data condensed at one lattice node: distinct
// combinations of generalized quasi-identifiers (and sensitive codes when a
// model needs them), each with a representative row's codes and a count.
//
// When k counts individuals, an individual whose quasi-identifiers are the
// same on all its rows ("fixed") is in a single class at every node, so its
// atoms can merge with other individuals' and carry the individual, and
// each of its (individual, value) pairs, as a count in one of them: the
// counts add up to exact numbers of distinct individuals and pairs per
// class. The rows of the other individuals keep atoms of their own, told
// apart by individual, and are counted at evaluation.
type snapshot struct {
	node        int32
	n           int
	rep         []int32 // n*d original codes
	sens        []int32 // n*ns codes: of checker.sensCodes; value codes in atoms of fixed individuals
	count       []int32 // rows
	*atomPeople         // when k counts individuals
}

// atomPeople holds the individuals of the atoms of a snapshot.
type atomPeople struct {
	ind    []int32 // n: the individual of the atom, -1 for atoms of fixed individuals
	people []int32 // n: fixed individuals counted in the atom
	pairs  []int32 // n*ns: fixed (individual, value) pairs counted in the atom
}

// evaluation is the scratch result of grouping a snapshot at a node.
type evaluation struct {
	gens  [][]int32 // per attribute: its generalization at the node's level; nil at level 0
	radix []uint64  // per attribute: the number of nodes at the node's level
	rk    radixKey

	cls     []int32 // per source atom
	sizes   []int32 // per class
	rep     []int32 // per class: a source atom
	inds    []int32 // per class: distinct individuals, when k counts them
	failing []bool

	suppressed int
	// excess is what suppression adds to the loss, before normalization:
	// the sum over suppressed rows of the attributes minus the NCP of
	// their cells.
	excess float64

	start, byClass, next []int32 // scratch of checkHistograms
}

// buildBottom condenses the rows into distinct combinations of original
// codes (and sensitive codes and individuals when needed).
func (o *optimal) buildBottom() {
	t, d, ns := o.t, o.d, o.ns
	sens, ind := o.chk.sensCodes, o.chk.ind
	lead := make([]uint64, d)
	for a := range d {
		lead[a] = uint64(t.qi[a].dom.size())
	}
	rk := o.atomKey(lead)
	s := &snapshot{node: 0}
	if o.byInd {
		s.atomPeople = &atomPeople{}
	}
	o.rowAtm = make([]int32, t.n)
	o.ht.reset(min(t.n, 1<<20))
	// What a row contributes to its atom beyond the quasi-identifiers.
	rowInd := int32(-1)
	rowSens := make([]int32, ns)
	var counted []bool  // fixed individuals counted in an atom
	var paired [][]bool // fixed pairs counted in an atom, per sensitive attribute
	if o.byInd {
		counted = make([]bool, o.chk.inds)
		paired = make([][]bool, ns)
		for i := range paired {
			paired[i] = make([]bool, o.chk.sensSize(i))
		}
	}
	var cur int
	var same func(int32) bool
	if !rk.exact {
		same = func(g int32) bool {
			for a := range d {
				if s.rep[int(g)*d+a] != t.qi[a].codes[cur] {
					return false
				}
			}
			for i := range ns {
				if s.sens[int(g)*ns+i] != rowSens[i] {
					return false
				}
			}
			return !o.byInd || s.ind[g] == rowInd
		}
	}
	for row := range t.n {
		cur = row
		if o.byInd {
			rowInd = ind[row]
			if o.fixed[rowInd] {
				rowInd = -1
			}
		}
		for i := range ns {
			rowSens[i] = sens[i][row]
			if o.byInd && rowInd < 0 {
				rowSens[i] = o.chk.pairVal[i][rowSens[i]]
			}
		}
		k := uint64(0)
		for a := range d {
			k = rk.step(k, a, t.qi[a].codes[row])
		}
		k = o.stepExtra(rk, k, d, rowSens, rowInd)
		if s.n*2 >= len(o.ht.vals) { // grow: rehash from scratch
			o.rehash(s, rk)
		}
		g, added := o.ht.lookup(k, int32(s.n), same)
		if added {
			for a := range d {
				s.rep = append(s.rep, t.qi[a].codes[row])
			}
			s.sens = append(s.sens, rowSens...)
			if o.byInd {
				s.ind = append(s.ind, rowInd)
				s.people = append(s.people, 0)
				for range ns {
					s.pairs = append(s.pairs, 0)
				}
			}
			s.count = append(s.count, 0)
			s.n++
		}
		s.count[g]++
		o.rowAtm[row] = g
		if o.byInd && rowInd < 0 {
			if e := ind[row]; !counted[e] {
				counted[e] = true
				s.people[g]++
			}
			for i := range ns {
				if p := sens[i][row]; !paired[i][p] {
					paired[i][p] = true
					s.pairs[int(g)*ns+i]++
				}
			}
		}
	}
	o.bottom = s
}

// sortBottom picks the block attribute, the one with the most values, and
// orders the atoms of the bottom by its codes (a stable counting sort).
// Roll-ups keep the order: a snapshot's atoms are numbered by their first
// source atom, so every snapshot comes ordered by the block attribute's
// generalized codes, and codes generalize in order.
func (o *optimal) sortBottom() {
	b, s, d, ns := 0, o.bottom, o.d, o.ns
	for a := range d {
		da, db := o.t.qi[a].dom, o.t.qi[b].dom
		if da.depth > db.depth || da.depth == db.depth && da.size() > db.size() {
			b = a
		}
	}
	o.blockAttr = b
	start := make([]int32, o.t.qi[b].dom.size()+1)
	for g := range s.n {
		start[s.rep[g*d+b]+1]++
	}
	for c := 1; c < len(start); c++ {
		start[c] += start[c-1]
	}
	perm := make([]int32, s.n) // old atom -> new atom
	for g := range s.n {
		c := s.rep[g*d+b]
		perm[g] = start[c]
		start[c]++
	}
	permute := func(x []int32, width int) []int32 {
		y := make([]int32, len(x))
		for g, p := range perm {
			copy(y[int(p)*width:int(p+1)*width], x[g*width:(g+1)*width])
		}
		return y
	}
	s.rep, s.sens, s.count = permute(s.rep, d), permute(s.sens, ns), permute(s.count, 1)
	if s.atomPeople != nil {
		s.ind, s.people, s.pairs = permute(s.ind, 1), permute(s.people, 1), permute(s.pairs, ns)
	}
	for r, g := range o.rowAtm {
		o.rowAtm[r] = perm[g]
	}
}

// atomKey makes the key of atoms: components of the given sizes (the
// quasi-identifiers, or the class), then the sensitive codes and the
// individual when needed.
func (o *optimal) atomKey(lead []uint64) radixKey {
	sizes := append(make([]uint64, 0, len(lead)+o.ns+1), lead...)
	for i := range o.ns {
		sizes = append(sizes, uint64(o.chk.sensSize(i)))
	}
	if o.byInd {
		sizes = append(sizes, uint64(o.chk.inds)+1)
	}
	return newRadixKey(sizes)
}

// stepExtra adds to key k, whose first components are done, the sensitive
// codes and the individual (-1 for fixed individuals) of an atom.
func (o *optimal) stepExtra(rk radixKey, k uint64, at int, sens []int32, ind int32) uint64 {
	for i, code := range sens {
		k = rk.step(k, at+i, code)
	}
	if o.byInd {
		k = rk.step(k, at+len(sens), ind+1)
	}
	return k
}

// rehash doubles the table holding the atoms of s.
func (o *optimal) rehash(s *snapshot, rk radixKey) {
	o.ht.reset(2 * len(o.ht.vals))
	for g := range s.n {
		k := uint64(0)
		for a := range o.d {
			k = rk.step(k, a, s.rep[g*o.d+a])
		}
		ind := int32(-1)
		if o.byInd {
			ind = s.ind[g]
		}
		k = o.stepExtra(rk, k, o.d, s.sens[g*o.ns:g*o.ns+o.ns], ind)
		// Atoms are distinct, so insertion needs no comparison.
		o.ht.lookup(k, int32(g), func(int32) bool { return false })
	}
}

// source picks the cached snapshot below v with the fewest atoms, or the
// bottom.
func (o *optimal) source(v int32) *snapshot {
	best := o.bottom
	for _, s := range o.cache {
		if s.n >= best.n {
			continue
		}
		below := true
		for a := range o.d {
			if o.level(s.node, a) > o.level(v, a) {
				below = false
				break
			}
		}
		if below {
			best = s
		}
	}
	if best != o.bottom {
		// The most recently used last: the cache drops the first.
		i := slices.Index(o.cache, best)
		copy(o.cache[i:], o.cache[i+1:])
		o.cache[len(o.cache)-1] = best
	}
	return best
}

// evaluate groups the best cached snapshot into the classes of node v,
// checks the models and computes the metric.
func (o *optimal) evaluate(v int32) *nodeStats { return o.evaluateWithin(v, -1) }

// evaluateWithin is evaluate, except that with a limit ≥ 0 it may stop as
// soon as it proves that v suppresses more than limit rows: the statistics
// are then partial, lower bounds of the suppression and of what it adds to
// the loss. The atoms of every snapshot come ordered by the block
// attribute (see sortBottom), so its classes at v come in blocks of equal
// generalized values of that attribute, each complete when the next
// begins: a node that suppresses most rows is rejected after its first
// blocks.
func (o *optimal) evaluateWithin(v int32, limit int) *nodeStats {
	if st, ok := o.stats[v]; ok && (!st.partial || limit >= 0) {
		return st
	}
	src := o.source(v)
	o.prepare(v)
	if !o.group(src, limit) {
		st := &nodeStats{suppressed: o.ev.suppressed, excess: o.ev.excess, partial: true}
		o.stats[v] = st
		return st
	}
	st := o.measure(v, src)
	o.stats[v] = st
	if !o.hopeless {
		o.remember(v, src)
	}
	return st
}

// prepare sets the levels of v, their generalizations and the key of its
// classes, and empties the evaluation.
func (o *optimal) prepare(v int32) {
	ev := &o.ev
	o.decode(v, o.levels)
	ev.gens = ev.gens[:0]
	ev.radix = ev.radix[:0]
	for a, l := range o.levels {
		dom := o.t.qi[a].dom
		ev.radix = append(ev.radix, uint64(dom.nodes(l)))
		var g []int32
		if l > 0 {
			g = dom.gen[l]
		}
		ev.gens = append(ev.gens, g)
	}
	ev.rk = newRadixKey(ev.radix)
	ev.cls, ev.sizes, ev.rep = ev.cls[:0], ev.sizes[:0], ev.rep[:0]
	ev.failing, ev.inds = ev.failing[:0], ev.inds[:0]
	ev.suppressed, ev.excess = 0, 0
}

// genCode is the code of atom i of src for attribute a at the prepared
// node.
func (o *optimal) genCode(src *snapshot, i, a int) int32 {
	code := src.rep[i*o.d+a]
	if g := o.ev.gens[a]; g != nil {
		code = g[code]
	}
	return code
}

// group assigns every atom of src to its class at the prepared node and
// settles the classes, block by block when a limit ≥ 0 may stop it early.
// It returns false when it stopped because more than limit rows are
// suppressed.
func (o *optimal) group(src *snapshot, limit int) bool {
	ev, d := &o.ev, o.d
	// Nodes often have far fewer classes than their source has atoms: a
	// table that grows with the classes stays in the caches.
	o.ht.reset(min(src.n, 1<<12))
	var cur int
	var same func(int32) bool
	if !ev.rk.exact {
		same = func(c int32) bool {
			r := int(ev.rep[c])
			for a := range d {
				if o.genCode(src, r, a) != o.genCode(src, cur, a) {
					return false
				}
			}
			return true
		}
	}
	b := o.blockAttr
	blockAtom, blockClass, block := 0, 0, int32(-1)
	blockGen := ev.gens[b]
	for i := range src.n {
		g := src.rep[i*d+b]
		if blockGen != nil {
			g = blockGen[g]
		}
		if g != block && limit >= 0 {
			o.settle(src, blockAtom, i, blockClass)
			// Stop once v is proven to suppress too much, unless its
			// snapshot may serve as a source: v may beat the best node
			// (a node that cannot is above none that can), and its
			// classes so far condense their atoms by half.
			if limit >= 0 && ev.suppressed > limit && (o.hopeless || 2*len(ev.sizes) > i) {
				return false
			}
			blockAtom, blockClass, block = i, len(ev.sizes), g
		}
		cur = i
		k := uint64(0)
		rep := src.rep[i*d : i*d+d]
		if ev.rk.exact {
			for a, code := range rep {
				if g := ev.gens[a]; g != nil {
					code = g[code]
				}
				k = k*ev.radix[a] + uint64(code)
			}
		} else {
			for a, code := range rep {
				if g := ev.gens[a]; g != nil {
					code = g[code]
				}
				k = ev.rk.step(k, a, code)
			}
		}
		if o.ht.full(len(ev.sizes)) {
			o.ht.grow()
		}
		c, added := o.ht.lookup(k, int32(len(ev.sizes)), same)
		if added {
			ev.sizes = append(ev.sizes, 0)
			ev.rep = append(ev.rep, int32(i))
		}
		ev.sizes[c] += src.count[i]
		ev.cls = append(ev.cls, c)
	}
	o.settle(src, blockAtom, src.n, blockClass)
	return true
}

// settle checks the models on the classes from first on, which hold the
// atoms lo..hi of src, and adds up what the violating ones suppress.
func (o *optimal) settle(src *snapshot, lo, hi, first int) {
	ev := &o.ev
	nc := len(ev.sizes)
	for range nc - first {
		ev.failing = append(ev.failing, false)
		if o.byInd {
			ev.inds = append(ev.inds, 0)
		}
	}
	if o.ns > 0 || o.byInd {
		o.checkHistograms(src, lo, hi, first)
	} else {
		for c := first; c < nc; c++ {
			ev.failing[c] = int(ev.sizes[c]) < o.chk.k
		}
	}
	for c := first; c < nc; c++ {
		if !ev.failing[c] {
			continue
		}
		ev.suppressed += int(ev.sizes[c])
		if o.metric == Loss {
			ev.excess += float64(ev.sizes[c]) * (float64(o.d) - o.classNCP(src, c))
		}
	}
}

// checkHistograms checks the models that need the sensitive values or the
// individuals of the classes from first on, whose atoms are lo..hi of src:
// it gathers each class's atoms with a counting sort and fills its
// histogram.
func (o *optimal) checkHistograms(src *snapshot, lo, hi, first int) {
	ev, ns := &o.ev, o.ns
	nc := len(ev.sizes) - first
	start := zeroed(ev.start, nc+1)
	for _, c := range ev.cls[lo:hi] {
		start[int(c)-first+1]++
	}
	for c := range nc {
		start[c+1] += start[c]
	}
	byClass := zeroed(ev.byClass, hi-lo)
	next := append(ev.next[:0], start[:nc]...)
	for i, c := range ev.cls[lo:hi] {
		byClass[next[int(c)-first]] = int32(lo + i)
		next[int(c)-first]++
	}
	ev.start, ev.byClass, ev.next = start, byClass, next
	h := o.h
	for c := range nc {
		h.reset()
		for _, i := range byClass[start[c]:start[c+1]] {
			w := src.count[i]
			h.n += int(w)
			if o.byInd && src.ind[i] < 0 {
				h.inds += int(src.people[i])
				for s := range ns {
					if pw := src.pairs[int(i)*ns+s]; pw > 0 {
						h.addValue(s, src.sens[int(i)*ns+s], pw)
					}
				}
				continue
			}
			if o.byInd {
				h.addInd(src.ind[i])
			}
			for s := range ns {
				h.addSens(s, src.sens[int(i)*ns+s], w)
			}
		}
		ev.failing[first+c] = !o.chk.holds(h)
		if o.byInd {
			ev.inds[first+c] = int32(h.inds)
		}
	}
}

// zeroed returns n zeros in buf's memory when it is large enough.
func zeroed(buf []int32, n int) []int32 {
	if cap(buf) < n {
		return make([]int32, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// classNCP is the sum over the attributes of the NCP of class c's cells.
func (o *optimal) classNCP(src *snapshot, c int) float64 {
	r := int(o.ev.rep[c])
	sum := 0.0
	for a, l := range o.levels {
		sum += o.ncp[a][l][o.genCode(src, r, a)]
	}
	return sum
}

// measure computes the metric of the prepared node v from its settled
// classes, and a lower bound of the metric of every node above it.
func (o *optimal) measure(v int32, src *snapshot) *nodeStats {
	ev, t := &o.ev, o.t
	st := &nodeStats{suppressed: ev.suppressed, excess: ev.excess}
	released, releasedInds, dmGen, dm, loss := 0, 0, 0.0, 0.0, 0.0
	for c, s := range ev.sizes {
		sq := float64(s) * float64(s)
		dmGen += sq
		if ev.failing[c] {
			continue
		}
		released++
		if o.byInd {
			releasedInds += int(ev.inds[c])
		}
		dm += sq
		if o.metric == Loss {
			loss += o.classNCP(src, c) * float64(s)
		}
	}
	n, d := float64(t.n), o.d
	switch o.metric {
	case Loss:
		st.value = 100 * (loss + float64(st.suppressed*d)) / (n * float64(d))
		st.bound = o.lossBound(v)
	case Discernibility:
		st.value = dm + float64(st.suppressed)*n
		st.bound = dmGen
	case AverageClassSize:
		// Classes are measured in what k counts. Above v, classes merge
		// (fewer than nc are released) and suppression withholds at most
		// maxSupp rows, hence at most maxSupp individuals entirely.
		units, floor := t.n-st.suppressed, t.n-o.maxSupp
		if o.byInd {
			units, floor = releasedInds, max(0, o.chk.inds-o.maxSupp)
		}
		if released > 0 {
			st.value = float64(units) / float64(released) / float64(o.chk.k)
		} else {
			st.value = math.Inf(1)
		}
		st.bound = float64(floor) / float64(len(ev.sizes)) / float64(o.chk.k)
	}
	return st
}

// worthKeeping reports whether a snapshot of atoms atoms condensed from a
// source of from atoms is worth its memory: it must condense its source by
// a quarter.
func worthKeeping(atoms, from int) bool { return 4*atoms <= 3*from }

// remember caches the snapshot of the node just evaluated when it
// condenses its source.
func (o *optimal) remember(v int32, src *snapshot) {
	ev := &o.ev
	d, ns := o.d, o.ns
	var s snapshot // on the stack until kept
	s.node = v
	worth := func(n int) bool { return worthKeeping(n, src.n) }
	if !worth(len(ev.sizes)) {
		return
	}
	if ns == 0 && !o.byInd {
		s.n = len(ev.sizes)
		s.rep = make([]int32, 0, s.n*d)
		for _, r := range ev.rep {
			s.rep = append(s.rep, src.rep[int(r)*d:int(r)*d+d]...)
		}
		s.count = append([]int32(nil), ev.sizes...)
	} else {
		// Atoms of the new snapshot: distinct (class, sensitive codes,
		// individual).
		rk := o.atomKey([]uint64{uint64(len(ev.sizes))})
		if !rk.exact {
			return
		}
		o.ht2.reset(src.n)
		grp := o.grp[:0]
		n := int32(0)
		for i := range src.n {
			k := rk.step(0, 0, ev.cls[i])
			ind := int32(-1)
			if o.byInd {
				ind = src.ind[i]
			}
			k = o.stepExtra(rk, k, 1, src.sens[i*ns:i*ns+ns], ind)
			g, added := o.ht2.lookup(k, n, nil)
			if added {
				n++
			}
			grp = append(grp, g)
		}
		o.grp = grp
		if !worth(int(n)) {
			return
		}
		s.n = int(n)
		s.rep = make([]int32, 0, s.n*d)
		s.sens = make([]int32, 0, s.n*ns)
		if o.byInd {
			s.atomPeople = &atomPeople{
				ind:    make([]int32, 0, s.n),
				people: make([]int32, s.n),
				pairs:  make([]int32, s.n*ns),
			}
		}
		s.count = make([]int32, s.n)
		for i, g := range grp {
			if int(g) == len(s.rep)/d { // groups are numbered in order of first atom
				s.rep = append(s.rep, src.rep[i*d:i*d+d]...)
				s.sens = append(s.sens, src.sens[i*ns:i*ns+ns]...)
				if o.byInd {
					s.ind = append(s.ind, src.ind[i])
				}
			}
			s.count[g] += src.count[i]
			if o.byInd {
				s.people[g] += src.people[i]
				for j := range ns {
					s.pairs[int(g)*ns+j] += src.pairs[i*ns+j]
				}
			}
		}
	}
	// Keep snapshots up to a budget of a few times the bottom's size,
	// dropping the least recently used first.
	budget := 4*o.bottom.n + 1<<16
	o.cached += s.n
	kept := s
	o.cache = append(o.cache, &kept)
	drop := 0
	for o.cached > budget && drop < len(o.cache)-1 {
		o.cached -= o.cache[drop].n
		drop++
	}
	o.cache = o.cache[drop:]
}
