package kanon

import (
	"encoding/binary"
	"hash/maphash"
	"iter"
)

// genVal is the released value of one quasi-identifier in one class:
// a range of numeric codes (level < 0) or a hierarchy node.
type genVal struct {
	level int32 // -1: range [a, b] of codes; otherwise hierarchy level of node a
	a, b  int32
}

// A Result is a release of a table: for every row, either its equivalence
// class, whose generalized quasi-identifiers every member shares, or
// suppression. It keeps one int32 per row and the generalization of each
// class; released strings are made on demand.
type Result struct {
	t          *Table
	chk        *checker
	classOf    []int32 // per row; -1 when suppressed
	sizes      []int32 // per class
	gen        []genVal
	levels     []int // full-domain generalization levels; nil for Mondrian
	suppressed int
}

// Table returns the table the release was computed from.
func (r *Result) Table() *Table { return r.t }

// Len reports the number of rows, suppressed ones included.
func (r *Result) Len() int { return len(r.classOf) }

// Suppressed reports whether row is withheld from the release.
func (r *Result) Suppressed(row int) bool { return r.classOf[row] < 0 }

// Class returns the equivalence class of row, or -1 when it is suppressed.
func (r *Result) Class(row int) int { return int(r.classOf[row]) }

// Classes reports the number of equivalence classes.
func (r *Result) Classes() int { return len(r.sizes) }

// Levels returns the hierarchy level chosen for each quasi-identifier by a
// full-domain generalization, or nil for Mondrian's local recoding.
func (r *Result) Levels() []int { return append([]int(nil), r.levels...) }

// SuppressedRows reports the number of suppressed rows.
func (r *Result) SuppressedRows() int { return r.suppressed }

// Released returns the released value of quasi-identifier qi in row: the
// original value, a range "[lo, hi]" of numeric values (bounds spelled
// one way per number, see the package documentation), a hierarchy label,
// or "*" for a suppressed row.
func (r *Result) Released(row, qi int) string {
	c := r.classOf[row]
	if c < 0 {
		return "*"
	}
	lo, hi, isRange := r.releasedParts(int(c), qi)
	if !isRange {
		return lo
	}
	return "[" + lo + ", " + hi + "]"
}

// AppendReleased appends Released(row, qi) to dst without allocating.
func (r *Result) AppendReleased(dst []byte, row, qi int) []byte {
	c := r.classOf[row]
	if c < 0 {
		return append(dst, '*')
	}
	return r.appendGen(dst, int(c), qi)
}

// appendGen appends the released value of qi in class c.
func (r *Result) appendGen(dst []byte, c, qi int) []byte {
	lo, hi, isRange := r.releasedParts(c, qi)
	if !isRange {
		return append(dst, lo...)
	}
	dst = append(dst, '[')
	dst = append(dst, lo...)
	dst = append(dst, ", "...)
	dst = append(dst, hi...)
	return append(dst, ']')
}

// releasedParts returns the released value of qi in class c: a value or
// label, or the bounds of a range "[lo, hi]".
func (r *Result) releasedParts(c, qi int) (lo, hi string, isRange bool) {
	g := r.gen[c*len(r.t.qi)+qi]
	d := r.t.qi[qi].dom
	switch {
	case g.level >= 0:
		return d.label(int(g.level), g.a), "", false
	case g.a == g.b:
		return d.values[g.a], "", false
	case d.canon[g.a] == d.canon[g.b]: // spellings of one number
		return d.canon[g.a], "", false
	}
	return d.canon[g.a], d.canon[g.b], true
}

