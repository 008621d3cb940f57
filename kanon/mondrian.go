package kanon

import (
	"context"
	"fmt"
	"math"
)

// Config configures the algorithms.
type Config struct {
	// Models must all hold in every equivalence class. At least one.
	Models []Model
	// Relaxed lets Mondrian split a partition that no strict cut can
	// split: at the exact median of a numeric attribute, with rows of the
	// median value on both sides, so that the ranges of classes may
	// overlap. Strict Mondrian (the default) keeps classes disjoint. A
	// relaxed cut is tried only where no strict cut is allowed, so the
	// relaxed release refines the strict one and never loses more: trying
	// it first, as LeFevre et al.'s relaxed Mondrian does, stretched the
	// ranges of both sides to the median value where a strict cut would
	// have done, and lost more than strict Mondrian (Adult, k=100: NCP
	// 28.47% against 28.29%; the synthetic table of bench/kanonscale, 1M
	// rows, k=10: 11.44% against 11.32%). Tried last, relaxed Mondrian
	// reaches on Adult, k = 2, 5, 10, 20, 50, 100: 1.256, 4.230, 7.695,
	// 11.995, 19.681, 28.198% (strict: 1.291, 4.332, 7.877, 12.229,
	// 19.947, 28.293%).
	Relaxed bool
	// Suppression is the largest share of rows, in [0, 1], that Optimal
	// may withhold to satisfy the models. Mondrian never suppresses, but
	// rejects a value outside [0, 1] as Optimal does.
	Suppression float64
	// Metric is what Optimal minimizes; the default is Loss.
	Metric Metric
}

// validate checks the settings that both algorithms check, so that a
// configuration is valid or not whichever runs it.
func (c Config) validate() error {
	if !(c.Suppression >= 0 && c.Suppression <= 1) {
		return fmt.Errorf("%w: suppression %g is not in [0, 1]", ErrConfig, c.Suppression)
	}
	if c.Metric < Loss || c.Metric > AverageClassSize {
		return fmt.Errorf("%w: unknown metric %v", ErrConfig, c.Metric)
	}
	return nil
}

// Mondrian computes a multidimensional local recoding of t (LeFevre,
// DeWitt and Ramakrishnan, 2006): it splits the rows recursively at the
// median of the quasi-identifier with the widest normalized range while
// both halves satisfy the models. Numeric quasi-identifiers are released
// as ranges, categorical ones as the lowest hierarchy node that covers the
// class; categorical splits follow the hierarchy's children.
//
// Classes that release the same values are one class: a split of a
// categorical node's children into two groups of several children
// releases the node on both sides, and a relaxed split can leave rows of
// the median value alone on both sides. Mondrian merges such twins, so
// that the Result's classes and metrics are those of the release, which
// kanon.Verify rebuilds from the released strings.
//
// With an individual column, a split is allowed only if both halves keep
// at least k distinct individuals: each candidate cut is checked by
// counting the individuals on either side (stopping as soon as both have
// k, when no sensitive-value model needs the whole halves).
//
// It returns an error wrapping ErrUnsatisfiable if the table as a whole
// does not satisfy the models. It runs in O(n log n) expected time. Its
// working memory is 12 bytes per row (a row-index array and two scratch
// arrays of keys) plus, for tables larger than the cache, compact copies
// of partitions of at most 1/16 of the rows; with an individual column,
// add 8 bytes per individual (and 4 per row in the compact copies), and
// with both an individual column and a sensitive-value model, for each
// sensitive attribute, 4 bytes per row and 8 bytes per (individual, value)
// pair. The result keeps 4 bytes per row.
func Mondrian(ctx context.Context, t *Table, cfg Config) (*Result, error) {
	return mondrianWith(ctx, t, cfg, cacheBytes)
}

