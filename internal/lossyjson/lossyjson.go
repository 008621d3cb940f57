// Package lossyjson finds what encoding/json decodes to U+FFFD, the
// replacement character, without an error: bytes that are not UTF-8, and
// an escaped UTF-16 surrogate that is not half of a pair (\ud800, \udc00,
// a high surrogate followed by anything but a low one). Read that way, two
// different broken IDs become one person and a kept text changes unseen,
// so a reader of JSON input refuses such text before it decodes it.
package lossyjson

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Problem is the kind of text Find reports.
type Problem int

const (
	None              Problem = iota
	NotUTF8                   // bytes that are not UTF-8
	UnpairedSurrogate         // an escaped surrogate that is not half of a pair
)

func (p Problem) String() string {
	switch p {
	case NotUTF8:
		return "not UTF-8 text"
	case UnpairedSurrogate:
		return "an escaped UTF-16 surrogate that is not half of a pair"
	}
	return "no problem"
}

// Find returns the byte offset of the first problem in data and its kind,
// or -1 and None. data need not be valid JSON: a backslash can only be
// read as an escape, since outside a string it is a syntax error that the
// decoder reports anyway.
func Find(data []byte) (int, Problem) {
	if bytes.IndexByte(data, '\\') < 0 && utf8.Valid(data) {
		return -1, None
	}
	for i := 0; i < len(data); {
		switch c := data[i]; {
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				return i, NotUTF8
			}
			i += n
		case c != '\\':
			i++
		case i+1 < len(data) && data[i+1] == 'u':
			_, n, unpaired := Escape(data[i:])
			if unpaired {
				return i, UnpairedSurrogate
			}
			i += max(n, 2)
		case i+1 < len(data) && data[i+1] < utf8.RuneSelf:
			i += 2 // the escaped byte, a backslash included, is no escape
		default:
			i++
		}
	}
	return -1, None
}

// Escape decodes the \u escape at the start of b (b[0:2] is `\u`): its
// rune and the bytes it takes, 6, or 12 for a surrogate pair. n is 0 when
// the four hex digits are missing or bad. unpaired reports a surrogate
// that is not half of a pair; r is then 0 and n 6.
func Escape(b []byte) (r rune, n int, unpaired bool) {
	r, ok := hex4(b[2:])
	switch {
	case !ok:
		return 0, 0, false
	case !utf16.IsSurrogate(r):
		return r, 6, false
	}
	if r < 0xdc00 && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
		if r2, ok := hex4(b[8:]); ok {
			if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
				return pair, 12, false
			}
		}
	}
	return 0, 6, true
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
