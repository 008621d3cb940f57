package scrub

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Known holds one record's own identifiers, such as the name, e-mail
// address and phone number in the other fields of a structured record, for
// [Scrubber.AppendKnown] to replace wherever they appear in the record's
// free text, in the same pass as the detectors and whatever their case or
// spacing.
//
// Values are normalized when added:
//
//   - Both a value and a text are read as they read (see the package
//     doc, "Disguised spellings"): "Mu\u0308ller" is found where the value
//     is "Müller", "Ｑｕｉｓｔ" and "Qu\u200bist" where it is "Quist", and
//     "٤١٥٥٥٥٢٦٧١" where it is "4155552671".
//   - Text is compared case-folded (letter by letter, in any script with
//     case), with any run of white space in the value or the text matching
//     any other ("JOHN  smith" matches "John Smith"), and must start and
//     end at word boundaries: "Al" is not found in "Alice".
//   - Phone numbers are compared by their digits, whatever separators the
//     text uses ("(415) 555-2671", "415.555.2671"); leading zeros (a trunk
//     or international prefix) and a country code of up to three digits
//     may be present on one side only, and so may the area code: the
//     last seven digits or more of the number are the number (see
//     phoneTail). A number with fewer than seven digits before its first
//     letter, or more than 20, is compared as text.
//   - Social Security numbers, and identifiers made of four or more digits
//     and separators only, are compared by their digits exactly. Between
//     two groups of a number's digits a text may write any run of up to
//     four runes that are neither letters, digits nor line breaks
//     ("555/201/3344", "555 -- 201 -- 3344").
//   - MAC addresses are compared by their hex digits, in either case and
//     with any such separators, a pair's leading zero perhaps dropped
//     ("001122334455", "0:11:22:33:44:55").
//   - Dates (of kind Date) are compared by their value, however written
//     ("02Mar1954", "2MAR54", "03021954", "02.03.54"), and so are their
//     year and month alone ("1954-03", "03/1954"); a year alone is not
//     added (see known_date.go).
//
// Add also adds the parts by which a value is often written on its own:
// the words of a name (of two or more letters, without particles written
// in lower case such as "van" or "de"), the local part of an e-mail
// address, and the comma-separated parts of an address, its street without
// the unit ("Apt 4B", "Suite 200", "#12"), its street name without the
// house number ("Elm Street" of "9 Elm Street") and its ZIP code. A value (or part)
// with fewer than three letters or digits is not added, except name words
// of two letters: short values would match ordinary words and numbers.
//
// The zero value is an empty set. A Known set is not safe for concurrent
// use: use one per goroutine, and Reset it between records. It holds
// identifiers: Reset clears them.
type Known struct {
	// The values live two pointers away: fmt does not call Format on a
	// Known held in another type's unexported field and prints its fields
	// instead; it shows a pointer there as an address, except under a verb
	// such as %s or %q, for which it prints what the pointer points to.
	*knownRef
}

type knownRef struct{ *knownValues }

type knownValues struct {
	buf  []byte // normalized values, back to back
	vals []knownValue
	// first[c] has bit j set if vals[j] may start with the byte c in a
	// text (bit 63 for the values from the 64th on), so that most bytes
	// rule out every value with one look-up.
	first [256]uint64
	// at says that a value holds an '@' and may run over an e-mail
	// address the scanner found.
	at bool
	// scratch holds the skeleton of the last value added or text looked
	// at that is not ASCII (skeleton.go).
	scratch []byte
}

// Format prints how many values k holds, never the values: a Known set
// holds a record's identifiers, and may be printed in a log or a panic.
func (k Known) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "scrub.Known[%d values]", k.Len())
}

// bit returns the bit of first that stands for vals[j].
func bit(j int) uint64 { return 1 << min(j, 63) }

// knownValue is one value in a Known set.
type knownValue struct {
	kind       Kind
	start, end int // the value in buf
	match      knownMatch
	lead       byte // the value's first byte
}

type knownMatch uint8

const (
	knownText   knownMatch = iota // case-folded text
	knownDigits                   // the same digits
	knownPhone                    // the same phone number
	knownHex                      // the same hex digits: a MAC address
	knownDate                     // the same date, however written
)

// Reset empties k, keeping its memory and clearing the values it held.
func (k *Known) Reset() {
	if k.knownRef == nil {
		return
	}
	clear(k.buf)
	clear(k.scratch)
	k.buf, k.vals = k.buf[:0], k.vals[:0]
	k.first = [256]uint64{}
	k.at = false
}

