package kanon

import "iter"

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
	g := r.gen[int(c)*len(r.t.qi)+qi]
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
