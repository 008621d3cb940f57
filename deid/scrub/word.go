package scrub

import (
	"unicode"
	"unicode/utf8"
)

// maxWord bounds the bytes of one word that the name and address detectors
// read; a longer run of letters is not a name.
const maxWord = 40

// A wordForm is what a word's letters look like.
type wordForm uint8

const (
	formNone    wordForm = iota // not a word of letters, or too long
	formLower                   // starts with a lower-case letter (or one without case)
	formTitle                   // an upper-case letter, then letters with some lower-case
	formCaps                    // two or more letters, all upper-case
	formInitial                 // one upper-case letter and a dot: "J."
	formLetter                  // one upper-case letter alone
)

// capital reports whether f starts with an upper-case letter.
func (f wordForm) capital() bool { return f >= formTitle }

// nameWord reads the word of letters at t[p], in any script written with
// spaces: letters and marks, with inner apostrophes and hyphens between
// letters ("O'Brien", "Smith-Jones", "D’Angelo"), but not a possessive "'s"
// ("Smith's" reads "Smith"). It returns the word's end (after the dot of an
// initial) and its form.
//
// A word glued to what follows it (gluedAt) is part of something else (an
// e-mail address, a file name, a version, a MAC address, a URL) and has
// formNone.
func nameWord(t []byte, p int) (end int, form wordForm) {
	q := p
	letters, lower, upper := 0, 0, 0
	firstUpper := false
	for q < len(t) {
		if q-p > maxWord {
			return q, formNone
		}
		r, size := rune(t[q]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[q:])
		}
		switch {
		case r < utf8.RuneSelf && isLetter(byte(r)), r >= utf8.RuneSelf && unicode.IsLetter(r) && !noSpaceRune(r):
			up := 'A' <= r && r <= 'Z' || r >= utf8.RuneSelf && (unicode.IsUpper(r) || unicode.IsTitle(r))
			if letters == 0 {
				firstUpper = up
			}
			letters++
			if up {
				upper++
			} else if 'a' <= r && r <= 'z' || r >= utf8.RuneSelf && unicode.IsLower(r) {
				lower++
			}
		case letters > 0 && r >= utf8.RuneSelf && unicode.IsMark(r):
		case letters > 0 && (r == '\'' || r == '’' || r == '-'):
			next := q + size
			if next >= len(t) || !letterAt(t, next) {
				goto done
			}
			if r != '-' && (t[next]|0x20) == 's' && !letterAt(t, next+1) {
				goto done // a possessive
			}
		default:
			goto done
		}
		q += size
	}
done:
	if letters == 0 {
		return p, formNone
	}
	if gluedAt(t, q) {
		return q, formNone
	}
	switch {
	case letters == 1 && firstUpper:
		if q < len(t) && t[q] == '.' {
			return q + 1, formInitial
		}
		return q, formLetter
	case !firstUpper:
		return q, formLower
	case lower == 0 && upper == letters:
		return q, formCaps
	}
	return q, formTitle
}

// letterAt reports whether t[p] starts a letter of a script written with
// spaces.
func letterAt(t []byte, p int) bool {
	if p >= len(t) {
		return false
	}
	if c := t[p]; c < utf8.RuneSelf {
		return isLetter(c)
	}
	r, _ := utf8.DecodeRune(t[p:])
	return unicode.IsLetter(r) && !noSpaceRune(r)
}

// asciiWordEnd returns the end of the run of ASCII letters at t[p].
func asciiWordEnd(t []byte, p int) int {
	for p < len(t) && isLetter(t[p]) {
		p++
	}
	return p
}

// skipSpaces returns the end of the run of at most max spaces, tabs and
// line breaks at t[p].
func skipSpaces(t []byte, p, max int) int {
	q := p
	for q < len(t) && q-p < max && isSpace(t[q]) {
		q++
	}
	return q
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// gluedAt reports whether a word ending at t[q] is glued to what follows:
// by a letter, digit, '@' or '_', or by one of . - / : ' followed by a
// letter, a digit, a non-ASCII byte or a byte at which a match may start
// ('+', '('), or by "://". A '[' counts as such a byte, since it is what a
// match that starts there becomes once replaced: whether a word ends must
// not change when the text after it is scrubbed.
func gluedAt(t []byte, q int) bool {
	if q >= len(t) {
		return false
	}
	c := t[q]
	if isAlnum(c) || c == '@' || c == '_' {
		return true
	}
	switch c {
	case '.', '-', '/', ':', '\'':
		if q+1 < len(t) {
			n := t[q+1]
			if c == '\'' && n|0x20 == 's' && !gluedAt(t, q+2) {
				return false // a possessive: "Smith's"
			}
			return isAlnum(n) || n >= utf8.RuneSelf || n == '[' || n == '+' || n == '(' || c == ':' && n == '/'
		}
	}
	return false
}
