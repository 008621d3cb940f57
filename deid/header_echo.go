package deid

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
)

// A headerEcho recognizes a CSV record that is the header again: two
// exports concatenated (a byte order mark may come with the second), whose
// second header, released as data, is a person named like a column, and
// whose second file, if its columns come in another order, has every
// record after it release one column's values under another's rule (a
// last name kept as a device name, with no warning). A record whose fields
// are the header's names, in any order and in any spelling the field-name
// classifier reads as the same words (case, separators, camelCase, padding,
// invisible characters, look-alike letters), is such a record. A second
// header with more or fewer columns is already a record of the wrong
// number of fields.
//
// What it cannot see, by design: a second file concatenated without its
// header (its records are records, read by the first header's columns:
// concatenate only files with the same columns in the same order), and a
// second header of other names but the same count (a record of words is
// also what a column of categories holds, so refusing it would refuse real
// data). Of such a file's records, a value its column's action cannot read
// is a record error, and a kept value that looks like an identifier is
// caught by the check of every kept value; the rest goes out under the
// first header's rules.
//
// Names are compared by their key: the classifier's words of the name,
// joined. Of an ASCII field the key is its letters and digits, lower-cased,
// which the check of a record's first field computes in place: most records
// are told apart by that field alone, with no allocation.
type headerEcho struct {
	keys   map[string]int // key → how many header names have it
	order  []string       // the keys of the header, in its order
	maxLen int            // the longest key, in bytes
	// What the keys begin with and how long they are, as bits: a numeric
	// ID in the first field is told from a name by its first byte.
	first [4]uint64
	lens  uint64 // bit n for a key of n bytes, bit 63 for 63 or more
}

func newHeaderEcho(header []string) *headerEcho {
	h := &headerEcho{keys: make(map[string]int, len(header))}
	for _, name := range header {
		k := nameKey(nil, []byte(name))
		h.keys[string(k)]++
		h.order = append(h.order, string(k))
		h.maxLen = max(h.maxLen, len(k))
		h.lens |= 1 << min(len(k), 63)
		if len(k) > 0 {
			h.first[k[0]>>6] |= 1 << (k[0] & 63)
		}
	}
	return h
}

// nameKey appends the key of a field name or value f to dst.
func nameKey(dst, f []byte) []byte {
	for _, c := range f {
		if c >= utf8.RuneSelf {
			return append(dst, strings.Join(splitWords(string(f)), "")...)
		}
	}
	for _, c := range f {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			dst = append(dst, c)
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		}
	}
	return dst
}

// repeats reports whether rec, a well-formed record, is the header again,
// and whether its names come in the header's order: in another, the
// records after it are another file's, whose columns the header does not
// describe.
func (h *headerEcho) repeats(rec *csvrec.Parser) (echo, sameOrder bool) {
	var buf [64]byte
	if !h.isName(buf[:0], rec.Field(0)) {
		return false, false
	}
	seen := make(map[string]int, len(h.keys))
	sameOrder = true
	for k := range rec.NumFields() {
		key := string(nameKey(buf[:0], rec.Field(k)))
		if seen[key]++; seen[key] > h.keys[key] {
			return false, false
		}
		sameOrder = sameOrder && key == h.order[k]
	}
	return true, sameOrder
}

// isName reports whether f has the key of a header name. An ASCII field
// whose key begins otherwise than every name's, or is longer than any,
// or of no name's length, costs no map look-up.
func (h *headerEcho) isName(buf, f []byte) bool {
	n := 0
	for _, c := range f {
		switch {
		case c >= utf8.RuneSelf:
			_, ok := h.keys[string(nameKey(buf[:0], f))]
			return ok
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			continue
		}
		if n == h.maxLen || n == 0 && h.first[c>>6]&(1<<(c&63)) == 0 {
			return false
		}
		buf = append(buf[:n], c)
		n++
	}
	if h.lens&(1<<min(n, 63)) == 0 {
		return false
	}
	_, ok := h.keys[string(buf[:n])]
	return ok
}

// errHeaderRepeated is the error of a record that repeats the header. In
// the header's order it is one malformed record, quarantined when asked;
// in another order it stops the run, quarantine or not: the records after
// it would be read by the first header's columns, a last name kept as a
// device name, and the workers reading later chunks cannot know of it.
func errHeaderRepeated(sameOrder bool) error {
	if sameOrder {
		return &FieldError{Field: "(record)", Action: "parse",
			Err: fmt.Errorf("%w: the record repeats the header (were inputs concatenated?)", ErrMalformedRecord)}
	}
	return &FieldError{Field: "(record)", Action: "parse",
		Err: fmt.Errorf("%w: %w", ErrMalformedRecord, errHeaderReordered)}
}

// errHeaderReordered is the cause of a record that repeats the header with
// its columns in another order.
var errHeaderReordered = errors.New("the record repeats the header with its columns in another order, by which the records after it cannot be read (were inputs concatenated?)")
