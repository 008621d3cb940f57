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
	// 0 to n-1 of the call.
	Code func(row int) int32
}

// AddEncoded appends n rows given as encoded columns, in the order of
// Add's values (the quasi-identifiers in schema order, then the sensitive
// attributes, then the individual when the schema names one). The table
// is the one Add would build from the values row by row; each distinct
// value is looked up once per call instead of once per row. On error no
// row is added.
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
	for i, c := range cols {
		if err := b.checkEncoded(n, i, c); err != nil {
			return err
		}
	}
	for i, c := range cols[:len(b.cols)] {
		rc := &b.cols[i]
		// What Add would number each value, at its first row here.
		codeOf := filled(len(c.Values), -1)
		for row := range n {
			v := c.Code(row)
			if code := codeOf[v]; code >= 0 {
				rc.codes = append(rc.codes, code)
				continue
			}
			rc.add(c.Values[v], b.n+row+1)
			codeOf[v] = rc.codes[len(rc.codes)-1]
		}
	}
	if ic := b.ind; ic != nil {
		c := cols[len(b.cols)]
		codeOf := filled(len(c.Values), -1)
		for row := range n {
			v := c.Code(row)
			if codeOf[v] < 0 {
				code, ok := ic.dict[c.Values[v]]
				if !ok {
					code = int32(len(ic.dict))
					ic.dict[string([]byte(c.Values[v]))] = code // do not pin the caller's strings
				}
				codeOf[v] = code
			}
			ic.codes = append(ic.codes, codeOf[v])
		}
	}
	b.n += n
	return nil
}

// checkEncoded checks column i of AddEncoded's rows: every code is in
// range and, for the individual, names one.
func (b *Builder) checkEncoded(n, i int, c EncodedColumn) error {
	individual := i == len(b.cols)
	for row := range n {
		v := c.Code(row)
		if v < 0 || int(v) >= len(c.Values) {
			return &InputError{Row: b.n + row + 1, Column: b.schema.name(i), Reason: fmt.Sprintf("code %d of %d values", v, len(c.Values))}
		}
		if individual && c.Values[v] == "" {
			return &InputError{Row: b.n + row + 1, Column: b.schema.Individual, Reason: "no individual"}
		}
	}
	return nil
}

func filled(n int, v int32) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = v
	}
	return s
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
