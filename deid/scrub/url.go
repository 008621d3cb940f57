package scrub

import (
	"unicode"
	"unicode/utf8"
)

// hasPrefixFold reports whether t[i:] starts with prefix, which must be
// lower-case ASCII, ignoring ASCII case.
func hasPrefixFold(t []byte, i int, prefix string) bool {
	if len(t)-i < len(prefix) {
		return false
	}
	for j := 0; j < len(prefix); j++ {
		c := t[i+j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[j] {
			return false
		}
	}
	return true
}

// urlByte reports whether the ASCII byte c may appear in a URL written in
// running text.
func urlByte(c byte) bool {
	if c <= ' ' || c == 0x7f {
		return false
	}
	switch c {
	case '"', '<', '>', '`', '{', '}', '|', '\\', '^':
		return false
	}
	return true
}

// matchURL matches a URL that starts with http://, https:// or www. (in any
// case). It runs to the first space, control character, character not
// allowed in URLs, or non-ASCII space or punctuation; trailing punctuation
// of the sentence and unbalanced closing brackets are left out.
func matchURL(t []byte, i int) int {
	var p int
	switch {
	case hasPrefixFold(t, i, "https://"):
		p = i + len("https://")
	case hasPrefixFold(t, i, "http://"):
		p = i + len("http://")
	case hasPrefixFold(t, i, "www."):
		p = i + len("www.")
	default:
		return -1
	}
	start := p
	parens, brackets := 0, 0 // opened minus closed
	for p < len(t) {
		c := t[p]
		if c < utf8.RuneSelf {
			if !urlByte(c) {
				break
			}
			switch c {
			case '(':
				parens++
			case ')':
				parens--
			case '[':
				brackets++
			case ']':
				brackets--
			}
			p++
			continue
		}
		r, size := utf8.DecodeRune(t[p:])
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsPunct(r) {
			break
		}
		p += size
	}
	for p > start {
		switch t[p-1] {
		case '.', ',', ';', ':', '!', '?', '\'', '"', '*':
		case ')':
			if parens >= 0 {
				return trimmed(t, start, p)
			}
			parens++
		case ']':
			if brackets >= 0 {
				return trimmed(t, start, p)
			}
			brackets++
		default:
			return trimmed(t, start, p)
		}
		p--
	}
	return -1
}

// trimmed returns p if the URL body t[start:p] starts like a host: a
// letter or digit, or an IPv6 address in brackets.
func trimmed(t []byte, start, p int) int {
	if p <= start {
		return -1
	}
	if isAlnum(t[start]) {
		return p
	}
	if t[start] == '[' {
		if scanIPv6(t[:p], start+1, closingBracket) >= 0 {
			return p
		}
	}
	return -1
}

func closingBracket(t []byte, e int) bool { return e < len(t) && t[e] == ']' }
