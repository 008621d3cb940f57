package kanon

import (
	"strings"
	"unsafe"

	"github.com/deidkit/deidkit/internal/idnorm"
)

// number returns the number of the individual written v, numbering a new
// individual at its first row, or false when v is empty once normalized.
//
// Individuals are compared as deid compares the IDs it excludes
// (idnorm.Normalize, then idnorm.Fold, the form its near matches
// compare): " u-1", "\"u-1\"", "u-1\t", "U-1" and "ｕ-1" are one person,
// or a class holding one person spelled five ways would count five
// people for k. Two IDs that differ only so are counted as one person
// even where a system tells them apart: k can only be stricter for it.
// The dictionary holds the normalized spelling of
// each individual and, as aliases, the other spellings met, so that a row
// costs one look-up and each spelling is normalized once. An alias never
// shadows an individual: a spelling that normalization changes is never
// normalized itself.
func (c *indColumn) number(v string) (int32, bool) {
	if code, ok := c.dict[v]; ok {
		return code, true
	}
	norm := idnorm.Normalize([]byte(v)) // a copy: the table does not pin the caller's strings
	if len(norm) == 0 {
		return 0, false
	}
	if !idnorm.Folded(norm) {
		norm = idnorm.Fold(nil, norm)
	}
	key := string(norm)
	code, ok := c.dict[key]
	if !ok {
		code = c.people
		c.people++
		c.dict[key] = code
	}
	if key != v {
		c.dict[strings.Clone(v)] = code
	}
	return code, true
}

// numberShared is number for a value of a caller's dictionary, looked up
// once and kept by the caller until the table is built (AddEncoded): the
// dictionary keys the individual by its normalized spelling as part of v,
// without a copy (but for a spelling that folding changes), and keeps no
// alias. Of 250,000 people, that saves the
// copies and their garbage while the table is built beside other work.
func (c *indColumn) numberShared(v string) (int32, bool) {
	key := normalizedIn(v)
	if key == "" {
		return 0, false
	}
	if !idnorm.Folded(key) {
		key = string(idnorm.Fold(nil, []byte(key)))
	}
	code, ok := c.dict[key]
	if !ok {
		code = c.people
		c.people++
		c.dict[key] = code
	}
	return code, true
}

// normalizedIn returns v normalized as idnorm.Normalize does, as part of
// v: Normalize only trims, so its result is a part of its input.
func normalizedIn(v string) string {
	if v == "" {
		return ""
	}
	b := unsafe.Slice(unsafe.StringData(v), len(v)) // only read
	norm := idnorm.Normalize(b)
	if len(norm) == 0 {
		return ""
	}
	start := cap(b) - cap(norm)
	if start < 0 || start+len(norm) > len(v) || &b[start] != &norm[0] {
		return string(norm) // not a part of v after all: a copy
	}
	return v[start : start+len(norm)]
}
