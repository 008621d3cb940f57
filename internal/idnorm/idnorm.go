// Package idnorm holds the one definition of when two spellings of an
// identifier are the same identifier, shared by the packages that key on
// a person: deid (exclusion, pseudonyms, tokens, date shifts) and kanon
// (the individual column that k counts). Were they to differ, one person
// could be excluded under one spelling and counted as two people under
// another. Normalize decides which IDs are the same; Fold, which are
// near enough to be one person for k and a near match for an exclusion
// list. ReadAs is how any character reads to a person looking for an
// identifier, which Fold, the reading of field names (FoldRunes) and the
// Skeleton that the detectors of deid/scrub read texts in all share: what
// one of them reads as an identifier, the others do too.
package idnorm

import (
	"bytes"
	"unicode"
)

// Normalize returns id without what text tools put around an identifier:
// white space (including no-break spaces), byte order marks and
// zero-width spaces at either end, surrounding quotes ("…", '…' or “…”,
// also nested) with the white space inside them, and the zero fraction of
// a whole number ("1000.0" is "1000"). It returns a subslice of id, never
// allocates, and is idempotent. deid.NormalizeID documents the choices.
func Normalize(id []byte) []byte {
	id = bytes.TrimFunc(id, isSpace)
	for stripped := true; stripped; {
		stripped = false
		for _, q := range quotes {
			if len(id) >= len(q.open)+len(q.close) && bytes.HasPrefix(id, []byte(q.open)) && bytes.HasSuffix(id, []byte(q.close)) {
				id = bytes.TrimFunc(id[len(q.open):len(id)-len(q.close)], isSpace)
				stripped = true
			}
		}
	}
	return WholeNumber(id)
}

// WholeNumber returns id without a zero fraction if it is digits, a point
// and zeros, else id.
func WholeNumber(id []byte) []byte {
	dot := bytes.IndexByte(id, '.')
	if dot <= 0 || dot == len(id)-1 {
		return id
	}
	for _, c := range id[:dot] {
		if c < '0' || c > '9' {
			return id
		}
	}
	for _, c := range id[dot+1:] {
		if c != '0' {
			return id
		}
	}
	return id[:dot]
}

// quotes are the pairs of quotes Normalize removes: those of CSV and
// shells, and the typographic ones word processors substitute.
var quotes = []struct{ open, close string }{
	{`"`, `"`},
	{`'`, `'`},
	{"\u201c", "\u201d"},
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B'
}
