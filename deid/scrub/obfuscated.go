package scrub

import "github.com/deidkit/deidkit/internal/idnorm"

// Identifiers written to slip past a reader's eye or a filter: spaced out
// ("j o h n @ e x a m p l e . c o m", "555 . 123 . 4567"), with the '@'
// and the dots spelled ("john at example dot com", "john [at] example
// [dot] com"). They are found by reading the text once more in a view
// where those spellings are undone (a view byte remembers the span of the
// text it stands for), with the detectors of the identifiers people
// obfuscate, and the spans found there are merged with the text's own
// matches. The view is built only when the text holds one of the
// spellings (mayBeObfuscated), so most text is read once.

// obfuscatedKinds are the kinds looked for in the view: those made of
// digits and punctuation, which a reader puts back together. Names,
// addresses and dates are words a reader reads as they are.
const obfuscatedKinds kindSet = 1<<Email | 1<<Phone | 1<<SSN | 1<<Card | 1<<IP | 1<<MAC | 1<<URL

// maxGap is the longest run of blanks a view closes up.
const maxGap = 3

// view is the text with the obfuscating spellings undone.
type view struct {
	b          []byte
	start, end []int  // the span of the text view byte i stands for
	spelled    []bool // whether view byte i is a spelled '@' or '.'
	plainAt    []bool // whether view byte i is an '@' spelled as the plain word "at"
}

// obfuscatedMatches returns the identifiers of kinds that the view of t
// holds and t itself does not show, as spans of t, in order and not
// overlapping, or nil. own are t's own matches: the view is built from t
// with each of those of the kinds looked for in it replaced by its tag,
// as a second scrub of the output reads it, so that scrubbing again finds
// nothing new. Words (names, addresses, dates, IDs) stay as they are: a
// known name is the first part of "zelda at example dot com", and tagged
// it would leave the rest of the address out.
func obfuscatedMatches(t []byte, own []Match, kinds kindSet, known *Known) []Match {
	tagged := make([]byte, 0, len(t))
	from, to := make([]int, 0, len(t)), make([]int, 0, len(t)) // the span of t of each byte of tagged
	last := 0
	keep := func(s, e int) {
		for i := s; i < e; i++ {
			tagged, from, to = append(tagged, t[i]), append(from, i), append(to, i+1)
		}
	}
	for _, o := range own {
		if !obfuscatedKinds.has(o.Kind) {
			continue
		}
		keep(last, o.Start)
		for _, c := range []byte(o.Kind.Tag()) {
			tagged, from, to = append(tagged, c), append(from, o.Start), append(to, o.End)
		}
		last = o.End
	}
	keep(last, len(t))
	v := newView(tagged)
	sc := scanner{text: v.b, kinds: kinds & obfuscatedKinds, known: known}
	sc.reset()
	var out []Match
	for {
		m, ok := sc.next()
		if !ok {
			return out
		}
		if m.Kind == Email && !v.emailSpelledOut(m) {
			continue
		}
		s, e := v.start[m.Start], v.end[m.End-1]
		if e-s == m.End-m.Start && !v.anySpelled(m) {
			continue // tagged shows it as it is: the text's own scan found it
		}
		out = append(out, Match{Kind: m.Kind, Start: from[s], End: to[e-1]})
	}
}

// emailSpelledOut reports whether an address of the view is one: an '@'
// spelled as the plain word "at" ("seen at home.Then") makes one only
// with a dot also spelled out or a common top-level domain after it.
func (v *view) emailSpelledOut(m Match) bool {
	at := -1
	for i := m.Start; i < m.End; i++ {
		if v.b[i] == '@' {
			at = i
			break
		}
	}
	if at < 0 || !v.plainAt[at] {
		return true
	}
	dot := -1
	for i := at; i < m.End; i++ {
		if v.b[i] == '.' {
			if v.spelled[i] {
				return true
			}
			dot = i
		}
	}
	return dot >= 0 && commonTLD(v.b[dot+1:m.End])
}

func (v *view) anySpelled(m Match) bool {
	for i := m.Start; i < m.End; i++ {
		if v.spelled[i] {
			return true
		}
	}
	return false
}

// commonTLD reports whether tld is one of the top-level domains most
// addresses end in, or a country's.
func commonTLD(tld []byte) bool {
	if len(tld) == 2 && isLetter(tld[0]) && isLetter(tld[1]) {
		return true
	}
	for _, d := range [...]string{"com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "name", "mobi", "health", "care", "app", "dev", "email", "mail"} {
		if equalFold(tld, d) {
			return true
		}
	}
	return false
}

