package scrub

import (
	"bytes"
)

// Byte classes. The table is never written after initialization.
const (
	clWord  = 1 << iota // ASCII letter, digit or '_': bytes that glue a word together
	clDigit             // '0'-'9'
	clHex               // '0'-'9', 'a'-'f', 'A'-'F'
	clStart             // a byte at which some detector may start
	clJoin              // '.', '-' and '/': between two digits they make one number
	clLocal             // ASCII byte allowed in the local part of an email address
)

var byteClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] |= clWord | clDigit | clHex | clStart | clLocal
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= clWord | clLocal
		t[c-'a'+'A'] |= clWord | clLocal
	}
	for _, c := range "abcdefABCDEF" {
		t[c] |= clHex | clStart
	}
	// h and w open URLs; j, m, n, o and s open month names (a, d and f are
	// already hex).
	for _, c := range "hwjmnosHWJMNOS+(:" {
		t[c] |= clStart
	}
	for _, c := range ".-/" {
		t[c] |= clJoin
	}
	for _, c := range "._%+-'" {
		t[c] |= clLocal
	}
	t['_'] |= clWord
	return t
}()

func isDigit(c byte) bool { return c-'0' < 10 }
func isHex(c byte) bool   { return byteClass[c]&clHex != 0 }
func isWord(c byte) bool  { return byteClass[c]&clWord != 0 }
func isAlnum(c byte) bool { return byteClass[c]&clWord != 0 && c != '_' }
func isLetter(c byte) bool {
	return byteClass[c]&clWord != 0 && byteClass[c]&clDigit == 0 && c != '_'
}

// digitRun returns the number of consecutive ASCII digits at t[i:].
func digitRun(t []byte, i int) int {
	j := i
	for j < len(t) && isDigit(t[j]) {
		j++
	}
	return j - i
}

// atoi returns the value of the digits t[i:i+n], which must be digits.
func atoi(t []byte, i, n int) int {
	v := 0
	for _, c := range t[i : i+n] {
		v = v*10 + int(c-'0')
	}
	return v
}

// rightOK reports whether a match may end at e: the next byte must not
// continue a word, and a '.', '-' or '/' between a digit of the match and a
// digit after it would make the match part of a longer number.
func rightOK(t []byte, e int) bool {
	if e >= len(t) {
		return true
	}
	c := t[e]
	if isWord(c) {
		return false
	}
	return !(byteClass[c]&clJoin != 0 && e+1 < len(t) && isDigit(t[e+1]) && isDigit(t[e-1]))
}

// scanner finds the matches in one text, left to right.
//
// At each position where an identifier may start, every enabled detector is
// tried and the longest match wins (ties go to the first detector in
// candidates' order). Matches start only at the beginning of a word, so the
// rest of a word that starts no match is skipped whole. Email addresses are
// found from their '@' rather than from their first byte; emAt, emStart and
// emEnd describe the next one.
type scanner struct {
	text    []byte
	kinds   kindSet
	pos     int // where the search for the next match resumes
	lastEnd int // end of the previous match

	emAt, emStart, emEnd int
}

func (sc *scanner) reset() {
	sc.pos, sc.lastEnd = 0, 0
	sc.emStart, sc.emEnd = -1, -1
	sc.emAt = -1 // look for the first '@' before the first byte
	if !sc.kinds.has(Email) {
		sc.emAt = len(sc.text) // never look
	}
}

func (sc *scanner) emit(start, end int, k Kind) (Match, bool) {
	sc.pos, sc.lastEnd = end, end
	return Match{Kind: k, Start: start, End: end}, true
}

