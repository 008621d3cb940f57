package kanon

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// maxLatticeNodes bounds the full-domain search: beyond it the lattice of
// generalization levels is too large to search exhaustively.
const maxLatticeNodes = 1 << 24

// Optimal finds the full-domain generalization with the lowest Metric
// among those that satisfy the models after suppressing at most
// cfg.Suppression of the rows. Each quasi-identifier is generalized to one
// level of its hierarchy for all rows; the rows of classes that still
// violate a model are suppressed.
//
// The search walks the lattice of level combinations. k-anonymity and
// distinct l-diversity are monotone: a generalization of a node within the
// suppression limit is within it too, since merging classes never makes a
// satisfying class fail. With them, in the spirit of ARX's Flash, it checks
// nodes by binary search along paths and infers the status of everything
// above a satisfying node and below a failing one. Entropy and recursive
// l-diversity and t-closeness are monotone only when classes merge by
// adding their counts and nothing is suppressed: merging a satisfying
// class with a suppressed one can make both suppressed, and an individual
// whose rows fall in two classes counts once in their merger. With
// suppression, or with individuals whose quasi-identifiers vary, these
// models are checked node by node. Among the nodes within the limit it
// evaluates the metric only where a lower bound inherited from evaluated
// predecessors does not already exceed the best value found. Nodes are
// evaluated by rolling up the equivalence classes of an evaluated
// predecessor.
//
// With an individual column, a class whose rows belong to fewer than k
// distinct individuals violates k-anonymity and is suppressed; the
// suppression limit still counts rows. Individuals whose quasi-identifiers
// are the same on all their rows cost about what rows cost without the
// column; the rows of an individual whose values vary stay apart from
// other individuals' in the condensed data, so many such individuals slow
// the search down.
//
// It returns an error wrapping ErrUnsatisfiable when every node needs more
// suppression than allowed. A node may suppress every row when the limit
// allows it: the release then withholds the whole table.
func Optimal(ctx context.Context, t *Table, cfg Config) (*Result, error) {
	chk, err := newChecker(t, cfg.Models)
	if err != nil {
		return nil, err
	}
	if !(cfg.Suppression >= 0 && cfg.Suppression <= 1) {
		return nil, fmt.Errorf("%w: suppression %g is not in [0, 1]", ErrConfig, cfg.Suppression)
	}
	if cfg.Metric < Loss || cfg.Metric > AverageClassSize {
		return nil, fmt.Errorf("%w: unknown metric %v", ErrConfig, cfg.Metric)
	}
	if t.n == 0 {
		return nil, fmt.Errorf("%w: empty table", ErrUnsatisfiable)
	}
	o, err := newOptimal(t, chk, cfg)
	if err != nil {
		return nil, err
	}
	best, err := o.search(ctx)
	if err != nil {
		return nil, err
	}
	res := o.result(best)
	return res, nil
}

const (
	unknown uint8 = iota
	satisfied
	violated
)

type optimal struct {
	t       *Table
	chk     *checker
	metric  Metric
	d, ns   int
	byInd   bool   // k counts individuals
	fixed   []bool // by individual: all its rows have the same quasi-identifiers
	maxSupp int
	// monotone: a node above one within the suppression limit is within
	// it too, so statuses can be inferred.
	monotone bool

	depth, stride []int
	nodes         int
	order         []int32
	status        []uint8
	stats         map[int32]*nodeStats
	avgLoss       [][]float64 // [a][level]: mean NCP of the attribute over rows
	rareRows      [][]int     // [a][level]: rows whose generalized value occurs fewer than k times
	ncp           [][][]float64

	bottom *snapshot
	rowAtm []int32 // row -> bottom atom
	cache  []*snapshot
	cached int // atoms held by cache

	ht, ht2 groupTable
	grp     []int32 // scratch: new atom of each source atom
	ev      evaluation
	h       *hist
	levels  []int
}

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

type nodeStats struct {
	suppressed int
	value      float64 // the metric
	bound      float64 // lower bound of the metric for every node above
}