// spelledAt returns the length of "at" or "dot" spelled as a word at t[i]
// (the word alone, or in (), [], {} or <>), or of '@' or '.' in brackets
// ("example[.]com", as addresses are defanged), what it stands for ('@'
// or '.'), and whether it is the plain lower-case word "at"; or 0.
func spelledAt(t []byte, i int) (n int, c byte, plain bool) {
	if i >= len(t) {
		return 0, 0, false
	}
	open := t[i]
	var close byte
	switch open {
	case '(':
		close = ')'
	case '[':
		close = ']'
	case '{':
		close = '}'
	case '<':
		close = '>'
	}
	p := i
	if close != 0 {
		p++
	} else if i > 0 && isAlnum(t[i-1]) {
		return 0, 0, false
	}
	for _, w := range [...]struct {
		word string
		c    byte
	}{{"at", '@'}, {"dot", '.'}, {"@", '@'}, {".", '.'}} {
		if close == 0 && len(w.word) == 1 {
			continue // a bare '@' or '.' is no spelling
		}
		e := p + len(w.word)
		if e > len(t) || !equalFold(t[p:e], w.word) {
			continue
		}
		if close != 0 {
			if e < len(t) && t[e] == close {
				return e + 1 - i, w.c, false
			}
			continue
		}
		if e < len(t) && isAlnum(t[e]) {
			continue
		}
		return e - i, w.c, w.c == '@' && t[i] == 'a'
	}
	return 0, 0, false
}

// mayBeObfuscated reports, cheaply, whether t holds one of the spellings
// a view undoes: blanks beside an '@', a dot or a hyphen between digits,
// "at" or "dot" as a word, or three single characters in a row.
func mayBeObfuscated(t []byte) bool {
	singles := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case joins(c) && joinsSpaced(t, i):
			return true
		case c == 'a' || c == 'A' || c == 'd' || c == 'D' || c == '(' || c == '[' || c == '{' || c == '<':
			if n, _, plain := spelledAt(t, i); n > 0 && (!plain || domainAfter(t, i+n)) {
				return true
			}
		}
		if isAlnum(c) {
			if (i == 0 || isBlank(t[i-1])) && (i+1 == len(t) || isBlank(t[i+1])) {
				if singles++; singles == 3 {
					return true
				}
			} else if i > 0 && isAlnum(t[i-1]) || i+1 < len(t) && isAlnum(t[i+1]) {
				singles = 0
			}
		} else if !isBlank(c) {
			singles = 0
		}
	}
	return false
}

