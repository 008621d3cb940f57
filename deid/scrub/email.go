package scrub

import (
	"unicode"
	"unicode/utf8"
)

// maxLocal is the longest local part read back from an '@' in a script
// written without spaces, where the text before the address cannot be told
// from it: RFC 5321 limits a local part to 64 octets.
const maxLocal = 64

// emailAround returns the bounds of the email address whose '@' is at t[at],
// with its local part starting no earlier than lo, or start -1.
//
// The local part is read back from the '@' over one kind of text: either
// ASCII letters, digits and ._%+-' and other letters, digits and marks of
// scripts that separate words with spaces (wordRune), less any leading .+-'
// (punctuation of the sentence more often than of the address); or letters
// of a script written without spaces (Han, kana, Thai), at most maxLocal
// bytes of them. The domain is read by domainEnd.
func emailAround(t []byte, lo, at int) (start, end int) {
	start = at
	spaced := true // the kind of the local part, set by its last rune
	if at > lo && t[at-1] >= utf8.RuneSelf {
		r, _ := utf8.DecodeLastRune(t[lo:at])
		spaced = !noSpaceRune(r)
	}
	for start > lo {
		c := t[start-1]
		if c < utf8.RuneSelf {
			if !spaced || byteClass[c]&clLocal == 0 {
				break
			}
			start--
			continue
		}
		r, size := utf8.DecodeLastRune(t[lo:start])
		if spaced && !wordRune(r) || !spaced && (!noSpaceRune(r) || at-(start-size) > maxLocal) {
			break
		}
		start -= size
	}
	for start < at {
		if c := t[start]; c != '.' && c != '+' && c != '-' && c != '\'' {
			break
		}
		start++
	}
	if start == at {
		return -1, -1
	}
	end = domainEnd(t, at+1)
	if end < 0 {
		return -1, -1
	}
	return start, end
}

// domainEnd returns the end of the domain name starting at t[p], or -1.
//
// The domain is two or more dot-separated labels, the last of them starting
// with a letter and at least two characters long; a trailing dot ends the
// sentence, not the domain. A label is ASCII letters, digits and inner
// hyphens, with the letters, digits and marks of other scripts that
// separate words with spaces (an internationalized domain, exämple.de,
// пример.рф), or letters of one script written without spaces (例子.中国):
// where one kind of text gives way to the other the label ends, so that
// "example.com联系" ends after "com".
func domainEnd(t []byte, p int) int {
	end, labels := -1, 0
	for {
		q, runes, first := labelEnd(t, p)
		if q == p || t[p] == '-' || t[q-1] == '-' {
			return end
		}
		labels++
		if labels >= 2 && runes >= 2 && unicode.IsLetter(first) {
			end = q
		}
		if q >= len(t) || t[q] != '.' {
			return end
		}
		if next, _, _ := labelEnd(t, q+1); next == q+1 {
			return end
		}
		p = q + 1
	}
}

// labelEnd returns the end of the domain label starting at t[p], the
// number of runes in it and its first rune.
//
// A label's letters are all Latin or all of other scripts: where Latin
// letters meet others the label ends ("пример.рфFB-D5-..." ends after
// "рф"), so that what follows the address does not change where it ends.
func labelEnd(t []byte, p int) (q, runes int, first rune) {
	q = p
	spaced := true
	script := 0 // 1 Latin, 2 other, once a letter is read
	for q < len(t) {
		c := t[q]
		if c < utf8.RuneSelf {
			if !spaced || !(isAlnum(c) || c == '-') || isLetter(c) && script == 2 {
				break
			}
			if isLetter(c) {
				script = 1
			}
			if runes == 0 {
				first = rune(c)
			}
			q++
			runes++
			continue
		}
		r, size := utf8.DecodeRune(t[q:])
		switch {
		case runes == 0 && noSpaceRune(r):
			spaced = false
		case spaced && !wordRune(r), !spaced && !noSpaceRune(r):
			return q, runes, first
		case spaced && unicode.IsLetter(r):
			s := 2
			if unicode.Is(unicode.Latin, r) {
				s = 1
			}
			if script != 0 && script != s {
				return q, runes, first
			}
			script = s
		}
		if runes == 0 {
			first = r
		}
		q += size
		runes++
	}
	return q, runes, first
}

// wordRune reports whether the non-ASCII rune r may continue an email
// address's local part or a URL: a letter, digit or mark, but not one of a
// script written without spaces between words (noSpaceRune). Next to an
// address such letters are far more likely the surrounding sentence
// ("邮箱jane@example.com", "访问https://example.com了解") than part of it.
func wordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) && !noSpaceRune(r)
}

// noSpaceRune reports whether r is a letter of a script written without
// spaces between words: Han, kana (with the prolonged sound mark, which
// Unicode counts as common to scripts), Thai.
func noSpaceRune(r rune) bool {
	return r >= 0x0e00 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai) ||
		r == 0x30fc || r == 0xff70)
}
