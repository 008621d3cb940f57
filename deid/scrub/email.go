package scrub

import (
	"unicode"
	"unicode/utf8"
)

// emailAround returns the bounds of the email address whose '@' is at t[at],
// with its local part starting no earlier than lo, or start -1.
//
// The local part is the run of ASCII letters, digits and ._%+-' and of
// other letters, digits and marks (wordRune) before the '@', less any
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
		if !wordRune(r) {
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

// wordRune reports whether the non-ASCII rune r may continue an email
// address's local part or a URL: a letter, digit or mark, but not one of a
// script written without spaces between words (Han, kana, Thai). Next to an
// address such letters are far more likely the surrounding sentence
// ("邮箱jane@example.com", "访问https://example.com了解") than part of it.
func wordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) &&
		!unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
}
