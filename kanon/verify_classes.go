package kanon

import (
	"encoding/binary"
	"math"
	"slices"
	"sync"

	"github.com/deidkit/deidkit/internal/offheap"
)

// A verifiedClasses numbers the classes of a release in order of their
// first row and counts their rows.
type verifiedClasses struct {
	start []int32 // class c's rows are rows[start[c]:start[c+1]] of rows()
}

func (cs *verifiedClasses) count() int { return len(cs.start) - 1 }

// verifyClasses forms the classes of rel, Verify's way: rows whose
// released quasi-identifiers are equal byte for byte, suppressed rows
// excluded; it counts the suppressed rows and judges every released cell
// against the original value into rep. It appends each row's class to
// classOf (-1 when suppressed).
//
// A large table is read in two halves at once (see verifyClassesSplit).
func verifyClasses(t *Table, rel Release, rep *Report, classOf *classColumn) *verifiedClasses {
	// The second half starts at a block of prefaulted rows: its part of
	// classOf then starts at a page.
	return verifyClassesSplit(t, rel, rep, classOf, t.n/2&^(prefaultRows-1))
}

// verifyClassesSplit is verifyClasses, reading rows 0..mid and mid..n on
// two goroutines when 0 < mid < n, each numbering the classes of its rows
// on its own; the second half's classes are then renumbered: those the
// first half has take its number, the others the next numbers in order of
// their first row, which is the numbering of a single pass. Rows, cells
// and classes are each judged by the same code either way; only the
// class numbers are merged. If a half has more classes than classOf's
// narrow numbers hold, the table is read again in one pass.
func verifyClassesSplit(t *Table, rel Release, rep *Report, classOf *classColumn, mid int) *verifiedClasses {
	var sizes []int32
	if 0 < mid && mid < t.n && classOf.wide == nil && len(classOf.narrow) == 0 {
		sizes = classifyHalves(t, rel, rep, classOf, mid)
	}
	if sizes == nil {
		all := classifyRows(t, rel, 0, t.n, classOf)
		all.into(rep)
		sizes = all.sizes
	}
	for c := 1; c < len(sizes); c++ {
		sizes[c] += sizes[c-1]
	}
	return &verifiedClasses{start: sizes}
}

// classifyHalves classifies rows 0..mid and mid..n of t at once, into
// classOf's narrow block, and returns the rows by class (from sizes[1]),
// or nil, classOf left empty, if a half has too many classes for it.
func classifyHalves(t *Table, rel Release, rep *Report, classOf *classColumn, mid int) []int32 {
	head := &classColumn{narrow: classOf.narrow[:0:mid], limit: classOf.limit, part: true}
	tail := &classColumn{narrow: classOf.narrow[mid:mid:t.n], limit: classOf.limit, part: true}
	var a, b *classPart
	var wg sync.WaitGroup
	wg.Go(func() { b = classifyRows(t, rel, mid, t.n, tail) })
	a = classifyRows(t, rel, 0, mid, head)
	wg.Wait()
	if a == nil || b == nil {
		return nil
	}
	a.into(rep)
	b.into(rep)
	keys := make([]string, len(b.sizes)-1)
	for k, c := range b.index {
		keys[c] = k
	}
	sizes, renum := a.sizes, make([]int32, len(keys))
	for c, k := range keys {
		g, ok := a.index[k]
		if !ok {
			g = int32(len(sizes) - 1)
			a.index[k] = g
			sizes = append(sizes, 0)
		}
		renum[c] = g
		sizes[g+1] += b.sizes[c+1]
	}
	narrow := classOf.narrow[:t.n]
	if int32(len(sizes)-1) <= classOf.limit {
		for i, v := range narrow[mid:] {
			if v != 0 {
				narrow[mid+i] = uint16(renum[v-1] + 1)
			}
		}
		classOf.narrow = narrow
		return sizes
	}
	// The classes together need wide numbers.
	classOf.narrow, classOf.wide = nil, offheap.Make[int32](t.n)
	for _, v := range narrow[:mid] {
		classOf.append(int32(v) - 1)
	}
	for _, v := range narrow[mid:] {
		c := int32(v) - 1
		if c >= 0 {
			c = renum[c]
		}
		classOf.append(c)
	}
	offheap.Free(narrow)
	return sizes
}

