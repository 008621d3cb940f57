package kanon

import (
	"encoding/binary"
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
// original value, a range "[lo, hi]" of numeric values, a hierarchy label,
// or "*" for a suppressed row.
func (r *Result) Released(row, qi int) string {
	c := r.classOf[row]
	if c < 0 {
		return "*"
	}
	g := r.gen[int(c)*len(r.t.qi)+qi]
	d := r.t.qi[qi].dom
	if g.level >= 0 {
		return d.label(int(g.level), g.a)
	}
	if g.a == g.b {
		return d.values[g.a]
	}
	return "[" + d.values[g.a] + ", " + d.values[g.b] + "]"
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
	g := r.gen[c*len(r.t.qi)+qi]
	d := r.t.qi[qi].dom
	if g.level >= 0 || g.a == g.b {
		if g.level < 0 {
			return append(dst, d.values[g.a]...)
		}
		return append(dst, d.label(int(g.level), g.a)...)
	}
	dst = append(dst, '[')
	dst = append(dst, d.values[g.a]...)
	dst = append(dst, ", "...)
	dst = append(dst, d.values[g.b]...)
	return append(dst, ']')
}

// mergeTwins joins the classes that release the same values: the rows of
// such classes are indistinguishable in the release, so they form one
// class, which is what the metrics and Verify must see. Local recoding
// makes twins when the two sides of a split generalize alike: a
// categorical split of a node's children into two groups of several
// children releases the node on both sides, and a relaxed numeric split
// can leave the median value alone on both sides.
func (r *Result) mergeTwins() {
	d := len(r.t.qi)
	ids := make(map[string]int32, len(r.sizes))
	id := make([]int32, len(r.sizes)) // old class -> new class
	var sizes []int32
	var gen []genVal
	var key []byte
	for c := range r.sizes {
		key = key[:0]
		for a := range d {
			n := len(key)
			key = append(key, 0, 0, 0, 0)
			key = r.appendGen(key, c, a)
			binary.LittleEndian.PutUint32(key[n:], uint32(len(key)-n-4))
		}
		if twin, ok := ids[string(key)]; ok {
			id[c] = twin
			sizes[twin] += r.sizes[c]
			continue
		}
		id[c] = int32(len(sizes))
		ids[string(key)] = id[c]
		sizes = append(sizes, r.sizes[c])
		gen = append(gen, r.gen[c*d:(c+1)*d]...)
	}
	if len(sizes) == len(r.sizes) {
		return
	}
	for row, c := range r.classOf {
		if c >= 0 {
			r.classOf[row] = id[c]
		}
	}
	r.sizes, r.gen = sizes, gen
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
