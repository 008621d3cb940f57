package kanon

import (
	"cmp"
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
// The search walks the lattice of level combinations and is exact for
// every model and metric: it returns a node with the lowest metric, the
// same value an exhaustive search finds. What it may skip, it skips on
// proof:
//
//   - Monotonicity. k-anonymity and distinct l-diversity are monotone,
//     with or without suppression and with individuals: the rows a node
//     suppresses include those of every node above it (a violating class
//     holds only violating classes below it), so a node above one within
//     the suppression limit is within it too, and a node below one beyond
//     it is beyond it too. With these models alone it finds statuses in
//     the spirit of ARX's Flash, by searches along paths up the lattice,
//     and infers the status of everything above a satisfying node and
//     below a violating one. Entropy and recursive l-diversity and
//     t-closeness are monotone only when classes merge by adding their
//     counts and nothing is suppressed: merging a satisfying class with a
//     suppressed one can make both suppressed, and an individual whose
//     rows fall in two classes counts once in their merger. With one of
//     them, and suppression or individuals whose quasi-identifiers vary,
//     nodes are checked one by one; the search stays exact, only slower.
//   - Bounds. A node is evaluated only when a lower bound of its metric
//     can beat the best node found so far: for Loss, its loss without
//     suppression, which grows with generalization; from evaluated nodes
//     below it, their bound; and, with monotone models, from evaluated
//     nodes above it, the suppression they prove (a node below loses at
//     least its own loss without suppression plus what suppression adds
//     above, since it suppresses those rows too and its cells cost less).
//   - Early rejection. A node is grouped in blocks of one attribute, each
//     complete when the next begins, so a check stops once the node
//     suppresses more than allowed.
//
// Nodes are evaluated by rolling up the classes of an evaluated node below
// them (their counts add up) rather than grouping the rows again; the
// condensed snapshots of recently used nodes are kept within a budget of
// a few times the table's distinct rows.
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
	if err := cfg.validate(); err != nil {
		return nil, err
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
	order         []int32 // the nodes in the order of the search
	rank          []int32 // by node: its place in order, which breaks ties between equally good nodes
	status        []uint8
	stats         map[int32]*nodeStats
	avgLoss       [][]float64 // [a][level]: mean NCP of the attribute over rows
	rareRows      [][]int     // [a][level]: rows whose generalized value occurs fewer than k times
	ncp           [][][]float64

	bottom    *snapshot
	rowAtm    []int32 // row -> bottom atom
	hopeless  bool
	blockAttr int // the attribute by which snapshots are ordered (see sortBottom)
	cache     []*snapshot
	cached    int // atoms held by cache

	ht, ht2 groupTable
	grp     []int32 // scratch: new atom of each source atom
	ev      evaluation
	h       *hist
	levels  []int

	// fromAbove[v]: a lower bound of the metric of v inherited from
	// evaluated nodes above it (monotone models only), and the place in
	// the search order reached (nodes before it need no more bounds).
	fromAbove []float64
	reached   int
	// The best node within the suppression limit found so far, and the
	// first one found, which a release of no row falls back on.
	best, first int32
	bestVal     float64
}

type nodeStats struct {
	suppressed int
	excess     float64 // see evaluation
	value      float64 // the metric
	bound      float64 // lower bound of the metric for every node above
	// partial statistics come from an evaluation stopped early: suppressed
	// and excess are lower bounds, value and bound unknown.
	partial bool
}

func newOptimal(t *Table, chk *checker, cfg Config) (*optimal, error) {
	o := &optimal{t: t, chk: chk, metric: cfg.Metric, d: len(t.qi), stats: map[int32]*nodeStats{},
		best: -1, bestVal: math.Inf(1), first: -1}
	if chk.needHist() {
		o.ns = len(t.sens)
	}
	o.byInd = chk.byIndividual()
	if o.byInd {
		o.fixed = fixedIndividuals(t, chk.ind, chk.inds)
	}
	o.maxSupp = int(math.Floor(cfg.Suppression*float64(t.n) + 1e-9))
	o.monotone = chk.monotone() || (o.maxSupp == 0 && !slices.Contains(o.fixed, false))
	if err := o.layLattice(); err != nil {
		return nil, err
	}
	o.levels = make([]int, o.d)
	o.h = chk.newHist()
	o.buildBottom()
	o.sortBottom()
	o.levelCosts()
	o.visitOrder()
	return o, nil
}

// layLattice numbers the nodes of the lattice of levels in mixed radix.
func (o *optimal) layLattice() error {
	o.depth = make([]int, o.d)
	o.stride = make([]int, o.d)
	o.nodes = 1
	for a := o.d - 1; a >= 0; a-- {
		o.depth[a] = o.t.qi[a].dom.depth
		o.stride[a] = o.nodes
		if o.nodes > maxLatticeNodes/(o.depth[a]+1) {
			return fmt.Errorf("%w: the generalization lattice has more than %d nodes; give the hierarchies fewer levels, declare fewer quasi-identifiers, or use Mondrian", ErrConfig, maxLatticeNodes)
		}
		o.nodes *= o.depth[a] + 1
	}
	o.status = make([]uint8, o.nodes)
	return nil
}

// levelCosts computes, for every attribute and level, the NCP of each
// node, the mean NCP over the rows (for the separable loss bound) and the
// rows whose generalized value alone is rarer than k (a cheap proof that
// a node suppresses them).
func (o *optimal) levelCosts() {
	var indOrder []int32 // bottom atoms of individuals that are not fixed, grouped by individual
	if o.byInd {
		indOrder = groupByIndividual(o.bottom.ind, o.chk.inds)
	}
	o.ncp = make([][][]float64, o.d)
	o.avgLoss = make([][]float64, o.d)
	o.rareRows = make([][]int, o.d)
	for a := range o.d {
		dom := o.t.qi[a].dom
		freq := make([]int, dom.size())
		for _, c := range o.t.qi[a].codes {
			freq[c]++
		}
		o.ncp[a] = make([][]float64, o.depth[a]+1)
		o.avgLoss[a] = make([]float64, o.depth[a]+1)
		o.rareRows[a] = make([]int, o.depth[a]+1)
		for j := 0; j <= o.depth[a]; j++ {
			rowsPerNode := make([]int, dom.nodes(j))
			for code, f := range freq {
				rowsPerNode[dom.node(j, int32(code))] += f
			}
			unitsPerNode := rowsPerNode // what k counts
			if o.byInd {
				unitsPerNode = o.individualsPerNode(a, j, indOrder)
			}
			for node, f := range rowsPerNode {
				if unitsPerNode[node] < o.chk.k {
					o.rareRows[a][j] += f
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
			o.avgLoss[a][j] = sum / float64(o.t.n)
		}
	}
}

// individualsPerNode counts the individuals under each node of attribute a
// at level j: fixed ones by their counts, the others by their atoms,
// which come grouped by individual in indOrder, so a node sees a new one
// when its last individual differs.
func (o *optimal) individualsPerNode(a, j int, indOrder []int32) []int {
	dom := o.t.qi[a].dom
	inds := make([]int, dom.nodes(j))
	last := make([]int32, len(inds))
	for i := range last {
		last[i] = -1
	}
	rep := o.bottom.rep
	for g, e := range o.bottom.ind {
		if e < 0 {
			inds[dom.node(j, rep[g*o.d+a])] += int(o.bottom.people[g])
		}
	}
	for _, g := range indOrder {
		node, e := dom.node(j, rep[int(g)*o.d+a]), o.bottom.ind[g]
		if last[node] != e {
			last[node] = e
			inds[node]++
		}
	}
	return inds
}

// visitOrder orders the nodes for the search: by height, so that every
// node comes after the nodes below it; for Loss, by the separable lower
// bound first, so that the nodes that may be best come early (the bound
// grows with generalization, so the nodes below still come first).
func (o *optimal) visitOrder() {
	height := make([]int32, o.nodes)
	o.order = make([]int32, o.nodes)
	for v := range o.nodes {
		h := 0
		for a := range o.d {
			h += o.level(int32(v), a)
		}
		height[v] = int32(h)
		o.order[v] = int32(v)
	}
	var bound []float64
	if o.metric == Loss {
		bound = make([]float64, o.nodes)
		for v := range bound {
			bound[v] = o.lossBound(int32(v))
		}
	}
	slices.SortStableFunc(o.order, func(v, w int32) int {
		if bound != nil {
			if c := cmp.Compare(bound[v], bound[w]); c != 0 {
				return c
			}
		}
		return cmp.Compare(height[v], height[w])
	})
	o.rank = make([]int32, o.nodes)
	for i, v := range o.order {
		o.rank[v] = int32(i)
	}
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

// check finds out whether v is within the suppression limit, evaluating
// it unless a row rarer than k in one attribute already proves that it is
// not, and marks it. An evaluated node within the limit is a candidate for
// the best.
func (o *optimal) check(v int32) bool {
	for a := range o.d {
		if o.rareRows[a][o.level(v, a)] > o.maxSupp {
			o.mark(v, violated)
			return false
		}
	}
	o.hopeless = o.metric == Loss && !o.improves(o.lossBound(v))
	st := o.evaluateWithin(v, o.maxSupp)
	o.hopeless = false
	o.boundBelow(v, st)
	if st.suppressed > o.maxSupp {
		o.mark(v, violated)
		return false
	}
	o.mark(v, satisfied)
	o.consider(v, st)
	return true
}

// consider makes v, evaluated and within the suppression limit, the best
// node if its metric is lower, or equal and earlier in the search order.
func (o *optimal) consider(v int32, st *nodeStats) {
	if o.first < 0 || o.rank[v] < o.rank[o.first] {
		o.first = v
	}
	if st.value < o.bestVal || (st.value == o.bestVal && o.best >= 0 && o.rank[v] < o.rank[o.best]) {
		o.best, o.bestVal = v, st.value
	}
}

// mark sets the status of v and, when the models are monotone, of every
// node above a satisfying one or below a violating one.
func (o *optimal) mark(v int32, s uint8) {
	o.status[v] = s
	if !o.monotone {
		return
	}
	o.spread(v, s == satisfied, func(w int32) bool {
		if o.status[w] != unknown {
			return false
		}
		o.status[w] = s
		return true
	})
}

// spread visits the nodes above v (up) or below it, one step at a time:
// from each node it visits, it goes on to its neighbours when visit
// returns true.
func (o *optimal) spread(v int32, up bool, visit func(w int32) bool) {
	stack := []int32{v}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for a := range o.d {
			l, step := o.level(u, a), int32(o.stride[a])
			if up && l == o.depth[a] || !up && l == 0 {
				continue
			}
			if !up {
				step = -step
			}
			if w := u + step; visit(w) {
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
			return 0, fmt.Errorf("%w: even full generalization suppresses %d of %d rows, %d allowed; raise Suppression or relax the models",
				ErrUnsatisfiable, o.evaluate(top).suppressed, o.t.n, o.maxSupp)
		}
	}
	// Visit the nodes in order, skipping those whose lower bound, their
	// own or inherited from the nodes below, cannot beat the best so far.
	// The status of a node that may beat it is found when it is visited
	// (see classify); a node within the limit is evaluated for its metric.
	lb := make([]float64, o.nodes)
	if o.monotone {
		o.fromAbove = make([]float64, o.nodes)
	}
	for i, v := range o.order {
		if i&63 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, canceled(err)
			}
		}
		o.reached = i
		b := lb[v]
		if o.metric == Loss {
			b = max(b, o.lossBound(v))
		}
		// b holds for the nodes above v too; the bound from above does not.
		if o.improves(b) && (o.fromAbove == nil || o.improves(o.fromAbove[v])) {
			if o.status[v] == unknown {
				o.classify(v)
			}
			if o.status[v] == satisfied && (o.fromAbove == nil || o.improves(o.fromAbove[v])) {
				if st := o.evaluate(v); st.suppressed <= o.maxSupp {
					o.boundBelow(v, st)
					o.consider(v, st)
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
	if o.best < 0 {
		// Every node within the limit withholds every row, and the
		// average class size of no class is infinite.
		o.best = o.first
	}
	if o.best < 0 {
		return 0, fmt.Errorf("%w: every generalization suppresses more than the %d of %d rows allowed; raise Suppression or relax the models",
			ErrUnsatisfiable, o.maxSupp, o.t.n)
	}
	return o.best, nil
}

// boundBelow passes on to the nodes below w what its evaluation proves of
// them when the models are monotone: the rows that w suppresses are
// suppressed below it too (a class that violates the models contains
// classes that do), and a cell costs less there, so a node v below w loses
// at least its loss without suppression plus what suppression adds at w.
// Discernibility charges each suppressed row the table size and each
// released one at least k.
func (o *optimal) boundBelow(w int32, st *nodeStats) {
	if o.fromAbove == nil || st.suppressed == 0 {
		return
	}
	var bound func(v int32) float64
	switch o.metric {
	case Loss:
		excess := 100 * st.excess / float64(o.t.n*o.d)
		bound = func(v int32) float64 { return o.lossBound(v) + excess }
	case Discernibility:
		n, s := float64(o.t.n), float64(st.suppressed)
		x := s*n + float64(o.chk.k)*(n-s)
		bound = func(int32) float64 { return x }
	default:
		return
	}
	o.spread(w, false, func(x int32) bool {
		if int(o.rank[x]) < o.reached {
			return false // visited already
		}
		if b := bound(x); b > o.fromAbove[x] {
			o.fromAbove[x] = b
			return true
		}
		return false
	})
}

// improves reports whether a node whose metric is at least bound may beat
// the best node so far.
func (o *optimal) improves(bound float64) bool { return bound < o.bestVal*(1-1e-12) }

// classify finds the status of v. Without monotonicity it checks v. With
// it, it checks nodes by a search along the path up from v to the top,
// like a binary search but probing five sixths of the way up the part
// still unknown, and the marks of mark settle v and the nodes above a
// satisfying node or below a violating one: few checks settle many
// nodes, and checks high in the lattice, where nodes have few classes,
// are cheap (probing halfway, Optimal with 5% suppression took 3.4 times
// as long on the synthetic table of bench/kanonscale). It stops early
// once the bound inherited from above shows that v cannot beat the best
// node so far.
func (o *optimal) classify(v int32) {
	if !o.monotone {
		o.check(v)
		return
	}
	p := o.path(v)
	lo, hi := 0, len(p)-1
	for lo <= hi && (o.fromAbove == nil || o.improves(o.fromAbove[v])) {
		// Probe high: a node high on the path has fewer classes, so it is
		// cheaper to check, and if it violates the models so does all
		// of the path below it.
		mid := lo + (hi-lo)*5/6
		if o.check(p[mid]) {
			hi = mid - 1
		} else {
			lo = mid + 1
		}
	}
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