// A classPart is the classes of a run of a table's rows, numbered in
// order of their first row, with what Verify counts of those rows.
type classPart struct {
	index           map[string]int32 // released values -> class
	sizes           []int32          // rows by class, from sizes[1]
	suppressed      int
	untruthfulCells int
	untruthful      []Cell // the first 100
}

// into adds p's counts to rep, after those of the rows before p's.
func (p *classPart) into(rep *Report) {
	rep.Suppressed += p.suppressed
	rep.UntruthfulCells += p.untruthfulCells
	rep.Untruthful = append(rep.Untruthful, p.untruthful[:min(len(p.untruthful), 100-len(rep.Untruthful))]...)
}

// classifyRows forms the classes of rows lo..hi of rel and judges their
// cells, appending each row's class to out; it returns nil if out cannot
// hold a class's number.
//
// A class's released values are the same on all its rows, so each class
// numbers its values once, per quasi-identifier, among the values
// released for it; a cell's verdict then depends on its original value's
// code and that number only, and is remembered under both.
func classifyRows(t *Table, rel Release, lo, hi int, out *classColumn) *classPart {
	truth := newTruthJudge(t)
	nq := len(t.qi)
	labels := make([]map[string]uint32, nq) // released values by quasi-identifier -> number
	verdicts := make([]verdictMemo, nq)
	for q := range nq {
		labels[q] = map[string]uint32{}
		verdicts[q] = verdictMemo{values: len(t.qi[q].dom.values), budget: (hi - lo) / 2 / nq, sparse: map[uint64]bool{}}
	}
	p := &classPart{index: map[string]int32{}, sizes: []int32{0}}
	var released []uint32 // by class and quasi-identifier
	var key []byte
	for row := lo; row < hi; row++ {
		if rel.Suppressed(row) {
			p.suppressed++
			if !out.append(-1) {
				return nil
			}
			continue
		}
		key = key[:0]
		for q := range nq {
			v := rel.Released(row, q)
			// Each value after its length, so that no two releases of
			// different values make the same key.
			key = binary.LittleEndian.AppendUint32(key, uint32(len(v)))
			key = append(key, v...)
		}
		c, ok := p.index[string(key)]
		if !ok {
			c = int32(len(p.sizes) - 1)
			p.index[string(key)] = c
			p.sizes = append(p.sizes, 0)
			for q := range nq {
				v := rel.Released(row, q)
				n, ok := labels[q][v]
				if !ok {
					n = uint32(len(labels[q]))
					labels[q][v] = n
				}
				released = append(released, n)
			}
		}
		if !out.append(c) {
			return nil
		}
		p.sizes[c+1]++
		for q := range nq {
			code, n := t.qi[q].codes[row], released[int(c)*nq+q]
			holds, judged := verdicts[q].get(code, n)
			if !judged {
				holds = truth.holds(q, t.Value(row, q), rel.Released(row, q))
				verdicts[q].set(code, n, holds)
			}
			if !holds {
				p.untruthfulCells++
				if len(p.untruthful) < 100 {
					p.untruthful = append(p.untruthful, Cell{Row: row, QI: q})
				}
			}
		}
	}
	return p
}

// each calls f with the rows of every class in table order, class after
// class. It sorts the rows of a batch of classes at a time, by a counting
// sort over classOf: a batch holds about budget rows (or one class, if
// larger), so that the scratch beside classOf stays small whatever the
// table's size, for a pass over classOf per batch.
func (cs *verifiedClasses) each(classOf *classColumn, budget int, f func(rows []int32)) {
	cs.eachIn(0, cs.count(), classOf, budget, f)
}

