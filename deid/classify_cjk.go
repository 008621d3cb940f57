package deid

import (
	"unicode"
	"unicode/utf8"
)

// Chinese, Japanese and Korean field names are not written with spaces
// between words ("患者姓名" is "patient name"), so each of their
// characters is a word of its own to the rules, and a rule word written
// in them is the sequence of its characters: "姓名" is found in "患者姓名"
// as "first name" is in "patient first name".
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r == 'ー' // the katakana length mark, of the Common script
}

// cjkWords returns words with each that holds CJK characters split into
// them, one word per character, the rest of the word kept whole.
func cjkWords(words []string) []string {
	var out []string
	for _, w := range words {
		start := 0
		for i, r := range w {
			if !isCJK(r) {
				continue
			}
			if i > start {
				out = append(out, w[start:i])
			}
			start = i + utf8.RuneLen(r)
			out = append(out, w[i:start])
		}
		if start < len(w) {
			out = append(out, w[start:])
		}
	}
	return out
}