// evaluation is the scratch result of grouping a snapshot at a node.
type evaluation struct {
	cls     []int32 // per source atom
	sizes   []int32 // per class
	rep     []int32 // per class: a source atom
	inds    []int32 // per class: distinct individuals, when k counts them
	failing []bool
}

func newOptimal(t *Table, chk *checker, cfg Config) (*optimal, error) {
	o := &optimal{t: t, chk: chk, metric: cfg.Metric, d: len(t.qi), stats: map[int32]*nodeStats{}}
	if chk.needHist() {
		o.ns = len(t.sens)
	}
	o.byInd = chk.byIndividual()
	if o.byInd {
		o.fixed = fixedIndividuals(t, chk.ind, chk.inds)
	}
	o.maxSupp = int(math.Floor(cfg.Suppression*float64(t.n) + 1e-9))
	o.monotone = chk.monotone() || (o.maxSupp == 0 && !slices.Contains(o.fixed, false))
	o.depth = make([]int, o.d)
	o.stride = make([]int, o.d)
	o.nodes = 1
	for a := o.d - 1; a >= 0; a-- {
		o.depth[a] = t.qi[a].dom.depth
		o.stride[a] = o.nodes
		if o.nodes > maxLatticeNodes/(o.depth[a]+1) {
			return nil, fmt.Errorf("%w: the generalization lattice has more than %d nodes", ErrConfig, maxLatticeNodes)
		}
		o.nodes *= o.depth[a] + 1
	}
	o.status = make([]uint8, o.nodes)
	o.levels = make([]int, o.d)
	o.h = chk.newHist()

	o.buildBottom()

	// Per-attribute loss of each level, for the separable bound.
	var indOrder []int32 // bottom atoms of individuals that are not fixed, grouped by individual
	if o.byInd {
		indOrder = groupByIndividual(o.bottom.ind, chk.inds)
	}
	o.ncp = make([][][]float64, o.d)
	o.avgLoss = make([][]float64, o.d)
	o.rareRows = make([][]int, o.d)
	for a := range o.d {
		dom := t.qi[a].dom
		freq := make([]int, dom.size())
		for _, c := range t.qi[a].codes {
			freq[c]++
		}
		o.ncp[a] = make([][]float64, o.depth[a]+1)
		o.avgLoss[a] = make([]float64, o.depth[a]+1)
		o.rareRows[a] = make([]int, o.depth[a]+1)
		for j := 0; j <= o.depth[a]; j++ {
			perNode := make([]int, dom.nodes(j))
			for code, f := range freq {
				perNode[dom.node(j, int32(code))] += f
			}
			if o.byInd {
				// Count the individuals under each node: fixed ones by
				// their counts, the others by their atoms, which come
				// grouped by individual, so a node sees a new one when its
				// last individual differs.
				inds := make([]int32, len(perNode))
				last := make([]int32, len(perNode))
				for i := range last {
					last[i] = -1
				}
				rep := o.bottom.rep
				for g, e := range o.bottom.ind {
					if e < 0 {
						inds[dom.node(j, rep[g*o.d+a])] += o.bottom.people[g]
					}
				}
				for _, g := range indOrder {
					node, e := dom.node(j, rep[int(g)*o.d+a]), o.bottom.ind[g]
					if last[node] != e {
						last[node] = e
						inds[node]++
					}
				}
				for node, f := range perNode {
					if int(inds[node]) < chk.k {
						o.rareRows[a][j] += f
					}
				}
			} else {
				for _, f := range perNode {
					if f < chk.k {
						o.rareRows[a][j] += f
					}
				}
			}
			p := make([]float64, dom.nodes(j))
			for node := range p {
				p[node] = dom.ncpNode(j, int32(node))
			}
			o.ncp[a][j] = p
			sum := 0.0
			for code, f := range freq {
				sum += float64(f) * p[dom.node(j, int32(code))]
			}
			o.avgLoss[a][j] = sum / float64(t.n)
		}
	}

	// Nodes by height, for bottom-up sweeps.
	byHeight := [][]int32{}
	for v := range o.nodes {
		h := 0
		for a := range o.d {
			h += (v / o.stride[a]) % (o.depth[a] + 1)
		}
		for len(byHeight) <= h {
			byHeight = append(byHeight, nil)
		}
		byHeight[h] = append(byHeight[h], int32(v))
	}
	o.order = make([]int32, 0, o.nodes)
	for _, l := range byHeight {
		o.order = append(o.order, l...)
	}
	return o, nil
}