// mondrianWith runs Mondrian with views compacted once they exceed cache
// bytes.
func mondrianWith(ctx context.Context, t *Table, cfg Config, cache int) (*Result, error) {
	chk, err := newChecker(t, cfg.Models)
	if err != nil {
		return nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	m := &mondrian{t: t, chk: chk, relaxed: cfg.Relaxed, d: len(t.qi), cache: cache}
	m.rows = make([]int32, t.n)
	m.cols = make([][]int32, m.d)
	for a := range m.d {
		m.cols[a] = t.qi[a].codes
	}
	if chk.needHist() {
		m.sens = chk.sensCodes
	}
	m.ind = chk.ind
	m.keys = make([]int32, t.n)
	m.sel = make([]int32, t.n)
	m.count = make([]int32, 4096)
	for i := range m.rows {
		m.rows[i] = int32(i)
	}
	m.left = chk.newHist()
	m.right = chk.newHist()
	chk.addRows(m.left, m.rows)
	if t.n == 0 {
		return nil, fmt.Errorf("%w: the table is empty", ErrUnsatisfiable)
	}
	if !chk.holds(m.left) {
		// Every release merges classes up to the whole table at most, so
		// a model the whole table violates holds for no release.
		return nil, fmt.Errorf("%w: even the whole table as one class violates %s", ErrUnsatisfiable, chk.explain(m.left))
	}
	m.left.reset()
	m.lo, m.hi = make([]int32, m.d), make([]int32, m.d)
	m.order = make([]int, 0, m.d)
	m.width = make([]float64, m.d)
	m.lca = make([]int, m.d)
	m.fixedVal = make([]int32, m.d)
	m.res = &Result{t: t, chk: chk, classOf: make([]int32, t.n)}
	if err := m.run(ctx); err != nil {
		return nil, err
	}
	m.res.mergeTwins()
	return m.res, nil
}

type mondrian struct {
	t       *Table
	chk     *checker
	relaxed bool
	d       int
	// The view in use (see view): partitions are sub-slices of rows.
	rows        []int32
	cols        [][]int32
	sens        [][]int32
	ind         []int32
	orig        []int32
	views       []*view // compact views by depth, reused
	cache       int     // bytes of a view beyond which partitions are compacted
	keys, sel   []int32 // scratch: keys of a partition, and a copy to select in
	count       []int32 // scratch: histogram of keys with a small range
	measured    span    // the partition whose extent lo/hi hold
	fixed       uint64  // attributes of the current partition known to hold one value
	fixedVal    []int32 // their values, by attribute
	left, right *hist
	res         *Result

	// scratch for one partition
	lo, hi []int32
	width  []float64
	lca    []int
	order  []int
}

type span struct{ lo, hi int }

func (m *mondrian) run(ctx context.Context) error {
	root := &view{cols: m.cols, sens: m.sens, ind: m.ind, rows: m.rows}
	return m.process(ctx, root, 0, part{span{0, len(m.rows)}, 0}, make([]int32, m.d))
}

// A view is the set of columns Mondrian scans: the table's, or a compact
// copy of one partition's rows.
type view struct {
	cols [][]int32 // quasi-identifier codes
	sens [][]int32 // sensitive codes (checker.sensCodes), when a model needs them
	ind  []int32   // individuals, with an individual column
	rows []int32   // the row-index array over the view
	orig []int32   // the table row of each row of the view; nil for the table
}

// cacheBytes approximates the cache a view's columns should fit in to be
// scanned without gathering from main memory.
const cacheBytes = 4 << 20

// process splits the rows of v. When a partition has shrunk to a small
// share of a view too large for the cache, its codes are copied into a
// compact child view: from there on the scans read dense memory instead
// of gathering scattered rows.
func (m *mondrian) process(ctx context.Context, v *view, depth int, root part, rootVals []int32) error {
	m.use(v)
	d := m.d
	bytesPerRow := 4 * (len(v.cols) + len(v.sens))
	if v.ind != nil {
		bytesPerRow += 4
	}
	// stack[i] holds a partition to process and vals[i*d:(i+1)*d] the
	// values of its fixed attributes.
	stack := []part{root}
	vals := append([]int32(nil), rootVals...)
	for steps := 0; len(stack) > 0; steps++ {
		if steps&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return canceled(err)
			}
		}
		top := len(stack) - 1
		p := stack[top]
		stack = stack[:top]
		m.fixed = p.fixed
		copy(m.fixedVal, vals[top*d:(top+1)*d])
		n := p.hi - p.lo
		if len(v.rows)*bytesPerRow > m.cache && n*16 <= len(v.rows) && n >= 2*m.chk.k {
			child := m.compact(v, p.span, depth+1)
			err := m.process(ctx, child, depth+1, part{span{0, n}, p.fixed}, append([]int32(nil), m.fixedVal...))
			m.use(v)
			if err != nil {
				return err
			}
			continue
		}
		if mid, ok := m.split(p.lo, p.hi); ok {
			// Attributes with one value here keep it in both halves.
			fixed := p.fixed
			for a := range min(d, 64) {
				if m.lo[a] == m.hi[a] {
					fixed |= 1 << a
					m.fixedVal[a] = m.lo[a]
				}
			}
			m.measured = span{}
			for _, s := range [2]span{{mid, p.hi}, {p.lo, mid}} {
				vals = append(vals[:len(stack)*d], m.fixedVal...)
				stack = append(stack, part{s, fixed})
			}
			continue
		}
		m.emit(p.lo, p.hi)
	}
	return nil
}

