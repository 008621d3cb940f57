package scrub

import "unicode/utf8"

// hasPrefixFold reports whether t[i:] starts with prefix, which must be
// lower-case ASCII, ignoring ASCII case.
func hasPrefixFold(t []byte, i int, prefix string) bool {
	return len(t)-i >= len(prefix) && equalFold(t[i:i+len(prefix)], prefix)
}

// afterPrefixFold returns the end of the first of prefixes (lower-case
// ASCII) that t[i:] starts with, ignoring ASCII case, or -1.
func afterPrefixFold(t []byte, i int, prefixes ...string) int {
	for _, p := range prefixes {
		if hasPrefixFold(t, i, p) {
			return i + len(p)
		}
	}
	return -1
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
// case), or with the host of a social network and a '/' (a profile copied
// without its scheme: "twitter.com/zquist", "linkedin.com/in/zquist"),
// followed by a host: a letter or digit, or an IPv6 address in
// brackets. It runs to the first space, control character or character not
// allowed in URLs, or non-ASCII rune other than the letters, digits and
// marks of wordRune; trailing punctuation of the sentence and unbalanced
// closing brackets are left out.
//
// The host is checked before the rest is read, so that a URL that is read
// is also matched and skipped: text is never read twice as a URL.
func matchURL(t []byte, i int) int {
	p := afterPrefixFold(t, i, "https://", "http://", "www.")
	if p < 0 {
		p = afterProfileHost(t, i)
	}
	if p < 0 || p >= len(t) || !(isAlnum(t[p]) || t[p] == '@' && t[p-1] == '/' || t[p] == '[' && scanIPv6(t, p+1, closingBracket) >= 0) {
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
		if !wordRune(r) {
			break
		}
		p += size
	}
	// The host's first byte is not trimmed, so the match is never empty.
	for p > start+1 {
		switch t[p-1] {
		case '.', ',', ';', ':', '!', '?', '\'', '"', '*':
		case ')':
			if parens >= 0 {
				return p
			}
			parens++
		case ']':
			if brackets >= 0 {
				return p
			}
			brackets++
		default:
			return p
		}
		p--
	}
	return p
}

func closingBracket(t []byte, e int) bool { return e < len(t) && t[e] == ']' }

// urlRunsTo reports whether a URL that ends at e (less the punctuation
// matchURL trims) may run on to at: the bytes between are URL bytes.
func urlRunsTo(t []byte, e, at int) bool {
	for _, c := range t[e:at] {
		if !urlByte(c) {
			return false
		}
	}
	return true
}

// profileHosts are the hosts of social networks whose profiles are
// written without a scheme, by their first letter: their path names a
// person.
var profileHosts = func() [256][]string {
	var m [256][]string
	for _, h := range []string{"twitter.com/", "x.com/", "instagram.com/", "instagr.am/", "facebook.com/", "fb.com/", "fb.me/",
		"m.facebook.com/", "linkedin.com/", "tiktok.com/", "youtube.com/", "youtu.be/", "github.com/", "t.me/", "wa.me/",
		"threads.net/", "bsky.app/", "snapchat.com/", "pinterest.com/", "reddit.com/", "medium.com/", "mastodon.social/"} {
		m[h[0]] = append(m[h[0]], h)
	}
	return m
}()

// afterProfileHost returns the end of the profile host t[i:] starts with,
// or -1.
func afterProfileHost(t []byte, i int) int {
	return afterPrefixFold(t, i, profileHosts[t[i]|0x20]...)
}

// profileInitial reports whether c may start a host of profileHosts.
func profileInitial(c byte) bool { return len(profileHosts[c|0x20]) > 0 }