// eachIn is each for classes from..to only.
func (cs *verifiedClasses) eachIn(from, to int, classOf *classColumn, budget int, f func(rows []int32)) {
	var rows, next []int32
	for lo, nc := from, to; lo < nc; {
		base := cs.start[lo]
		hi := lo + 1
		for hi < nc && int(cs.start[hi+1]-base) <= budget {
			hi++
		}
		rows = slices.Grow(rows[:0], int(cs.start[hi]-base))[:cs.start[hi]-base]
		next = append(next[:0], cs.start[lo:hi]...)
		if classOf.wide != nil {
			sortBatch(classOf.wide, int32(lo), rows, next, base)
		} else {
			sortBatch(classOf.narrow, int32(lo)+1, rows, next, base)
		}
		for c := lo; c < hi; c++ {
			f(rows[cs.start[c]-base : cs.start[c+1]-base])
		}
		lo = hi
	}
}

// sortBatch places the rows of the classes first to first+len(next)-1
// of a class column in rows, from next[i]-base on for class first+i.
func sortBatch[T uint16 | int32](classOf []T, first int32, rows, next []int32, base int32) {
	for row, c := range classOf {
		// Suppressed rows and other batches' classes fail the unsigned
		// comparison.
		if i := uint32(c) - uint32(first); i < uint32(len(next)) {
			rows[next[i]-base] = int32(row)
			next[i]++
		}
	}
}

// A classColumn holds the class of every row, outside the Go heap until
// freed: two bytes a row while the classes are fewer than limit, four
// from the row whose class reaches it (the rows before are widened).
type classColumn struct {
	narrow []uint16 // class+1, 0 when suppressed; nil once wide
	wide   []int32  // class, -1 when suppressed
	limit  int32
	part   bool // a view of rows of another column's narrow block: it cannot widen
}

// newClassColumn returns an empty column for n rows.
func newClassColumn(n int) *classColumn {
	return &classColumn{narrow: offheap.Make[uint16](n), limit: math.MaxUint16}
}

// append sets the class of the next row, -1 when it is suppressed. It
// returns false, setting nothing, if cc is a part and c does not fit in
// its narrow numbers.
func (cc *classColumn) append(c int32) bool {
	if cc.wide == nil && c < cc.limit {
		if len(cc.narrow)&(prefaultRows-1) == 0 {
			offheap.Prefault(cc.narrow, prefaultRows)
		}
		cc.narrow = append(cc.narrow, uint16(c+1))
		return true
	}
	if cc.part {
		return false
	}
	if cc.wide == nil {
		cc.wide = offheap.Make[int32](cap(cc.narrow))
		for _, v := range cc.narrow {
			cc.wide = append(cc.wide, int32(v)-1)
		}
		offheap.Free(cc.narrow)
		cc.narrow = nil
	}
	if len(cc.wide)&(prefaultRows-1) == 0 {
		offheap.Prefault(cc.wide, prefaultRows)
	}
	cc.wide = append(cc.wide, c)
	return true
}

// free frees the column; it must not be used after.
func (cc *classColumn) free() {
	offheap.Free(cc.narrow)
	offheap.Free(cc.wide)
	*cc = classColumn{}
}

// A verdictMemo remembers whether the released values of a quasi-identifier
// are true of its values, by value code and released number: in a table
// per released number (a byte per value of the domain) while they take at
// most budget bytes in all, in a map after that.
type verdictMemo struct {
	values int       // the domain's size
	dense  [][]uint8 // by released number: 0 not judged, 1 true, 2 false
	budget int       // bytes left for dense
	sparse map[uint64]bool
}

func (m *verdictMemo) get(code int32, n uint32) (holds, judged bool) {
	if int(n) < len(m.dense) && m.dense[n] != nil {
		v := m.dense[n][code]
		return v == 1, v != 0
	}
	holds, judged = m.sparse[uint64(code)<<32|uint64(n)]
	return holds, judged
}

func (m *verdictMemo) set(code int32, n uint32, holds bool) {
	if int(n) >= len(m.dense) && m.values <= m.budget {
		m.dense = append(m.dense, make([][]uint8, int(n)+1-len(m.dense))...)
		m.dense[n] = make([]uint8, m.values)
		m.budget -= m.values
	}
	if int(n) < len(m.dense) && m.dense[n] != nil {
		m.dense[n][code] = 2
		if holds {
			m.dense[n][code] = 1
		}
		return
	}
	m.sparse[uint64(code)<<32|uint64(n)] = holds
}
