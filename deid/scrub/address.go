package scrub

import (
	"strings"
	"unicode/utf8"
)

// streetSuffixes are the street types of US addresses, in full and in the
// usual abbreviations (USPS Publication 28 lists more; these are the common
// ones). abbreviated marks the short forms.
var (
	streetSuffixes = wordSet(`street avenue road boulevard lane drive court place
		terrace way circle parkway highway square trail alley crescent loop plaza
		expressway pike turnpike freeway st ave av rd blvd ln dr ct pl ter cir pkwy
		hwy sq trl aly cres plz expy tpke fwy`)
	abbreviated = wordSet(`st ave av rd blvd ln dr ct pl ter cir pkwy hwy sq trl
		aly cres plz expy tpke fwy`)
	directions = wordSet(`n s e w ne nw se sw north south east west northeast
		northwest southeast southwest`)
	unitWords = wordSet(`apt apartment suite ste unit fl floor rm room bldg
		building`)
)

// states holds the two-letter USPS codes of the states, DC and the
// territories, as a table indexed by the two letters.
var states = func() (s [26 * 26]bool) {
	for _, c := range strings.Fields(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA
		KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC
		SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP`) {
		s[int(c[0]-'A')*26+int(c[1]-'A')] = true
	}
	return s
}()

// stateAt returns the end of a two-letter state code at t[p], followed by
// neither a letter nor a digit, or -1.
func stateAt(t []byte, p int) int {
	if p+2 > len(t) || t[p] < 'A' || t[p] > 'Z' || t[p+1] < 'A' || t[p+1] > 'Z' {
		return -1
	}
	if !states[int(t[p]-'A')*26+int(t[p+1]-'A')] || !wordEndOK(t, p+2) {
		return -1
	}
	return p + 2
}

// wordEndOK reports whether a word may end at e: not before a letter, nor
// glued to what follows ("DC-3C", "St.Louis"; gluedAt).
func wordEndOK(t []byte, e int) bool {
	return !gluedAt(t, e) && !letterAt(t, e)
}

// zipAt returns the end of a ZIP code (12345 or 12345-6789) at t[p], or -1.
func zipAt(t []byte, p int) int {
	if digitRun(t, p) != 5 {
		return -1
	}
	e := p + 5
	if e+1 < len(t) && t[e] == '-' && digitRun(t, e+1) == 4 {
		e += 5
	}
	if !rightOK(t, e) {
		return -1
	}
	return e
}

// matchAddress matches a US street address: a house number (1 to 6 digits,
// not starting with 0, possibly with one letter: 12B), a street name of one
// to four words and a street type (Main St, W 34th Street, Martin Luther
// King Jr Blvd), and what follows it by addressTail. The street name's
// words are capitalized, in capitals or ordinals (5th); written in lower
// case ("12 main st") they need an abbreviated type, so that "3 blocks down
// the street" is not an address.
func matchAddress(t []byte, i int) int {
	r := digitRun(t, i)
	if r < 1 || r > 6 || t[i] == '0' {
		return -1
	}
	p := i + r
	if p+1 < len(t) && isLetter(t[p]) && t[p+1] == ' ' {
		p++
	}
	if p >= len(t) || t[p] != ' ' || !typeAhead(t, p+1) {
		return -1
	}
	e := streetEnd(t, p+1)
	if e < 0 {
		return -1
	}
	end := addressTail(t, i, e)
	if end == e && drBeforeName(t, e) {
		// Either reading may be right: the address ends before the title,
		// so that the name after it is found too.
		return e - 3
	}
	return end
}

// Styles of a street name's words: a street name written in lower case
// needs a type in lower case, a capitalized one a capitalized type, and
// one in capitals a type in capitals.
const (
	styleLower = 1 << iota
	styleTitle
	styleCaps
)

// typeAhead reports whether a word after the first of the (at most five)
// words at t[p] may be a street type: a quick look at the words' first two
// bytes and length, since most numbers in text are not house numbers.
func typeAhead(t []byte, p int) bool {
	for words := 0; words <= 4; words++ {
		e := p
		for e < len(t) && (isAlnum(t[e]) || t[e] >= utf8.RuneSelf || t[e] == '\'' || t[e] == '-') {
			e++
		}
		if a := asciiWordEnd(t, p) - p; words > 0 && a >= 2 && streetSuffixes.mayHold(t[p], t[p+1], a) {
			return true
		}
		if e == p || e >= len(t) || t[e] != ' ' {
			return false
		}
		p = e + 1
	}
	return false
}

// streetEnd returns the end of a street name and type at t[p], or -1.
func streetEnd(t []byte, p int) int {
	style := 0
	for words := 0; words <= 4 && p < len(t); words++ {
		e, form := nameWord(t, p)
		if form == formNone && isDigit(t[p]) {
			// An ordinal (5th, 42nd) fits names in any style.
			d := p + digitRun(t, p)
			if e = ordinalEnd(t, d); e == d || words == 4 || e+1 >= len(t) || t[e] != ' ' {
				return -1
			}
			p = e + 1
			continue
		}
		if words > 0 {
			if s := suffixEnd(t, p, e, form, style); s >= 0 {
				return s
			}
		}
		switch {
		case (form == formLetter || form == formCaps) && directions.has(t[p:e]):
			// N, NW: any style
		case form == formTitle:
			style |= styleTitle
		case form == formCaps:
			style |= styleCaps
		case form == formLower:
			style |= styleLower
		default:
			return -1
		}
		if style&styleLower != 0 && style != styleLower || words == 4 || e+1 >= len(t) || t[e] != ' ' {
			return -1
		}
		p = e + 1
	}
	return -1
}

// suffixEnd returns the end of the street type t[p:e] of the given form,
// with a following direction ("Main St NW"), or -1, if it fits the style
// of the name before it.
func suffixEnd(t []byte, p, e int, form wordForm, style int) int {
	w := t[p:e]
	if !streetSuffixes.has(w) {
		return -1
	}
	switch {
	case style&styleLower != 0:
		if form != formLower || !abbreviated.has(w) {
			return -1
		}
	case style&styleCaps != 0:
		if form != formCaps {
			return -1
		}
	case !form.capital() && !(form == formLower && abbreviated.has(w)):
		return -1
	}
	if !wordEndOK(t, e) {
		return -1
	}
	if e+1 < len(t) && t[e] == ' ' {
		if d, f := nameWord(t, e+1); (f == formLetter || f == formCaps || f == formTitle) && directions.has(t[e+1:d]) && wordEndOK(t, d) {
			return d
		}
	}
	return e
}

// drBeforeName reports whether the street type "Dr" ending at e may
// rather be the title of a name that follows it: "12 Oak Dr. Smith".
func drBeforeName(t []byte, e int) bool {
	if e < 3 || t[e-3] != ' ' || t[e-2] != 'D' || t[e-1]|0x20 != 'r' {
		return false
	}
	if e < len(t) && t[e] == '.' {
		e++
	}
	if e >= len(t) || t[e] != ' ' {
		return false
	}
	_, form := nameWord(t, e+1)
	return form.capital()
}

// addressTail extends a street address t[start:e] with what may follow
// it: a unit (", Apt 4B", " Suite 200", " #12"), then a place: a city of
// up to three capitalized words (or in capitals, after an address in
// capitals), a state code and a ZIP code, in the forms
// ", Springfield, IL 62701", " Springfield IL", ", IL 62701" and
// ", Springfield" (at the end of a clause, not before a word). An
// abbreviated street type's dot belongs to the address only if more
// follows.
func addressTail(t []byte, start, e int) int {
	best := e
	caps := true // a city may be in capitals if the address is
	for _, c := range t[start:e] {
		if 'a' <= c && c <= 'z' {
			caps = false
			break
		}
	}
	for _, p := range [2]int{e, e + 1} {
		if p == e+1 && (p >= len(t) || t[e] != '.') {
			break
		}
		q := p
		if u := unitEnd(t, q); u > 0 {
			q = u
		}
		if c := placeEnd(t, q, caps); c > 0 {
			q = c
		}
		if q > p && q > best {
			best = q
		}
	}
	return best
}

// unitEnd returns the end of a unit after an address at t[p], or -1.
func unitEnd(t []byte, p int) int {
	q := p
	if q < len(t) && t[q] == ',' {
		q++
	}
	if q >= len(t) || t[q] != ' ' {
		return -1
	}
	q++
	if q < len(t) && t[q] == '#' {
		return unitID(t, q+1)
	}
	w := asciiWordEnd(t, q)
	if w == q || !unitWords.has(t[q:w]) {
		return -1
	}
	if w < len(t) && t[w] == '.' {
		w++
	}
	if w < len(t) && t[w] == ' ' {
		w++
	}
	if w < len(t) && t[w] == '#' {
		w++
	}
	return unitID(t, w)
}

// unitID returns the end of a unit number at t[p] (1 to 6 letters and
// digits with at least one digit, or a single capital letter, possibly with
// inner hyphens: 4B, 200, 12-C, B), or -1.
func unitID(t []byte, p int) int {
	q, digits := p, 0
	for q < len(t) && q-p < 8 && (isAlnum(t[q]) || t[q] == '-' && q > p && q+1 < len(t) && isAlnum(t[q+1])) {
		if isDigit(t[q]) {
			digits++
		}
		q++
	}
	if q == p || q-p > 6 || (digits == 0 && !(q == p+1 && t[p] >= 'A' && t[p] <= 'Z')) || !rightOK(t, q) || letterAt(t, q) {
		return -1
	}
	return q
}

// placeEnd returns the end of the city, state and ZIP code after an
// address at t[p], or -1.
func placeEnd(t []byte, p int, caps bool) int {
	q := p
	comma := q < len(t) && t[q] == ','
	if comma {
		q++
	}
	if q >= len(t) || t[q] != ' ' {
		return -1
	}
	q++
	if comma {
		if s := stateAt(t, q); s > 0 {
			return stateZIP(t, s)
		}
	}
	// The city: up to three capitalized words, not a state code.
	c, at := -1, q
	for words := 0; words < 3; words++ {
		e, form := nameWord(t, at)
		if !(form == formTitle || form == formCaps && caps) || nameStops.has(t[at:e]) ||
			cueAt(t, at, e) != cueNone || stateAt(t, at) > 0 || otherStarts(t, at) {
			break
		}
		c = e
		if e+1 >= len(t) || t[e] != ' ' {
			break
		}
		at = e + 1
	}
	if c < 0 {
		return -1
	}
	// After the city: a state, a ZIP code, or the end of a clause.
	s := c
	if s < len(t) && t[s] == ',' {
		s++
	}
	if s < len(t) && t[s] == ' ' {
		if e := stateAt(t, s+1); e > 0 {
			return stateZIP(t, e)
		}
	}
	if comma && (c >= len(t) || !(t[c] == ' ' && letterAt(t, c+1))) {
		return c
	}
	return -1
}

// stateZIP extends a state code ending at e with a ZIP code after a space.
func stateZIP(t []byte, e int) int {
	if e+1 < len(t) && t[e] == ' ' {
		if z := zipAt(t, e+1); z > 0 {
			return z
		}
	}
	return e
}

// matchPOBox matches a post office box: "PO Box 123", "P.O. Box 123",
// "P O Box 123" or "Post Office Box 123", in any case, then a place as
// after a street address.
func matchPOBox(t []byte, i int) int {
	p := afterPrefixFold(t, i, "po box ", "p.o. box ", "p o box ", "post office box ")
	if p < 0 {
		return -1
	}
	if p < len(t) && t[p] == '#' {
		p++
	}
	q, digits := p, 0
	for q < len(t) && q-p < 10 && isAlnum(t[q]) {
		if isDigit(t[q]) {
			digits++
		}
		q++
	}
	if digits == 0 || !rightOK(t, q) || letterAt(t, q) {
		return -1
	}
	return addressTail(t, i, q)
}