// A part is a partition waiting to be processed.
type part struct {
	span
	fixed uint64 // bit a: attribute a has a single value, known from the parent
}

// use makes v the view that split, measure and emit work on.
func (m *mondrian) use(v *view) {
	m.cols, m.sens, m.ind, m.rows, m.orig = v.cols, v.sens, v.ind, v.rows, v.orig
	m.measured = span{}
}

// compact copies the rows of partition p of v into the view buffers of the
// given depth.
func (m *mondrian) compact(v *view, p span, depth int) *view {
	n := p.hi - p.lo
	for len(m.views) <= depth {
		m.views = append(m.views, nil)
	}
	c := m.views[depth]
	if c == nil || cap(c.rows) < n {
		c = &view{cols: make([][]int32, len(v.cols)), sens: make([][]int32, len(v.sens))}
		perRow := len(v.cols) + len(v.sens) + 2
		if v.ind != nil {
			perRow++
		}
		buf := make([]int32, n*perRow)
		next := func() []int32 {
			s := buf[:n:n]
			buf = buf[n:]
			return s
		}
		for a := range c.cols {
			c.cols[a] = next()
		}
		for s := range c.sens {
			c.sens[s] = next()
		}
		c.rows, c.orig = next(), next()
		if v.ind != nil {
			c.ind = next()
		}
		m.views[depth] = c
	}
	rows := v.rows[p.lo:p.hi]
	for a, col := range v.cols {
		dst := c.cols[a][:n]
		for i, r := range rows {
			dst[i] = col[r]
		}
		c.cols[a] = dst
	}
	for s, col := range v.sens {
		dst := c.sens[s][:n]
		for i, r := range rows {
			dst[i] = col[r]
		}
		c.sens[s] = dst
	}
	if v.ind != nil {
		dst := c.ind[:n]
		for i, r := range rows {
			dst[i] = v.ind[r]
		}
		c.ind = dst
	}
	c.rows, c.orig = c.rows[:n], c.orig[:n]
	for i, r := range rows {
		c.rows[i] = int32(i)
		if v.orig != nil {
			r = v.orig[r]
		}
		c.orig[i] = r
	}
	return c
}

// measure computes the extent of every quasi-identifier in rows[lo:hi].
func (m *mondrian) measure(lo, hi int) {
	if m.measured == (span{lo, hi}) {
		return
	}
	m.measured = span{lo, hi}
	rows := m.rows[lo:hi]
	for a := range m.d {
		mn, mx := int32(math.MaxInt32), int32(-1)
		if a < 64 && m.fixed&(1<<a) != 0 {
			mn, mx = m.fixedVal[a], m.fixedVal[a]
		} else {
			codes := m.cols[a]
			for _, r := range rows {
				c := codes[r]
				mn = min(mn, c)
				mx = max(mx, c)
			}
		}
		m.lo[a], m.hi[a] = mn, mx
		d := m.t.qi[a].dom
		switch {
		case mn == mx:
			m.width[a], m.lca[a] = 0, 0
		case d.numeric:
			m.width[a] = d.ncpRange(mn, mx)
		default:
			j := 1
			for d.gen[j][mn] != d.gen[j][mx] {
				j++
			}
			m.lca[a] = j
			m.width[a] = float64(d.leafCount[j][d.gen[j][mn]]) / float64(d.size())
		}
	}
}