// domainAfter reports whether what follows the plain word "at" at t[p]
// may be a domain: a word, then a dot or the word "dot". "at 12 main
// street" and "at home" are not.
func domainAfter(t []byte, p int) bool {
	for p < len(t) && isBlank(t[p]) {
		p++
	}
	w := p
	for p < len(t) && (isAlnum(t[p]) || t[p] == '-') {
		p++
	}
	if p == w || p >= len(t) {
		return false
	}
	if t[p] == '.' {
		return p+1 < len(t) && isLetter(t[p+1])
	}
	for p < len(t) && isBlank(t[p]) {
		p++
	}
	n, c, _ := spelledAt(t, p)
	return n > 0 && c == '.'
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// joins reports whether c is punctuation that blanks beside it are closed
// up around in a view.
func joins(c byte) bool {
	switch c {
	case '@', '.', '-', '(', ')', '/', ':', '_':
		return true
	}
	return false
}

// joinsSpaced reports whether t[p] is joining punctuation with blanks on
// both sides ("john @ example . com", "555 - 0143"): one blank alone is
// the writing of a sentence ("the www. prefix", "thanks @bob.smith").
func joinsSpaced(t []byte, p int) bool {
	return joins(t[p]) && p > 0 && isBlank(t[p-1]) && p+1 < len(t) && isBlank(t[p+1])
}

// newView builds the view of t.
func newView(t []byte) *view {
	v := &view{
		b:     make([]byte, 0, len(t)),
		start: make([]int, 0, len(t)), end: make([]int, 0, len(t)),
		spelled: make([]bool, 0, len(t)), plainAt: make([]bool, 0, len(t)),
	}
	add := func(c byte, s, e int, spelled, plain bool) {
		v.b = append(v.b, c)
		v.start, v.end = append(v.start, s), append(v.end, e)
		v.spelled, v.plainAt = append(v.spelled, spelled), append(v.plainAt, plain)
	}
	single := func(i int) bool { // t[i] is a one-character word
		return isAlnum(t[i]) && (i == 0 || !isAlnum(t[i-1])) && (i+1 == len(t) || !isAlnum(t[i+1]))
	}
	for i := 0; i < len(t); {
		if n, c, plain := spelledAt(t, i); n > 0 {
			// A spelled '@' or '.' between two words takes the blanks
			// around it.
			prevWord := len(v.b) > 0 && (isAlnum(v.b[len(v.b)-1]) || v.b[len(v.b)-1] == ' ')
			if prevWord {
				for len(v.b) > 0 && v.b[len(v.b)-1] == ' ' && !v.spelled[len(v.b)-1] {
					v.trim()
				}
				add(c, i, i+n, true, plain)
				i += n
				for gap := 0; i < len(t) && isBlank(t[i]) && gap < maxGap; gap++ {
					i++
				}
				continue
			}
		}
		if c := t[i]; !isBlank(c) {
			add(c, i, i+1, false, false)
			i++
			continue
		}
		// A run of blanks: closed up beside joining punctuation and
		// between one-character words, kept as one space otherwise.
		j := i
		for j < len(t) && isBlank(t[j]) {
			j++
		}
		if j-i <= maxGap && i > 0 && j < len(t) &&
			(joinsSpaced(t, i-1) || joinsSpaced(t, j) || single(i-1) && single(j)) {
			i = j
			continue
		}
		add(' ', i, j, false, false)
		i = j
	}
	return v
}

// trim removes the last byte of the view.
func (v *view) trim() {
	n := len(v.b) - 1
	v.b, v.start, v.end, v.spelled, v.plainAt = v.b[:n], v.start[:n], v.end[:n], v.spelled[:n], v.plainAt[:n]
}

// A matcher merges a text's own matches with those of its view: where
// they overlap, one match covers both, of the view's kind, which saw the
// whole identifier. Text that holds no obfuscating spelling is scanned
// once, as it is read; other text is scanned whole first, for the view.
type matcher struct {
	sc     scanner
	listed bool    // own lists the text's own matches (the view was read)
	own    []Match // the rest of them
	obf    []Match
	next   Match
	has    bool // next holds the scanner's next match

	// skel is the text as it reads (skeleton.go), when it differs from
	// the text: the matches are then found in skel.Text and returned as
	// spans of the text.
	skel    *idnorm.Skeleton
	skelEnd int // the end of the last match returned, in the text
}

// initText prepares m to find the matches of text as it is.
func (m *matcher) initText(text []byte, kinds kindSet, known *Known) {
	m.sc = scanner{text: text, kinds: kinds, known: known}
	m.sc.reset()
	if kinds&obfuscatedKinds == 0 && known == nil || !mayBeObfuscated(text) {
		return
	}
	for {
		o, ok := m.sc.next()
		if !ok {
			break
		}
		m.own = append(m.own, o)
	}
	m.listed = true
	m.obf = obfuscatedMatches(text, m.own, kinds, known)
}

// peek returns the text's next own match without taking it.
func (m *matcher) peek() (Match, bool) {
	if m.listed {
		if len(m.own) == 0 {
			return Match{}, false
		}
		return m.own[0], true
	}
	if !m.has {
		m.next, m.has = m.sc.next()
		if !m.has {
			m.next = Match{Start: -1}
		}
	}
	return m.next, m.next.Start >= 0
}

// take drops the match peek returned.
func (m *matcher) take() {
	if m.listed {
		m.own = m.own[1:]
	} else {
		m.has = false
	}
}

// matchText returns the next match of the text initText was given, or
// false at its end.
func (m *matcher) matchText() (Match, bool) {
	own, ok := m.peek()
	if len(m.obf) == 0 {
		if ok {
			m.take()
		}
		return own, ok
	}
	var cur Match
	if ok && own.Start < m.obf[0].Start {
		cur = own
		m.take()
	} else {
		cur, m.obf = m.obf[0], m.obf[1:]
	}
	for grown := true; grown; {
		grown = false
		if own, ok := m.peek(); ok && own.Start < cur.End {
			cur.End, grown = max(cur.End, own.End), true
			m.take()
		}
		if len(m.obf) > 0 && m.obf[0].Start < cur.End {
			cur.Kind, cur.End = m.obf[0].Kind, max(cur.End, m.obf[0].End)
			m.obf, grown = m.obf[1:], true
		}
	}
	return cur, true
}
