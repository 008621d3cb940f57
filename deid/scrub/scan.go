package scrub

import (
	"bytes"
	"unicode/utf8"
)

// Byte classes. The table is never written after initialization.
const (
	clWord  = 1 << iota // ASCII letter or digit: bytes that glue a word together
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
	// h and w open URLs, and g, i, l, t, x and y the hosts of profiles
	// (profileHosts); j, m, n, o and s open month names (a, d and f are
	// already hex). (Cue words, names before a verb and post office boxes
	// are looked for in the words that start no other match.)
	for _, c := range "hwgiltxyjmnosHWGILTXYJMNOS+(:@" {
		t[c] |= clStart
	}
	for _, c := range ".-/" {
		t[c] |= clJoin
	}
	for _, c := range "._%+-'" {
		t[c] |= clLocal
	}
	return t
}()

func isDigit(c byte) bool { return c-'0' < 10 }
func isHex(c byte) bool   { return byteClass[c]&clHex != 0 }
func isAlnum(c byte) bool { return byteClass[c]&clWord != 0 }
func isLetter(c byte) bool {
	return byteClass[c]&(clWord|clDigit) == clWord
}

// equalFold reports whether w equals the lower-case ASCII string s,
// ignoring ASCII case.
func equalFold(w []byte, s string) bool {
	if len(w) != len(s) {
		return false
	}
	for j, c := range w {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[j] {
			return false
		}
	}
	return true
}

// maxRun is more digits than any run within a match has (a card number
// has at most 19), so digitRun stops counting there.
const maxRun = 20