// split tries the quasi-identifiers from the widest; it returns the split
// position if one is allowed.
func (m *mondrian) split(lo, hi int) (int, bool) {
	if hi-lo < 2*m.chk.k {
		return 0, false
	}
	m.measure(lo, hi)
	m.order = m.order[:0]
	for a := range m.d {
		if m.width[a] > 0 {
			m.order = append(m.order, a)
		}
	}
	// Insertion sort by width, widest first; ties keep schema order.
	for i := 1; i < len(m.order); i++ {
		for j := i; j > 0 && m.width[m.order[j]] > m.width[m.order[j-1]]; j-- {
			m.order[j], m.order[j-1] = m.order[j-1], m.order[j]
		}
	}
	for _, a := range m.order {
		if mid, ok := m.splitOn(a, lo, hi, false); ok {
			return mid, true
		}
	}
	// Relaxed cuts only where no strict one is allowed: a strict cut
	// leaves the run of median values on one side, where a relaxed one
	// stretches the ranges of both sides to it, so the relaxed release
	// refines the strict one (see Config.Relaxed).
	if m.relaxed {
		for _, a := range m.order {
			if mid, ok := m.splitOn(a, lo, hi, true); ok {
				return mid, true
			}
		}
	}
	return 0, false
}

// splitOn partitions rows[lo:hi] around the median of attribute a: by value
// for numeric attributes, by child of the covering hierarchy node for
// categorical ones. The partition is stable, so the rows of every partition
// stay in table order and the column scans run forward through memory.
func (m *mondrian) splitOn(a, lo, hi int, relaxed bool) (int, bool) {
	codes := m.cols[a]
	rows := m.rows[lo:hi]
	keys := m.keys[:len(rows)]
	kmin, kmax := m.lo[a], m.hi[a]
	if !m.t.qi[a].dom.numeric && m.lca[a] > 1 {
		lut := m.t.qi[a].dom.gen[m.lca[a]-1]
		for i, r := range rows {
			keys[i] = lut[codes[r]]
		}
		kmin, kmax = lut[kmin], lut[kmax]
	} else {
		for i, r := range rows {
			keys[i] = codes[r]
		}
	}
	half := len(rows) / 2
	var eqLo, eqHi int
	var v int32
	if span := int(kmax-kmin) + 1; span <= len(m.count) && span <= len(rows) {
		// Few distinct keys: the median falls out of a histogram.
		count := m.count[:span]
		clear(count)
		for _, k := range keys {
			count[k-kmin]++
		}
		for i, c := range count {
			if eqLo+int(c) > half {
				v, eqHi = kmin+int32(i), eqLo+int(c)
				break
			}
			eqLo += int(c)
		}
	} else {
		sel := m.sel[:len(rows)]
		copy(sel, keys)
		eqLo, eqHi, v = selectMedian(sel, half)
	}
	var cands [2]int
	nc := 2
	switch {
	case relaxed:
		// A relaxed cut splits the run of median keys. It applies to
		// ordered values; categorical ones keep to hierarchy children,
		// or both halves would generalize to the same node.
		if !m.t.qi[a].dom.numeric || half == eqLo {
			return 0, false
		}
		cands[0], nc = half, 1
	case half-eqLo <= eqHi-half:
		// Strict cuts lie at the edges of the run of median keys; try
		// the more balanced one first.
		cands = [2]int{eqLo, eqHi}
	default:
		cands = [2]int{eqHi, eqLo}
	}
	for _, cut := range cands[:nc] {
		if cut <= 0 || cut >= len(rows) || cut < m.chk.k || len(rows)-cut < m.chk.k {
			continue
		}
		// Rows with keys below v go left, above v right; of the rows
		// with key v, the first cut-eqLo go left.
		if m.chk.needScan() && !m.allowed(rows, keys, v, cut-eqLo) {
			continue
		}
		m.partition(rows, keys, v, cut-eqLo)
		return lo + cut, true
	}
	return 0, false
}