// Len returns the number of values and parts in k.
func (k *Known) Len() int {
	if k.knownRef == nil {
		return 0
	}
	return len(k.vals)
}

// Add adds value, an identifier of kind kind, and its parts, normalized as
// described above. It ignores a value of an invalid kind, and one too short
// to be matched safely.
func (k *Known) Add(kind Kind, value []byte) {
	if !kind.valid() {
		return
	}
	if k.knownRef == nil {
		k.knownRef = &knownRef{new(knownValues)}
	}
	value = read(value, &k.scratch) // compared with the text as it reads (skeleton.go)
	switch kind {
	case Phone:
		// A number that its digits do not tell ("1-800-FLOWERS", more
		// digits than a phone number has) is replaced as written, if it
		// is as long as a phone number.
		if !k.addDigits(kind, value, knownPhone) {
			k.addText(kind, value, 7)
		}
		return
	case Date:
		// A year alone is not added: a policy may release it.
		k.addDate(kind, value)
		return
	case SSN:
		k.addDigits(kind, value, knownDigits)
		k.addText(kind, value, 3)
		return
	case Name:
		k.addText(kind, value, 3)
		eachField(value, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }, func(w []byte) {
			if !(nameLinks.has(w) && isLetter(w[0]) && w[0] >= 'a') { // "van", not "Van"
				k.addText(kind, w, 2)
			}
		})
		return
	case Email:
		k.addText(kind, value, 3)
		if at := lastIndexByte(value, '@'); at > 0 {
			k.addText(kind, value[:at], 3)
		}
		return
	case Address:
		k.addText(kind, value, 3)
		eachField(value, func(r rune) bool { return r == ',' || r == '\n' }, func(part []byte) {
			k.addText(kind, part, 3)
			if street := streetName(part); street != nil {
				k.addText(kind, street, 3)
			}
			// The street without its unit: "9 Elm Street" of "9 Elm
			// Street Apt 4B".
			for p := 1; p < len(part); p++ {
				if part[p] == ' ' && unitEnd(part, p) > 0 {
					k.addText(kind, part[:p], 3)
					break
				}
			}
			if n := len(part); n >= 5 && digitRun(part, n-5) == 5 && (n == 5 || !isDigit(part[n-6])) {
				k.addDigits(kind, part[n-5:], knownDigits)
			}
		})
		return
	}
	if onlyDigits(value) {
		k.addDigits(kind, value, knownDigits)
	}
	if hex := macHex(value); hex != nil {
		k.addHex(kind, hex)
	}
	k.addText(kind, value, 3)
}

// addText adds value case-folded, with runs of white space made one space
// and white space at the ends removed, if it has at least min letters and
// digits.
func (k *Known) addText(kind Kind, value []byte, min int) {
	start := len(k.buf)
	alnum := 0
	space := false
	for len(value) > 0 {
		r, size := utf8.DecodeRune(value)
		value = value[size:]
		if unicode.IsSpace(r) {
			space = len(k.buf) > start
			continue
		}
		if space {
			k.buf = append(k.buf, ' ')
			space = false
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			alnum++
		}
		k.buf = utf8.AppendRune(k.buf, fold(r))
	}
	if alnum < min || k.has(kind, start, knownText) {
		k.buf = k.buf[:start]
		return
	}
	v := knownValue{kind: kind, start: start, end: len(k.buf), match: knownText}
	r, _ := utf8.DecodeRune(k.buf[start:])
	v.lead = k.buf[start]
	// The text may write the first letter in any case.
	for f := r; ; {
		var b [utf8.UTFMax]byte
		utf8.EncodeRune(b[:], f)
		k.first[b[0]] |= bit(len(k.vals))
		if f = unicode.SimpleFold(f); f == r {
			break
		}
	}
	k.at = k.at || bytes.IndexByte(k.buf[start:], '@') >= 0
	k.vals = append(k.vals, v)
}

// addDigits adds the digits of value, up to its first letter, if there
// are enough of them: four for an identifier, seven for a phone number.
// It reports whether it added them.
func (k *Known) addDigits(kind Kind, value []byte, m knownMatch) bool {
	start := len(k.buf)
	for _, c := range value {
		if isDigit(c) {
			k.buf = append(k.buf, c)
		} else if isLetter(c) {
			break
		}
	}
	n := len(k.buf) - start
	if n > maxRun || n < 4 || (m == knownPhone && n < 7) || k.has(kind, start, m) {
		k.buf = k.buf[:start]
		return false
	}
	b := bit(len(k.vals))
	k.vals = append(k.vals, knownValue{kind: kind, start: start, end: len(k.buf), match: m})
	for c := '0'; c <= '9'; c++ {
		k.first[c] |= b
	}
	k.first['+'] |= b
	k.first['('] |= b
	return true
}

// has reports whether k already holds the value at buf[start:], so that a
// name's only word is not added twice.
func (k *Known) has(kind Kind, start int, m knownMatch) bool {
	v := k.buf[start:]
	for _, o := range k.vals {
		if o.kind == kind && o.match == m && string(k.buf[o.start:o.end]) == string(v) {
			return true
		}
	}
	return false
}

// fold returns the case-folded form of r that Known compares.
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// onlyDigits reports whether v has four or more digits and nothing else but
// separators (white space, '-', '.', '/').
func onlyDigits(v []byte) bool {
	digits := 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case c == ' ' || c == '-' || c == '.' || c == '/':
		default:
			return false
		}
	}
	return digits >= 4
}

func lastIndexByte(b []byte, c byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == c {
			return i
		}
	}
	return -1
}

// eachField calls f with each run of v between runes for which sep is
// true, like bytes.FieldsFunc without the slice.
func eachField(v []byte, sep func(rune) bool, f func([]byte)) {
	start := -1
	for i := 0; i <= len(v); {
		r, size := rune(-1), 1
		if i < len(v) {
			r, size = utf8.DecodeRune(v[i:])
		}
		if r < 0 || sep(r) {
			if start >= 0 {
				f(v[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
}

// match returns the end and kind of the longest value of k that the text
// t has at i, or end -1. lastEnd is the end of the previous match, which
// counts as a boundary.
func (k *Known) match(t []byte, i, lastEnd int) (end int, kind Kind) {
	end = -1
	set := k.first[t[i]]
	if set == 0 {
		return end, kind
	}
	c := t[i]
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	atLast := i == lastEnd
	var digits [maxRun + 1]byte
	nd := -1 // digits not read yet
	for j := range k.vals {
		if j < 63 && set&(1<<j) == 0 || j >= 63 && set&(1<<63) == 0 {
			continue
		}
		v := &k.vals[j]
		var e int
		switch v.match {
		case knownText:
			if v.lead < utf8.RuneSelf && c != v.lead || v.lead >= utf8.RuneSelf && c < utf8.RuneSelf {
				continue
			}
			e = k.matchText(t, i, v, atLast)
		default:
			if nd < 0 {
				nd = 0
				if !(atLast || leftOKAt(t, i)) {
					nd = -2 // no number starts here
				}
			}
			if nd == -2 {
				continue
			}
			switch v.match {
			case knownHex:
				e = matchHex(t, i, k.buf[v.start:v.end])
			case knownDate:
				e = matchDate(t, i, (*dateValue)(k.buf[v.start:v.end]))
			default:
				e = matchNumber(t, i, k.buf[v.start:v.end], v.match == knownPhone, &digits)
			}
		}
		if e > end {
			end, kind = e, v.kind
		}
	}
	return end, kind
}

// matchText returns the end of the text value v at t[i], or -1. atLast
// says that i is the end of the previous match, which counts as a
// boundary.
func (k *Known) matchText(t []byte, i int, v *knownValue, atLast bool) int {
	val := k.buf[v.start:v.end]
	r0, _ := utf8.DecodeRune(val)
	if !atLast && (edgeRune(r0) && wordBefore(t, i) ||
		isDigit(val[0]) && i > 1 && byteClass[t[i-1]]&clJoin != 0 && isDigit(t[i-2])) {
		return -1
	}
	p := i
	last := r0
	for len(val) > 0 {
		if val[0] == ' ' {
			q := p
			for q < len(t) {
				r, size := utf8.DecodeRune(t[q:])
				if !unicode.IsSpace(r) {
					break
				}
				q += size
			}
			if q == p {
				return -1
			}
			p, val = q, val[1:]
			continue
		}
		if p >= len(t) {
			return -1
		}
		var r, vr rune
		size, vsize := 1, 1
		if r, vr = rune(t[p]), rune(val[0]); r >= utf8.RuneSelf || vr >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[p:])
			vr, vsize = utf8.DecodeRune(val)
		}
		if fold(r) != vr {
			return -1
		}
		p, val, last = p+size, val[vsize:], vr
	}
	if p < len(t) {
		if edgeRune(last) {
			if r, _ := utf8.DecodeRune(t[p:]); t[p] < utf8.RuneSelf && isAlnum(t[p]) || t[p] >= utf8.RuneSelf && edgeRune(r) {
				return -1
			}
		}
		if last < utf8.RuneSelf && isDigit(byte(last)) && !rightOK(t, p) {
			return -1
		}
	}
	return p
}

// edgeRune reports whether r is a letter or digit of a script written with
// spaces, which a value may not start or end next to.
func edgeRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isAlnum(byte(r))
	}
	return wordRune(r)
}

// wordBefore reports whether the rune before t[i] is a letter or digit of a
// script written with spaces.
func wordBefore(t []byte, i int) bool {
	if i == 0 {
		return false
	}
	if c := t[i-1]; c < utf8.RuneSelf {
		return isAlnum(c)
	}
	r, _ := utf8.DecodeLastRune(t[:i])
	return wordRune(r)
}

// leftOKAt reports whether a number may start at t[i]: not after a letter
// or digit, nor after a digit and a '.', '-' or '/'.
func leftOKAt(t []byte, i int) bool {
	if i == 0 {
		return true
	}
	if isAlnum(t[i-1]) && isAlnum(t[i]) {
		return false
	}
	return !(byteClass[t[i-1]]&clJoin != 0 && isDigit(t[i]) && i >= 2 && isDigit(t[i-2]))
}

// matchNumber returns the end of the number at t[i] whose digits are want,
// or -1. The number is read as groups of digits separated by short runs of
// other runes (groupGap), after an optional '+', or '(' closed after the
// first group; its longest prefix that ends at a group's end and matches
// want wins.
func matchNumber(t []byte, i int, want []byte, phone bool, digits *[maxRun + 1]byte) int {
	p, n := i, 0
	paren := false
	switch t[p] {
	case '+':
		p++
	case '(':
		paren = true
		p++
	}
	best := -1
	for group := 0; p < len(t) && isDigit(t[p]); group++ {
		for p < len(t) && isDigit(t[p]) {
			if n == maxRun {
				return best
			}
			digits[n] = t[p]
			n++
			p++
		}
		if paren && group == 0 && (p >= len(t) || t[p] != ')') {
			return -1
		}
		if rightOK(t, p) && digitsMatch(digits[:n], want, phone) {
			best = p
		}
		q := groupGap(t, p, false)
		if q == p {
			break
		}
		p = q
	}
	return best
}

// maxGroupGap bounds the runes between two groups of a number's digits: "555 --
// 201 -- 3344" has four. A longer run is a break between two numbers.
const maxGroupGap = 4

// groupGap returns the end of the run of runes after t[p] that may separate
// two groups of a number's digits, or p if there is none: up to maxGroupGap
// runes that are neither letters nor digits, nor a line break, followed by
// a digit, or if hex a hex digit. Which separators a text uses is its
// writer's choice ("555/201/3344", "555_201_3344", "555 * 201 * 3344"):
// the digits tell the number.
func groupGap(t []byte, p int, hex bool) int {
	q := p
	for n := 0; n < maxGroupGap && q < len(t); n++ {
		c := t[q]
		if c < utf8.RuneSelf {
			if isAlnum(c) || c == '\n' || c == '\r' {
				break
			}
			q++
			continue
		}
		r, size := utf8.DecodeRune(t[q:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			break
		}
		q += size
	}
	if q == p || q >= len(t) || !isDigit(t[q]) && !(hex && isHex(t[q])) {
		return p
	}
	return q
}

// digitsMatch reports whether the digits got, read from a text, stand for
// want: the same digits, or for a phone number the same number with a
// prefix on one side only (see Known).
func digitsMatch(got, want []byte, phone bool) bool {
	if string(got) == string(want) {
		return true
	}
	if !phone {
		return false
	}
	for len(got) > 0 && got[0] == '0' {
		got = got[1:]
	}
	for len(want) > 0 && want[0] == '0' {
		want = want[1:]
	}
	short, long := got, want
	if len(short) > len(long) {
		short, long = long, short
	}
	return phoneTail(short, long)
}