// mergeTwins joins the classes that release the same values: the rows of
// such classes are indistinguishable in the release, so they form one
// class, which is what the metrics and Verify must see. Local recoding
// makes twins when the two sides of a split generalize alike: a
// categorical split of a node's children into two groups of several
// children releases the node on both sides, and a relaxed numeric split
// can leave the median value alone on both sides.
func (r *Result) mergeTwins() {
	n := len(r.sizes)
	if n < 2 {
		return
	}
	// Classes are looked up by a hash of their released strings, and
	// compared by the strings themselves when hashes are equal.
	var h maphash.Hash
	var lenBuf [4]byte
	hash := func(c int) uint64 {
		h.Reset()
		for qi := range r.t.qi {
			lo, hi, isRange := r.releasedParts(c, qi)
			size := len(lo)
			if isRange {
				size += len(hi) + 4
			}
			binary.LittleEndian.PutUint32(lenBuf[:], uint32(size))
			h.Write(lenBuf[:])
			if !isRange {
				h.WriteString(lo)
				continue
			}
			h.WriteString("[")
			h.WriteString(lo)
			h.WriteString(", ")
			h.WriteString(hi)
			h.WriteString("]")
		}
		return h.Sum64()
	}
	var a, b []byte
	same := func(c, e int) bool {
		a, b = r.appendKey(a[:0], c), r.appendKey(b[:0], e)
		return string(a) == string(b)
	}
	first := make(map[uint64]int32, n) // the first class of each hash
	var collided map[string]int32      // classes whose hash is another's, by released values
	var twin []int32                   // class -> the first class with its values; nil without twins
	for c := range n {
		k := hash(c)
		f, ok := first[k]
		if !ok {
			first[k] = int32(c)
			continue
		}
		t := int32(-1)
		if same(c, int(f)) {
			t = f
		} else {
			// Different values with the same hash: an earlier class with
			// c's values collided too.
			if collided == nil {
				collided = map[string]int32{}
			}
			a = r.appendKey(a[:0], c)
			if e, ok := collided[string(a)]; ok {
				t = e
			} else {
				collided[string(a)] = int32(c)
			}
		}
		if t < 0 {
			continue
		}
		if twin == nil {
			twin = make([]int32, n)
			for i := range twin {
				twin[i] = int32(i)
			}
		}
		twin[c] = t
	}
	if twin == nil {
		return
	}
	// Renumber in place: a class's new number is at most its old one.
	d := len(r.t.qi)
	id := make([]int32, n) // old class -> new class
	next := int32(0)
	for c := range n {
		if t := twin[c]; t != int32(c) {
			id[c] = id[t] // t < c: numbered already
			r.sizes[id[t]] += r.sizes[c]
			continue
		}
		id[c] = next
		r.sizes[next] = r.sizes[c]
		copy(r.gen[int(next)*d:], r.gen[c*d:(c+1)*d])
		next++
	}
	r.sizes, r.gen = r.sizes[:next], r.gen[:int(next)*d]
	for row, c := range r.classOf {
		if c >= 0 {
			r.classOf[row] = id[c]
		}
	}
}

// appendKey appends the released values of class c, each after its
// length.
func (r *Result) appendKey(dst []byte, c int) []byte {
	for a := range r.t.qi {
		n := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		dst = r.appendGen(dst, c, a)
		binary.LittleEndian.PutUint32(dst[n:], uint32(len(dst)-n-4))
	}
	return dst
}

// Rows iterates over the released quasi-identifiers of every row in the
// original order. The slice is reused between iterations; a suppressed row
// yields nil.
func (r *Result) Rows() iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		vals := make([]string, len(r.t.qi))
		for row := range r.classOf {
			if r.classOf[row] < 0 {
				if !yield(row, nil) {
					return
				}
				continue
			}
			for q := range vals {
				vals[q] = r.Released(row, q)
			}
			if !yield(row, vals) {
				return
			}
		}
	}
}

// ncp returns the normalized certainty penalty of qi in class c.
func (r *Result) ncp(c int, qi int) float64 {
	g := r.gen[c*len(r.t.qi)+qi]
	d := r.t.qi[qi].dom
	if g.level < 0 {
		return d.ncpRange(g.a, g.b)
	}
	return d.ncpNode(int(g.level), g.a)
}
