// Package disguise rewrites identifiers with the Unicode spellings that
// hide them from a check reading code points rather than what a person
// reads (fullwidth forms, combined accents, invisible and bidirectional
// controls, look-alike separators, digits of other scripts), for the
// property tests of the checks that must see through them (deid's
// refusal of kept identifiers, the scrubber). It is a test helper: the
// checks read such spellings with idnorm.Skeleton.
package disguise

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Invisible are the characters that show nothing: soft hyphen,
// zero-width space, non-joiner and joiner, word joiner, byte order mark,
// and the bidirectional embeddings, overrides and isolates.
var Invisible = []rune{'\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff',
	'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'}

// zeros are the zero digits of the digit scripts used: fullwidth,
// Arabic-Indic, extended Arabic-Indic, Devanagari, Bengali, Thai,
// mathematical bold.
var zeros = []rune{'\uff10', '\u0660', '\u06f0', '\u0966', '\u09e6', '\u0e50', '\U0001d7ce'}

var (
	hyphens  = []rune{'\u2010', '\u2011', '\u2012', '\u2013', '\u2212', '\ufe63', '\uff0d'}
	longs    = []rune{'\u2014', '\u2015'} // read as '-' between digits only
	dots     = []rune{'\uff0e', '\u3002', '\uff61', '\ufe52', '\u2024'}
	ats      = []rune{'\uff20', '\ufe6b'}
	combined = map[rune]string{
		'é': "e\u0301", 'è': "e\u0300", 'á': "a\u0301", 'ä': "a\u0308", 'ö': "o\u0308", 'ü': "u\u0308",
		'ñ': "n\u0303", 'ç': "c\u0327", 'É': "E\u0301", 'Ö': "O\u0308", 'Ü': "U\u0308", 'ë': "e\u0308",
	}
)

// Of returns s rewritten with disguises drawn from r, at least one: each
// rune may become its fullwidth form, a composed accent its combined
// form, a digit the digit of another script (one script for all of s), a
// '-', '.' or '@' a look-alike, and an invisible character may follow
// any rune but the last.
func Of(r *rand.Rand, s string) string {
	var b strings.Builder
	zero := rune('0')
	if r.IntN(3) > 0 {
		zero = zeros[r.IntN(len(zeros))]
	}
	prev := rune(-1)
	changed := false
	for i, c := range s {
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(c):])
		d := string(c)
		switch {
		case c >= '0' && c <= '9':
			d = string(zero + c - '0')
		case c == '-' && isDigit(prev) && isDigit(next) && r.IntN(3) == 0:
			d = string(longs[r.IntN(len(longs))])
		case c == '-' && r.IntN(2) == 0:
			d = string(hyphens[r.IntN(len(hyphens))])
		case c == '.' && r.IntN(2) == 0:
			d = string(dots[r.IntN(len(dots))])
		case c == '@' && r.IntN(2) == 0:
			d = string(ats[r.IntN(len(ats))])
		case combined[c] != "" && r.IntN(2) == 0:
			d = combined[c]
		case c > ' ' && c < 0x7f && r.IntN(4) == 0:
			d = string(c + 0xFEE0) // fullwidth
		}
		b.WriteString(d)
		changed = changed || d != string(c)
		if i+utf8.RuneLen(c) < len(s) && r.IntN(6) == 0 {
			b.WriteRune(Invisible[r.IntN(len(Invisible))])
			changed = true
		}
		prev = c
	}
	out := b.String()
	if !changed && len(s) > 1 {
		// One invisible character after the first rune.
		_, n := utf8.DecodeRuneInString(s)
		out = s[:n] + string(Invisible[r.IntN(len(Invisible))]) + s[n:]
	}
	return out
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }
