package scrub

import (
	"unicode"
	"unicode/utf8"
)

// emailAround returns the bounds of the email address whose '@' is at t[at],
// with its local part starting no earlier than lo, or start -1.
//
// The local part is the run of ASCII letters, digits and ._%+-' and of
// other letters, digits and marks (localRune) before the '@', less any
// leading .+-' (punctuation of the sentence more often than of the
// address). The domain is two or more dot-separated labels of ASCII
// letters, digits and inner hyphens, the last of them starting with a
// letter and at least two long; a trailing dot ends the sentence, not the
// domain.
func emailAround(t []byte, lo, at int) (start, end int) {
	start = at
	for start > lo {
		c := t[start-1]
		if c < utf8.RuneSelf {
			if byteClass[c]&clLocal == 0 {
				break
			}
			start--
			continue
		}
		r, size := utf8.DecodeLastRune(t[lo:start])
		if !localRune(r) {
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
func domainEnd(t []byte, p int) int {
	end, labels := -1, 0
	for {
		q := p
		for q < len(t) && (isAlnum(t[q]) || t[q] == '-') {
			q++
		}
		if q == p || t[p] == '-' || t[q-1] == '-' {
			return end
		}
		labels++
		if labels >= 2 && q-p >= 2 && isLetter(t[p]) {
			end = q
		}
		if q+1 < len(t) && t[q] == '.' && isAlnum(t[q+1]) {
			p = q + 1
			continue
		}
		return end
	}
}

// localRune reports whether the non-ASCII rune r may be part of the local
// part of an email address. Letters of scripts written without spaces
// (Han, kana, Thai) are excluded: next to an address they are far more
// likely the surrounding sentence ("邮箱jane@example.com") than part of it.
func localRune(r rune) bool {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
		return false
	}
	return !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
}