// groupByIndividual lists the indexes of ind that hold an individual (not
// -1) grouped by individual, with a counting sort.
func groupByIndividual(ind []int32, inds int) []int32 {
	start := make([]int32, inds+1)
	for _, e := range ind {
		if e >= 0 {
			start[e+1]++
		}
	}
	for e := range inds {
		start[e+1] += start[e]
	}
	out := make([]int32, start[inds])
	for r, e := range ind {
		if e >= 0 {
			out[start[e]] = int32(r)
			start[e]++
		}
	}
	return out
}

// fixedIndividuals reports for each individual whether all its rows have
// the same quasi-identifiers.
func fixedIndividuals(t *Table, ind []int32, inds int) []bool {
	first := make([]int32, inds)
	for i := range first {
		first[i] = -1
	}
	fixed := make([]bool, inds)
	for r, e := range ind {
		f := first[e]
		if f < 0 {
			first[e], fixed[e] = int32(r), true
			continue
		}
		for a := 0; fixed[e] && a < len(t.qi); a++ {
			fixed[e] = t.qi[a].codes[r] == t.qi[a].codes[f]
		}
	}
	return fixed
}

func (o *optimal) level(v int32, a int) int { return (int(v) / o.stride[a]) % (o.depth[a] + 1) }

func (o *optimal) decode(v int32, out []int) {
	for a := range o.d {
		out[a] = o.level(v, a)
	}
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

// source picks the cached snapshot below v with the fewest atoms.
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
	return best
}

// evaluate groups the snapshot src into the classes of node v, checks the
// models and computes the metric.
func (o *optimal) evaluate(v int32) *nodeStats {
	if st, ok := o.stats[v]; ok {
		return st
	}
	src := o.source(v)
	d, ns, t := o.d, o.ns, o.t
	lv := o.levels
	o.decode(v, lv)
	sizes := make([]uint64, d)
	gens := make([][]int32, d)
	for a := range d {
		sizes[a] = uint64(t.qi[a].dom.nodes(lv[a]))
		if lv[a] > 0 {
			gens[a] = t.qi[a].dom.gen[lv[a]]
		}
	}
	rk := newRadixKey(sizes)
	ev := &o.ev
	ev.cls = ev.cls[:0]
	ev.sizes = ev.sizes[:0]
	ev.rep = ev.rep[:0]
	o.ht.reset(src.n)
	var cur int
	var same func(int32) bool
	if !rk.exact {
		same = func(c int32) bool {
			r := int(ev.rep[c])
			for a := range d {
				x, y := src.rep[r*d+a], src.rep[cur*d+a]
				if gens[a] != nil {
					x, y = gens[a][x], gens[a][y]
				}
				if x != y {
					return false
				}
			}
			return true
		}
	}
	for i := range src.n {
		cur = i
		k := uint64(0)
		rep := src.rep[i*d : i*d+d]
		if rk.exact {
			for a, code := range rep {
				if g := gens[a]; g != nil {
					code = g[code]
				}
				k = k*sizes[a] + uint64(code)
			}
		} else {
			for a, code := range rep {
				if g := gens[a]; g != nil {
					code = g[code]
				}
				k = rk.step(k, a, code)
			}
		}
		c, added := o.ht.lookup(k, int32(len(ev.sizes)), same)
		if added {
			ev.sizes = append(ev.sizes, 0)
			ev.rep = append(ev.rep, int32(i))
		}
		ev.sizes[c] += src.count[i]
		ev.cls = append(ev.cls, c)
	}

	// Models per class.
	nc := len(ev.sizes)
	ev.failing = ev.failing[:0]
	ev.inds = ev.inds[:0]
	for range nc {
		ev.failing = append(ev.failing, false)
		if o.byInd {
			ev.inds = append(ev.inds, 0)
		}
	}
	if ns > 0 || o.byInd {
		// Group atoms by class with a counting sort.
		start := make([]int32, nc+1)
		for _, c := range ev.cls {
			start[c+1]++
		}
		for c := range nc {
			start[c+1] += start[c]
		}
		byClass := make([]int32, src.n)
		next := append([]int32(nil), start[:nc]...)
		for i, c := range ev.cls {
			byClass[next[c]] = int32(i)
			next[c]++
		}
		for c := range nc {
			o.h.reset()
			for _, i := range byClass[start[c]:start[c+1]] {
				w := src.count[i]
				o.h.n += int(w)
				if o.byInd && src.ind[i] < 0 {
					o.h.inds += int(src.people[i])
					for s := range ns {
						if pw := src.pairs[int(i)*ns+s]; pw > 0 {
							o.h.addValue(s, src.sens[int(i)*ns+s], pw)
						}
					}
					continue
				}
				if o.byInd {
					o.h.addInd(src.ind[i])
				}
				for s := range ns {
					o.h.addSens(s, src.sens[int(i)*ns+s], w)
				}
			}
			ev.failing[c] = !o.chk.holds(o.h)
			if o.byInd {
				ev.inds[c] = int32(o.h.inds)
			}
		}
	} else {
		for c, s := range ev.sizes {
			ev.failing[c] = int(s) < o.chk.k
		}
	}

	st := &nodeStats{}
	released, releasedInds, dmGen, dm, loss := 0, 0, 0.0, 0.0, 0.0
	for c, s := range ev.sizes {
		sq := float64(s) * float64(s)
		dmGen += sq
		if ev.failing[c] {
			st.suppressed += int(s)
			continue
		}
		released++
		if o.byInd {
			releasedInds += int(ev.inds[c])
		}
		dm += sq
		if o.metric == Loss {
			r := int(ev.rep[c])
			sum := 0.0
			for a := range d {
				code := src.rep[r*d+a]
				if gens[a] != nil {
					code = gens[a][code]
				}
				sum += o.ncp[a][lv[a]][code]
			}
			loss += sum * float64(s)
		}
	}
	n := float64(t.n)
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
		st.bound = float64(floor) / float64(nc) / float64(o.chk.k)
	}
	o.stats[v] = st
	o.remember(v, src)
	return st
}