// digitRun returns the number of consecutive ASCII digits at t[i:], or
// maxRun if there are more.
func digitRun(t []byte, i int) int {
	j := i
	for j < len(t) && j-i < maxRun && isDigit(t[j]) {
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

// rightOK reports whether a match may end at e. A match may not end inside
// a word (between two ASCII letters or digits; '_' separates words, as in
// log_2024-03-05.txt), nor inside a number: a '.', '-' or '/' between a
// digit of the match and a digit after it joins them. leftOK applies the
// same two rules at the start of a match, so that of two neighbours neither
// can be rejected because of the other while the other is accepted;
// scrubbing its own output then finds nothing new.
func rightOK(t []byte, e int) bool {
	if e >= len(t) {
		return true
	}
	c, last := t[e], t[e-1]
	if isAlnum(c) && isAlnum(last) || c >= utf8.RuneSelf && isAlnum(last) && spacedWordAt(t, e) {
		return false
	}
	return !(byteClass[c]&clJoin != 0 && isDigit(last) && e+1 < len(t) && isDigit(t[e+1]))
}

// spacedWordAt reports whether the non-ASCII rune at t[e] is a letter,
// digit or mark of a script written with spaces (wordRune): it continues
// a word as an ASCII letter does. Letters of scripts written without
// spaces do not: "电话4155552671" holds a phone number.
func spacedWordAt(t []byte, e int) bool {
	r, _ := utf8.DecodeRune(t[e:])
	return wordRune(r)
}

// scanner finds the matches in one text, left to right.
//
// At each position where an identifier may start, every enabled detector is
// tried and the longest match wins (ties go to the first detector in
// candidates' order). Matches start only at the beginning of a word, so the
// rest of a word that starts no match is skipped whole, once it has been
// checked for a cue (a title, a word that introduces a name, "SSN"). A cue
// sets pend, where the name or number it announces may start, and
// pendMode, how to read it there. Email addresses are found from their '@'
// rather than from their first byte; emAt, emStart and emEnd describe the
// next one. The values of a Known set may start at any byte known.first
// marks.
type scanner struct {
	text    []byte
	kinds   kindSet
	pos     int // where the search for the next match resumes
	lastEnd int // end of the previous match

	emAt, emStart, emEnd int

	pend     int
	pendMode nameMode // 0 for a Social Security number

	known  *Known // nil when there are no known values
	kfirst *[256]uint64

	// The run of capitalized words that the word at the last capital read
	// belongs to, in a text of capsLen bytes, ends at capsEnd; capsVerb
	// says whether a verb of nameVerbs follows it.
	capsEnd, capsLen int
	capsVerb         bool
}

// nameBeforeVerb returns the end of a name before a verb that starts at
// the letter t[w], whose ASCII letters end at e, or -1. The text before
// the next email address is read as if the address were replaced.
func (sc *scanner) nameBeforeVerb(w, e int) int {
	t := sc.text
	if t[w] > 'Z' || t[w] < 'A' || !sc.kinds.has(Name) || e+1 >= len(t) || (t[e] != ' ' && t[e] < utf8.RuneSelf) {
		return -1
	}
	if sc.emStart > w {
		t = t[:sc.emStart]
	}
	if !sc.capsBeforeVerb(t, w, e) || !sc.leftOK(w) {
		return -1
	}
	return matchNameBeforeVerb(t, w)
}

// capsBeforeVerb reports whether the capitalized word at t[i] belongs to a
// run of capitalized words followed by a verb, where a name may end. Each
// run is read once: names before a verb are rare, capitalized words are
// not, and some texts are written in title case.
func (sc *scanner) capsBeforeVerb(t []byte, i, e int) bool {
	if i < sc.capsEnd && len(t) == sc.capsLen {
		return sc.capsVerb
	}
	// A name before a verb has two words or more: most capitalized words
	// (whose ASCII letters end at e) are followed by another sort of word.
	if e+1 >= len(t) || t[e] < utf8.RuneSelf && (t[e] != ' ' || 'a' <= t[e+1] && t[e+1] <= 'z' && linkAt(t, e+1) < 0) {
		return false
	}
	q := i
	for {
		if l := linkAt(t, q); l > 0 && q > i {
			q = l + 1 // "Maria van der Berg"
			continue
		}
		e, form := nameWord(t, q)
		if form != formTitle && form != formInitial {
			break
		}
		sc.capsEnd = e
		if e+1 >= len(t) || t[e] != ' ' {
			break
		}
		q = e + 1
	}
	sc.capsLen = len(t)
	if sc.capsEnd <= i {
		sc.capsEnd, sc.capsVerb = i+1, false
		return false
	}
	end := sc.capsEnd
	v := asciiWordEnd(t, end+1)
	sc.capsVerb = end+1 < len(t) && t[end] == ' ' && v > end+1 && !letterAt(t, v) && nameVerbs.has(t[end+1:v])
	return sc.capsVerb
}

// noneFirst is known.first of an empty set; it is never written.
var noneFirst [256]uint64

func (sc *scanner) reset() {
	sc.pos, sc.lastEnd = 0, 0
	sc.pend = -1
	sc.capsEnd = 0
	sc.kfirst = &noneFirst
	if sc.known != nil && sc.known.Len() == 0 {
		sc.known = nil
	}
	if sc.known != nil {
		sc.kfirst = &sc.known.first
	}
	sc.emStart, sc.emEnd = -1, -1
	sc.emAt = -1 // look for the first '@' before the first byte
	if !sc.kinds.has(Email) {
		sc.emAt = len(sc.text) // never look
	}
}

// emit records a match and returns it. A match that is empty, overlaps the
// previous one or runs past the text is a defect of a detector: it panics
// rather than let Append copy text it has not scrubbed, or never end.
func (sc *scanner) emit(start, end int, k Kind) (Match, bool) {
	if start < sc.lastEnd || end <= start || end > len(sc.text) {
		panic("scrub: internal error: a detector returned an invalid match")
	}
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
		stop := n // where the next email address or pending name starts, or the end
		if sc.emStart >= 0 {
			stop = sc.emStart
		}
		if sc.pend >= i && sc.pend < stop {
			stop = sc.pend
		}
		// Skip spaces, punctuation and non-ASCII text: no match but an
		// email address, a pending name or a known value starts there.
		if sc.known == nil {
			for i < stop && byteClass[t[i]]&(clWord|clStart) == 0 {
				i++
			}
		} else {
			for i < stop && byteClass[t[i]]&(clWord|clStart) == 0 && sc.kfirst[t[i]] == 0 {
				i++
			}
		}
		if i == sc.emStart {
			end, k := sc.emEnd, Email
			if sc.mayStart(i) {
				if e, kk := sc.candidates(t, i); e > end {
					end, k = e, kk
				}
			}
			return sc.emit(i, end, k)
		}
		if i >= n {
			break
		}
		cls := byteClass[t[i]]
		if (cls&clStart != 0 || i == sc.pend || sc.known != nil && sc.kfirst[t[i]] != 0) && sc.leftOK(i) { // mayStart
			// An email address that begins inside a match and reaches past
			// it wins: the '@' is the stronger evidence. The text before
			// the next address is matched as if the address were already
			// replaced, so that scrubbing again changes nothing; only a URL
			// that runs into it or a known value, which may hold an '@',
			// may run over the address whole.
			var end int
			var k Kind
			if sc.emStart > i {
				end, k = sc.candidates(t[:sc.emStart], i)
				if k == URL && urlRunsTo(t, end, sc.emStart) || sc.known != nil && sc.known.at && sc.kfirst[t[i]] != 0 {
					if e, kk := sc.candidates(t, i); e >= sc.emEnd {
						end, k = e, kk
					}
				}
			} else {
				end, k = sc.candidates(t, i)
			}
			if end > 0 {
				// A name before a verb may be longer than what starts at
				// its first word ("Lars" known, in "Lars Johansson said").
				if 'A' <= t[i] && t[i] <= 'Z' {
					if e := sc.nameBeforeVerb(i, asciiWordEnd(t, i)); e > end {
						end, k = e, Name
					}
				}
				return sc.emit(i, end, k)
			}
		}
		w := i
		i++
		if cls&clWord != 0 {
			// No match starts inside a word (leftOK), so skip the rest of
			// it, up to an email address that starts inside it.
			if stop < i {
				stop = n
				if sc.emStart >= i {
					stop = sc.emStart
				}
			}
			for i < stop && byteClass[t[i]]&clWord != 0 {
				i++
			}
			if 'A' <= t[w] && t[w] <= 'Z' {
				// A capitalized word that starts no other match may start
				// a name before a verb.
				if e := sc.nameBeforeVerb(w, i); e > 0 {
					return sc.emit(w, e, Name)
				}
			}
			if t[w]|0x20 == 'p' && i-w <= 4 && sc.kinds.has(Address) && sc.leftOK(w) {
				// PO, P, Post: a post office box.
				lim := t
				if sc.emStart > w {
					lim = t[:sc.emStart]
				}
				if e := matchPOBox(lim, w); e > 0 {
					return sc.emit(w, e, Address)
				}
			}
			if cls&clDigit == 0 && i-w >= 2 && sc.kinds&(1<<Name|1<<SSN) != 0 {
				n := i - w
				if i < len(t) && t[i] == '#' {
					n++ // SS#
				}
				if cueTable.mayHold(t[w], t[w+1], n) {
					sc.cue(w, i)
				}
			}
			if cls&clDigit == 0 && sc.kinds.has(Number) && (i-w >= 2 && labelTable.mayHold(t[w], t[w+1], i-w) || i-w == 1 && i < len(t) && t[i] == '/') {
				if s := afterLabel(t, w, i); s > 0 {
					sc.pend, sc.pendMode = s, pendNumber
				}
			}
		}
	}
	sc.pos = n
	return Match{}, false
}

// mayStart reports whether a match may start at i: a byte that starts
// some detector's formats, a pending name or a known value, at the start of
// a word.
func (sc *scanner) mayStart(i int) bool {
	c := sc.text[i]
	return (byteClass[c]&clStart != 0 || i == sc.pend || sc.known != nil && sc.kfirst[c] != 0) && sc.leftOK(i)
}

// cue records where the name or number that the word t[w:e] announces, if
// it is a cue, may start.
func (sc *scanner) cue(w, e int) {
	c := cueAt(sc.text, w, e)
	switch c {
	case cueNone:
		return
	case cueSSN, cueSocial:
		if !sc.kinds.has(SSN) {
			return
		}
	default:
		if !sc.kinds.has(Name) {
			return
		}
	}
	if s, mode := afterCue(sc.text, w, e, c); s > 0 {
		sc.pend, sc.pendMode = s, mode
	}
}

// leftOK reports whether a match other than an email address may start at
// i, by the rules of rightOK. The bytes of the previous match count as a
// boundary, as its replacement will when the output is scrubbed again.
func (sc *scanner) leftOK(i int) bool {
	if i == sc.lastEnd {
		return true
	}
	t := sc.text
	p, first := t[i-1], t[i]
	if isAlnum(p) && isAlnum(first) {
		return false
	}
	if p >= utf8.RuneSelf && isAlnum(first) && sc.letterBefore(i) {
		return false
	}
	return !(byteClass[p]&clJoin != 0 && isDigit(first) && i-2 >= sc.lastEnd && isDigit(t[i-2]))
}

// letterBefore reports whether the non-ASCII rune before t[i], after the
// previous match, is a letter, digit or mark of a script written with
// spaces (wordRune). It is rare enough to stay out of leftOK's way.
func (sc *scanner) letterBefore(i int) bool {
	r, _ := utf8.DecodeLastRune(sc.text[sc.lastEnd:i])
	return wordRune(r)
}

// colonStart reports whether an IPv6 or MAC address may start at i: not
// right after a colon, nor with a colon right after a hex digit, where it
// would be the tail of a longer, invalid one.
func (sc *scanner) colonStart(i int) bool {
	if i == sc.lastEnd {
		return true
	}
	p := sc.text[i-1]
	return p != ':' && !(sc.text[i] == ':' && isHex(p))
}

// candidates returns the end and kind of the longest match starting at t[i],
// or end -1. t is the text, or a prefix of it.
//
// Each detector is called only if the first run of digits or hex digits
// and the byte after it fit one of its formats; the detectors check again.
func (sc *scanner) candidates(t []byte, i int) (end int, k Kind) {
	end = -1
	try := func(e int, kind Kind) {
		if e > end {
			end, k = e, kind
		}
	}
	n := len(t)
	c := t[i]
	if sc.known != nil && sc.kfirst[c] != 0 {
		try(sc.known.match(t, i, sc.lastEnd))
	}
	switch {
	case isHex(c):
		var r, h int // digits, and hex digits up to 5, at t[i:]
		for i+h < n && h < 5 && isHex(t[i+h]) {
			if isDigit(t[i+h]) && r == h {
				r++
			}
			h++
		}
		if r == 5 {
			r = digitRun(t, i)
		}
		var afterD, afterH byte // the bytes after those runs, or 0
		if i+r < n {
			afterD = t[i+r]
		}
		if i+h < n {
			afterH = t[i+h]
		}
		if (sc.kinds.has(MAC) || sc.kinds.has(IP)) && sc.colonStart(i) {
			if sc.kinds.has(MAC) && ((h == 2 && (afterH == ':' || afterH == '-')) || (h == 4 && afterH == '.')) {
				try(matchMAC(t, i), MAC)
			}
			if sc.kinds.has(IP) && h <= 4 && afterH == ':' {
				try(matchIPv6(t, i), IP)
			}
		}
		if r == 0 {
			if sc.kinds.has(Date) && monthInitial(c) {
				try(matchMonthDayYear(t, i), Date)
			}
			if sc.kinds.has(URL) && profileInitial(c) {
				try(matchURL(t, i), URL)
			}
			break
		}
		if sc.kinds.has(IP) && r <= 3 && afterD == '.' {
			try(matchIPv4(t, i), IP)
		}
		if sc.kinds.has(Coordinates) && r <= 3 && (afterD == '.' || afterD == 0xc2) {
			try(matchCoordinates(t, i), Coordinates)
		}
		if sc.kinds.has(SSN) && (r == 3 && isSSNSep(afterD) || r == 9) {
			try(matchSSN(t, i), SSN)
		}
		if sc.kinds.has(Card) && (r >= 13 || (r == 4 && (afterD == ' ' || afterD == '-'))) {
			try(matchCard(t, i), Card)
		}
		if sc.kinds.has(Phone) && (r == 10 || (r == 3 && isPhoneSep(afterD)) ||
			(r == 1 && c == '1' && (isPhoneSep(afterD) || afterD == '('))) {
			try(matchNANP(t, i), Phone)
		}
		if sc.kinds.has(Address) && r <= 6 && (afterD == ' ' || isLetter(afterD)) &&
			!(i >= sc.lastEnd+2 && t[i-1] == ':' && isDigit(t[i-2])) { // the minutes of a time

			try(matchAddress(t, i), Address)
		}
		if sc.kinds.has(Date) {
			if r == 2 || r == 3 {
				try(matchAge(t, i, sc.lastEnd), Date)
			}
			if (r <= 2 || r == 4) && (afterD == '-' || afterD == '/' || afterD == '.') {
				try(matchNumericDate(t, i), Date)
				if r <= 2 {
					try(matchDayMonth(t, i), Date)
				}
			}
			if r == 8 {
				try(matchCompactDate(t, i), Date)
			}
			if r <= 2 && (afterD == ' ' || afterD == '-' || afterD == '.' || isLetter(afterD)) && !(i >= sc.lastEnd+2 && t[i-1] == ':' && isDigit(t[i-2])) {
				try(matchDayMonthYear(t, i), Date)
			}
		}
	case c == '+' || c == '(':
		if sc.kinds.has(Phone) {
			try(matchNANP(t, i), Phone)
			try(matchE164(t, i), Phone)
		}
	case c == ':':
		if sc.kinds.has(IP) && sc.colonStart(i) {
			try(matchIPv6(t, i), IP)
		}
	case c == '@':
		if sc.kinds.has(Handle) {
			try(matchHandle(t, i, sc.lastEnd), Handle)
		}
	case isLetter(c): // a letter other than a-f
		switch c | 0x20 {
		case 'h', 'w':
			if sc.kinds.has(URL) {
				try(matchURL(t, i), URL)
			}
		case 'j', 'm', 'n', 'o', 's':
			if sc.kinds.has(Date) {
				try(matchMonthDayYear(t, i), Date)
			}
		}
		if sc.kinds.has(URL) && c|0x20 != 'h' && c|0x20 != 'w' && profileInitial(c) {
			try(matchURL(t, i), URL)
		}
	}
	if i == sc.pend {
		if sc.pendMode == pendNumber {
			try(matchLabelled(t, i), Number)
		} else if sc.pendMode == 0 {
			if sc.kinds.has(SSN) && isDigit(c) {
				try(matchSSNCued(t, i), SSN)
			}
		} else if sc.kinds.has(Name) {
			try(matchName(t, i, sc.pendMode), Name)
		}
	}
	return end, k
}

// monthInitial reports whether a month name can start with the hex letter c.
func monthInitial(c byte) bool {
	c |= 0x20
	return c == 'a' || c == 'd' || c == 'f'
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