// allowed checks the models on both sides of a cut.
func (m *mondrian) allowed(rows, keys []int32, v int32, eqLeft int) bool {
	m.left.reset()
	m.right.reset()
	if m.ind != nil && !m.chk.needHist() {
		return m.enoughIndividuals(rows, keys, v, eqLeft)
	}
	for i, r := range rows {
		h := m.right
		if k := keys[i]; k < v || (k == v && eqLeft > 0) {
			if k == v {
				eqLeft--
			}
			h = m.left
		}
		h.n++
		if m.ind != nil {
			h.addInd(m.ind[r])
		}
		for s := range h.counts {
			h.addSens(s, m.sens[s][r], 1)
		}
	}
	return m.chk.holds(m.left) && m.chk.holds(m.right)
}

// enoughIndividuals reports whether both sides of a cut hold k distinct
// individuals, reading rows only until they do.
func (m *mondrian) enoughIndividuals(rows, keys []int32, v int32, eqLeft int) bool {
	k := m.chk.k
	left, right := m.left, m.right
	for i, r := range rows {
		if kk := keys[i]; kk < v || (kk == v && eqLeft > 0) {
			if kk == v {
				eqLeft--
			}
			left.addInd(m.ind[r])
		} else {
			right.addInd(m.ind[r])
		}
		if left.inds >= k && right.inds >= k {
			return true
		}
	}
	return false
}

// partition moves the rows of the left side of a cut to the front, keeping
// the order within each side.
func (m *mondrian) partition(rows, keys []int32, v int32, eqLeft int) {
	right := m.sel[:0] // the selection scratch is free again
	j := 0
	for i, r := range rows {
		if k := keys[i]; k < v || (k == v && eqLeft > 0) {
			if k == v {
				eqLeft--
			}
			rows[j] = r
			j++
		} else {
			right = append(right, r)
		}
	}
	copy(rows[j:], right)
}

// emit records rows[lo:hi] as an equivalence class.
func (m *mondrian) emit(lo, hi int) {
	m.measure(lo, hi)
	res := m.res
	c := int32(len(res.sizes))
	res.sizes = append(res.sizes, int32(hi-lo))
	for a := range m.d {
		d := m.t.qi[a].dom
		switch {
		case d.numeric:
			res.gen = append(res.gen, genVal{level: -1, a: m.lo[a], b: m.hi[a]})
		case m.lca[a] == 0:
			res.gen = append(res.gen, genVal{level: 0, a: m.lo[a]})
		default:
			res.gen = append(res.gen, genVal{level: int32(m.lca[a]), a: d.gen[m.lca[a]][m.lo[a]]})
		}
	}
	if m.orig == nil {
		for _, r := range m.rows[lo:hi] {
			res.classOf[r] = c
		}
		return
	}
	for _, r := range m.rows[lo:hi] {
		res.classOf[m.orig[r]] = c
	}
}

// selectMedian reorders keys so that they are partitioned around the key v
// of rank k: keys[:eqLo] are smaller, keys[eqLo:eqHi] equal v and
// keys[eqHi:] are larger. It is a quickselect with three-way partitioning,
// so runs of equal keys cost no more than distinct ones.
func selectMedian(keys []int32, k int) (eqLo, eqHi int, v int32) {
	lo, hi := 0, len(keys)
	for {
		// Median of three as pivot.
		a, b, c := keys[lo], keys[lo+(hi-lo)/2], keys[hi-1]
		p := max(min(a, b), min(max(a, b), c))
		lt, i, gt := lo, lo, hi
		for i < gt {
			x := keys[i]
			switch {
			case x < p:
				keys[lt], keys[i] = x, keys[lt]
				lt++
				i++
			case x > p:
				gt--
				keys[gt], keys[i] = x, keys[gt]
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k >= gt:
			lo = gt
		default:
			return lt, gt, p
		}
	}
}