// next returns the next match, or false at the end of the text.
func (sc *scanner) next() (Match, bool) {
	t := sc.text
	n := len(t)
	i := sc.pos
	for i < n {
		if i > sc.emAt {
			sc.findEmail(i)
		}
		c := t[i]
		cls := byteClass[c]
		if i == sc.emStart {
			end, k := sc.emEnd, Email
			if cls&clStart != 0 && sc.leftOK(i) {
				if e, kk := sc.candidates(i); e > end {
					end, k = e, kk
				}
			}
			return sc.emit(i, end, k)
		}
		if cls&clStart != 0 && sc.leftOK(i) {
			if end, k := sc.candidates(i); end > 0 {
				// An email address that begins inside this match and reaches
				// past it wins: the '@' is the stronger evidence.
				if !(sc.emStart > i && sc.emStart < end && sc.emEnd > end) {
					return sc.emit(i, end, k)
				}
			}
		}
		i++
		if cls&clWord != 0 {
			// No match starts inside a word (leftOK), so skip the rest of
			// it, stopping where an email address begins.
			for i < n && isWord(t[i]) && i != sc.emStart {
				i++
			}
		}
	}
	sc.pos = n
	return Match{}, false
}

// leftOK reports whether a match other than an email address may start at
// i. The bytes of the previous match count as a boundary, as its replacement
// will when the output is scrubbed again.
func (sc *scanner) leftOK(i int) bool {
	if i == sc.lastEnd {
		return true
	}
	t := sc.text
	p := t[i-1]
	if isWord(p) {
		return false
	}
	return !(byteClass[p]&clJoin != 0 && i-2 >= sc.lastEnd && isDigit(t[i-2]) && isDigit(t[i]))
}

// ipv6Start reports whether an IPv6 address may start at i: not right after
// a colon, where it would be the tail of a longer, invalid address.
func (sc *scanner) ipv6Start(i int) bool {
	return i == sc.lastEnd || sc.text[i-1] != ':'
}

// candidates returns the end and kind of the longest match starting at i,
// or end -1.
func (sc *scanner) candidates(i int) (end int, k Kind) {
	t := sc.text
	end = -1
	try := func(e int, kind Kind) {
		if e > end {
			end, k = e, kind
		}
	}
	c := t[i]
	switch {
	case isDigit(c):
		if sc.kinds.has(MAC) {
			try(matchMAC(t, i), MAC)
		}
		if sc.kinds.has(IP) {
			try(matchIPv4(t, i), IP)
			if sc.ipv6Start(i) {
				try(matchIPv6(t, i), IP)
			}
		}
		if sc.kinds.has(SSN) {
			try(matchSSN(t, i), SSN)
		}
		if sc.kinds.has(Card) {
			try(matchCard(t, i), Card)
		}
		if sc.kinds.has(Phone) {
			try(matchNANP(t, i), Phone)
		}
		if sc.kinds.has(Date) {
			try(matchNumericDate(t, i), Date)
			try(matchDayMonthYear(t, i), Date)
		}
	case c == '+' || c == '(':
		if sc.kinds.has(Phone) {
			try(matchNANP(t, i), Phone)
			try(matchE164(t, i), Phone)
		}
	case c == ':':
		if sc.kinds.has(IP) && sc.ipv6Start(i) {
			try(matchIPv6(t, i), IP)
		}
	default: // a letter
		if sc.kinds.has(URL) {
			try(matchURL(t, i), URL)
		}
		if isHex(c) {
			if sc.kinds.has(MAC) {
				try(matchMAC(t, i), MAC)
			}
			if sc.kinds.has(IP) && sc.ipv6Start(i) {
				try(matchIPv6(t, i), IP)
			}
		}
		if sc.kinds.has(Date) {
			try(matchMonthDayYear(t, i), Date)
		}
	}
	return end, k
}

// findEmail finds the first valid email address whose '@' is at or after
// from and records it in sc.emAt, emStart and emEnd. Its local part may not
// begin before from: those bytes have been passed already.
func (sc *scanner) findEmail(from int) {
	t := sc.text
	lo := from
	for {
		k := bytes.IndexByte(t[from:], '@')
		if k < 0 {
			sc.emAt, sc.emStart, sc.emEnd = len(t), -1, -1
			return
		}
		at := from + k
		if start, end := emailAround(t, lo, at); start >= 0 {
			sc.emAt, sc.emStart, sc.emEnd = at, start, end
			return
		}
		from = at + 1
		lo = from
	}
}
