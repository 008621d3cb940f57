package kanon

import (
	"fmt"
	"math"
	"slices"
)

// An EncodedColumn is a column of rows given as its distinct values and
// the index of each row's value among them: how a caller that already
// dictionary-encodes its data (the k-anonymity stage of a streaming
// release) hands it to a Builder without a look-up of every value.
type EncodedColumn struct {
	Values []string
	// Code returns the index in Values of the value of a row, for rows
	// 0 to n-1 of the call. AddEncoded calls it once per row, in order of
	// rows, column after column, so that a caller may let the codes of a
	// column's rows go as they are read.
	Code func(row int) int32
}

// AddEncoded appends n rows given as encoded columns, in the order of
// Add's values (the quasi-identifiers in schema order, then the sensitive
// attributes, then the individual when the schema names one). The table
// is the one Add would build from the values row by row; each distinct
// value is looked up once per call instead of once per row, and each
// column grows once. On error no row is added.
//
// The Builder keeps the normalized spellings of the individual column's
// Values as parts of those strings, not copies, until Build: they stay
// in memory as long as the Builder.
func (b *Builder) AddEncoded(n int, cols ...EncodedColumn) error {
	want := len(b.cols)
	if b.ind != nil {
		want++
	}
	switch {
	case len(cols) != want:
		return &InputError{Row: b.n + 1, Reason: fmt.Sprintf("%d columns, want %d", len(cols), want)}
	case n < 0 || n > math.MaxInt32-b.n:
		return &InputError{Row: b.n + 1, Reason: "too many rows"}
	}
	people := 0
	if b.ind != nil {
		people = int(b.ind.people)
	}
	for i, c := range cols {
		if err := b.addEncoded(n, i, c); err != nil {
			b.truncate(i, people)
			return err
		}
	}
	b.n += n
	return nil
}

// addEncoded appends the n rows of column i.
func (b *Builder) addEncoded(n, i int, c EncodedColumn) error {
	// What Add would number each value, at its first row here.
	codeOf := make([]int32, len(c.Values))
	for v := range codeOf {
		codeOf[v] = -1
	}
	individual := i == len(b.cols)
	var codes *[]int32
	if individual {
		if len(b.ind.dict) == 0 {
			// One allocation for the people of the column, not a map
			// grown by doubling, whose old tables are garbage.
			b.ind.dict = make(map[string]int32, len(c.Values))
		}
		codes = &b.ind.codes
	} else {
		codes = &b.cols[i].codes
	}
	b.grow(codes, n)
	for row := range n {
		if row&(prefaultRows-1) == 0 {
			b.arena.Prefault(*codes, prefaultRows)
		}
		v := c.Code(row)
		if v < 0 || int(v) >= len(c.Values) {
			return &InputError{Row: b.n + row + 1, Column: b.schema.name(i), Reason: fmt.Sprintf("code %d of %d values", v, len(c.Values))}
		}
		if code := codeOf[v]; code >= 0 {
			*codes = append(*codes, code)
			continue
		}
		if !individual {
			rc := &b.cols[i]
			rc.add(c.Values[v], b.n+row+1)
			codeOf[v] = rc.codes[len(rc.codes)-1]
			continue
		}
		code, ok := b.ind.numberShared(c.Values[v])
		if !ok {
			return &InputError{Row: b.n + row + 1, Column: b.schema.Individual, Reason: "no individual"}
		}
		codeOf[v] = code
		*codes = append(*codes, code)
	}
	return nil
}

// prefaultRows is how many rows of a column mapped outside the heap are
// faulted in at a time, in one call, as the column fills.
const prefaultRows = 1 << 16

// truncate undoes what addEncoded added to the columns up to i: their
// rows beyond b.n and the values first met in them (individuals numbered
// from people on).
func (b *Builder) truncate(i, people int) {
	for j := range b.cols[:min(i+1, len(b.cols))] {
		rc := &b.cols[j]
		rc.codes = rc.codes[:b.n]
		for len(rc.firstRow) > 0 && int(rc.firstRow[len(rc.firstRow)-1]) > b.n {
			last := len(rc.values) - 1
			delete(rc.dict, rc.values[last])
			rc.values, rc.firstRow = rc.values[:last], rc.firstRow[:last]
		}
	}
	if ic := b.ind; ic != nil && i == len(b.cols) {
		ic.codes = ic.codes[:b.n]
		for v, code := range ic.dict {
			if int(code) >= people {
				delete(ic.dict, v)
			}
		}
		ic.people = int32(people)
	}
}

// FirstRows returns, for quasi-identifier i, the first row holding each
// of its distinct values: a row per value, in no particular order.
// Whoever needs the values themselves (a measure of loss per value) reads
// them there, with one look-up per value rather than per row.
func (t *Table) FirstRows(i int) []int {
	c := &t.qi[i]
	first := make([]int, len(c.dom.values))
	for j := range first {
		first[j] = -1
	}
	for row, code := range c.codes {
		if first[code] < 0 {
			first[code] = row
		}
	}
	return slices.DeleteFunc(first, func(r int) bool { return r < 0 })
}