// remember caches the snapshot of the node just evaluated when it
// condenses its source.
func (o *optimal) remember(v int32, src *snapshot) {
	ev := &o.ev
	d, ns := o.d, o.ns
	var s snapshot // on the stack until kept
	s.node = v
	// A snapshot that condenses its source by less than a quarter is not
	// worth its memory.
	worth := func(n int) bool { return 4*n <= 3*src.n }
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
	// dropping the oldest first.
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

// lossBound is the loss of node v without suppression: a lower bound of
// the loss of v and of every node above it, since a suppressed cell costs
// the most.
func (o *optimal) lossBound(v int32) float64 {
	sum := 0.0
	for a := range o.d {
		sum += o.avgLoss[a][o.level(v, a)]
	}
	return 100 * sum / float64(o.d)
}

func (o *optimal) check(v int32) bool {
	// A row whose value of one attribute is rarer than k is in a class
	// smaller than k, whatever the other attributes: a cheap proof that v
	// needs too much suppression.
	for a := range o.d {
		if o.rareRows[a][o.level(v, a)] > o.maxSupp {
			o.mark(v, violated)
			return false
		}
	}
	st := o.evaluate(v)
	if st.suppressed <= o.maxSupp {
		o.mark(v, satisfied)
		return true
	}
	o.mark(v, violated)
	return false
}

// mark sets the status of v and, when the models are monotone, of every
// node above a satisfying one or below a violating one.
func (o *optimal) mark(v int32, s uint8) {
	o.status[v] = s
	if !o.monotone {
		return
	}
	stack := []int32{v}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for a := range o.d {
			l := o.level(u, a)
			var w int32
			if s == satisfied {
				if l == o.depth[a] {
					continue
				}
				w = u + int32(o.stride[a])
			} else {
				if l == 0 {
					continue
				}
				w = u - int32(o.stride[a])
			}
			if o.status[w] == unknown {
				o.status[w] = s
				stack = append(stack, w)
			}
		}
	}
}

// path climbs from v through nodes of unknown status, each step raising the
// attribute that loses the least.
func (o *optimal) path(v int32) []int32 {
	p := []int32{v}
	for {
		best, bestLoss := int32(-1), math.Inf(1)
		for a := range o.d {
			l := o.level(v, a)
			if l == o.depth[a] {
				continue
			}
			w := v + int32(o.stride[a])
			if o.status[w] != unknown {
				continue
			}
			if inc := o.avgLoss[a][l+1] - o.avgLoss[a][l]; inc < bestLoss {
				best, bestLoss = w, inc
			}
		}
		if best < 0 {
			return p
		}
		p = append(p, best)
		v = best
	}
}

func (o *optimal) search(ctx context.Context) (int32, error) {
	if o.monotone {
		top := int32(o.nodes - 1)
		if !o.check(top) {
			return 0, fmt.Errorf("%w: even full generalization needs %d suppressed rows, %d allowed",
				ErrUnsatisfiable, o.evaluate(top).suppressed, o.maxSupp)
		}
		if err := o.classify(ctx); err != nil {
			return 0, err
		}
	}
	// The best node within the limit, skipping nodes whose inherited lower
	// bound cannot beat the best so far. Without monotonicity, statuses are
	// unknown until a node is checked here.
	lb := make([]float64, o.nodes)
	best, bestVal := int32(-1), math.Inf(1)
	first := int32(-1) // the first node within the limit, in case none releases a row
	for i, v := range o.order {
		if i&63 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		b := lb[v]
		if o.metric == Loss {
			b = max(b, o.lossBound(v))
		}
		if b < bestVal*(1-1e-12) {
			if o.status[v] == unknown {
				o.check(v)
			}
			if o.status[v] == satisfied {
				st := o.evaluate(v)
				if st.suppressed <= o.maxSupp {
					if first < 0 {
						first = v
					}
					if st.value < bestVal {
						best, bestVal = v, st.value
					}
				}
			}
		}
		if st := o.stats[v]; st != nil {
			b = max(b, st.bound)
		}
		for a := range o.d {
			if o.level(v, a) < o.depth[a] {
				w := v + int32(o.stride[a])
				lb[w] = max(lb[w], b)
			}
		}
	}
	if best < 0 {
		// Every node within the limit withholds every row, and the
		// average class size of no class is infinite.
		best = first
	}
	if best < 0 {
		return 0, fmt.Errorf("%w: every generalization needs more than the %d suppressed rows allowed",
			ErrUnsatisfiable, o.maxSupp)
	}
	return best, nil
}

// classify sets the status of every node, by binary search along paths
// and inference by monotonicity.
func (o *optimal) classify(ctx context.Context) error {
	for i, v := range o.order {
		if i&63 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if o.status[v] != unknown {
			continue
		}
		p := o.path(v)
		lo, hi := 0, len(p)-1
		for lo <= hi {
			mid := (lo + hi) / 2
			if o.check(p[mid]) {
				hi = mid - 1
			} else {
				lo = mid + 1
			}
		}
	}
	return nil
}

// result releases the table at node v.
func (o *optimal) result(v int32) *Result {
	// Evaluate from the bottom so that classes map to rows through atoms.
	o.cache = nil
	delete(o.stats, v)
	o.evaluate(v)
	ev := &o.ev
	t, d := o.t, o.d
	lv := make([]int, d)
	o.decode(v, lv)
	res := &Result{t: t, chk: o.chk, classOf: make([]int32, t.n), levels: lv}
	id := make([]int32, len(ev.sizes))
	for c, s := range ev.sizes {
		if ev.failing[c] {
			id[c] = -1
			res.suppressed += int(s)
			continue
		}
		id[c] = int32(len(res.sizes))
		res.sizes = append(res.sizes, s)
		r := int(ev.rep[c])
		for a := range d {
			code := o.bottom.rep[r*d+a]
			res.gen = append(res.gen, genVal{level: int32(lv[a]), a: t.qi[a].dom.node(lv[a], code)})
		}
	}
	for row, atom := range o.rowAtm {
		res.classOf[row] = id[ev.cls[atom]]
	}
	return res
}
