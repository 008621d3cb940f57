package scrub

import "strings"

// A cue is a word after which an identifier may follow: a title before a
// name, a word that introduces one, or a word that introduces a Social
// Security number.
type cue uint8

const (
	cueNone   cue = iota
	cueTitle      // Dr, Mrs: a name follows, written with capitals
	cueWord       // call, patient: a name may follow
	cueSSN        // SSN: a number may follow
	cueSocial     // "social", of "social security"
)

// titles are written before a name; they count only when they start with a
// capital ("Dr", "DR", not "dr"), and may take a dot.
var titles = strings.Fields(`dr doctor mr mrs ms miss mx prof professor nurse rev
	herr frau mme mlle sra dra`)

// nameCues are words that introduce a name, in any case: "my name is Jane",
// "call Jane", "patient John Smith", "Thanks, Bob". Each may be followed by
// one of nameParticles ("spoke with", "referred by", "name is").
var nameCues = strings.Fields(`name named patient call called calling contact
	contacted caller spoke talked ask asked dear attn regards thanks sincerely
	signed referred seen husband wife son daughter mother father brother sister
	partner spouse caregiver guardian customer client from forwarded`)

// nameParticles may stand between a cue and the name.
var nameParticles = wordSet(`is was with to for by named`)

// ssnCues introduce a Social Security number; "ss" counts only as "SS#" and
// "social" only before "security". ssnConnectors may stand between the cue
// and the number: "SSN no. 123456789", "social security number is ...".
var (
	ssnCues       = strings.Fields(`ssn ssn# ss#`)
	ssnConnectors = wordSet(`is was no nr num number on file security`)
)

// cueTable holds the cue words and their kinds.
var cueTable = newWordTable(
	wordGroup{uint8(cueTitle), strings.Join(titles, " ")},
	wordGroup{uint8(cueWord), strings.Join(nameCues, " ")},
	wordGroup{uint8(cueSSN), strings.Join(ssnCues, " ")},
	wordGroup{uint8(cueSocial), "social"},
)

// cueAt returns the cue that the ASCII word t[i:e] is, if any: a title
// only if it starts with a capital, and "SS#" or "SSN#" with its '#'.
func cueAt(t []byte, i, e int) cue {
	if e < len(t) && t[e] == '#' {
		e++
	}
	c := cue(cueTable.lookup(t[i:e]))
	if c == cueTitle && !('A' <= t[i] && t[i] <= 'Z') {
		return cueNone
	}
	return c
}

// nameStops are capitalized words that follow cues and titles but are not
// names: pronouns, days and months, and the words of support and clinical
// notes ("call Support", "Patient Portal", "contact Customer Service").
// A name never starts with one, and ends before one.
var nameStops = wordSet(`i me us you him her them it we they he she my our
	your his their its the a an this that these those and or but if when then
	so not no yes ok please again back now later soon today tonight tomorrow
	yesterday monday tuesday wednesday thursday friday saturday sunday mon tue
	tues wed thu thur thurs fri sat sun january february march july september
	october november december feb mar apr jun jul sep sept oct nov dec support
	customer customers service services team help helpdesk desk center centre
	care tech technical emergency office clinic hospital pharmacy lab labs
	doctor nurse patient patients portal app device devices scale watch
	monitor sensor account settings bluetooth wifi wi fi ecg ekg er icu bp hr
	name number phone email address billing sales security ssn dept department
	unit ward room floor reception manager admin administrator staff
	everyone all someone anyone nobody family home work mobile cell insurance
	medicare medicaid re fw fwd subject note notes ticket regarding hi hello
	dear thanks thank regards sincerely best blood pressure heart rate weight
	sleep oxygen temperature glucose body mass step steps activity id mrn dob
	age sex gender male female unknown none`)

// nameVerbs follow a name that has no cue before it: "John Smith lives at",
// "Maria Lopez reported".
var nameVerbs = wordSet(`lives lived says said states stated reports reported
	complains complained calls called visited presented denies denied asked
	asks agreed declined refused wants wanted works worked mentioned noted
	confirmed requested`)

// nameLinks are the lower-case particles of names: "Ludwig van Beethoven",
// "Maria de la Cruz". They join name words but never begin or end a name.
var nameLinks = wordSet(`van von de del della der den di da du dos das la le
	bin ibn al el ter ten`)

// nameMode says how a name after a cue is read.
type nameMode uint8

const (
	modeTitle  nameMode = iota + 1 // after a title: up to 4 words, capitals allowed
	modeCue                        // after a cue word: up to 3 words, capitals allowed
	modeCueLow                     // after a cue word in capitals: up to 3 words, none all capitals
)

// matchName returns the end of the name at t[p] that a cue of the given
// mode announced, or -1: one or more name words (capitalized, or in
// capitals where the mode allows, or initials) joined by single spaces, not
// starting with a word of nameStops or a cue. Up to two particles of
// nameLinks ("van der", "de la"), in any case, may join name words without
// counting among them; a capitalized one that ends the name is a name word
// ("Dr. John Van").
func matchName(t []byte, p int, mode nameMode) int {
	most := 3
	if mode == modeTitle {
		most = 4
	}
	end := -1
	tail := -1 // the end of capitalized particles after end, or -1
	q := p
	for words, links := 0, 0; words < most; {
		e, form := nameWord(t, q)
		link := words > 0 && links < 2 && form != formInitial && nameLinks.has(t[q:e])
		if !(form.capital() || form == formLower && link) || form == formCaps && mode == modeCueLow {
			break
		}
		if form != formInitial && !link && (nameStops.has(t[q:e]) || cueAt(t, q, e) != cueNone || otherStarts(t, q)) {
			break
		}
		switch {
		case link:
			links++
			if form.capital() && (tail >= 0 || q == end+1) {
				tail = e
			} else {
				tail = -1
			}
		case form == formLetter: // a capital without a dot is an initial only inside a name
			words++
			tail = -1
		default:
			words++
			end, tail = e, -1
		}
		if e+1 >= len(t) || t[e] != ' ' {
			break
		}
		q = e + 1
	}
	return max(end, tail)
}

// matchNameBeforeVerb matches a name without a cue before it: two or three
// capitalized words, not of nameStops, followed by a space and a verb of
// nameVerbs ("John Smith lives at ..."). A middle initial may stand between
// them. The first word must begin with an ASCII capital.
func matchNameBeforeVerb(t []byte, p int) int {
	q := p
	for words, links := 0, 0; words < 3; {
		if l := linkAt(t, q); l > 0 && words > 0 && links < 2 {
			q, links = l+1, links+1
			continue
		}
		e, form := nameWord(t, q)
		if form != formTitle && (form != formInitial || words == 0) || e+1 >= len(t) || t[e] != ' ' {
			return -1
		}
		words++
		if words >= 2 && form == formTitle {
			v := asciiWordEnd(t, e+1)
			if v > e+1 && !letterAt(t, v) && nameVerbs.has(t[e+1:v]) {
				return namesOK(t, p, e)
			}
		}
		q = e + 1
	}
	return -1
}

// linkAt returns the end of a particle of nameLinks in lower case at t[p]
// that a space follows, or -1.
func linkAt(t []byte, p int) int {
	e := asciiWordEnd(t, p)
	if e-p < 2 || e >= len(t) || t[e] != ' ' || t[p] < 'a' || !nameLinks.mayHold(t[p], t[p+1], e-p) || !nameLinks.has(t[p:e]) {
		return -1
	}
	return e
}

// namesOK returns e if no word of the name t[p:e] is one of nameStops,
// else -1.
func namesOK(t []byte, p, e int) int {
	for q := p; q < e; {
		w, _ := nameWord(t, q)
		if nameStops.has(t[q:w]) {
			return -1
		}
		q = w + 1
	}
	return e
}

// afterCue returns where the identifier a cue at t[i:e] announces may
// start, and how a name there is read; -1 if the cue announces nothing.
func afterCue(t []byte, i, e int, c cue) (start int, mode nameMode) {
	switch c {
	case cueTitle:
		q := e
		if q < len(t) && t[q] == '.' {
			q++
		}
		s := skipSpaces(t, q, 3)
		if s == e || s >= len(t) {
			return -1, 0
		}
		return s, modeTitle
	case cueWord:
		mode = modeCue
		if e-i > 1 && t[i+1] <= 'Z' {
			mode = modeCueLow // the cue is in capitals: so may the text be
		}
		s := skipWords(t, e, gapEnd(t, e, false), nameParticles, 2, false)
		if s == e || s >= len(t) {
			return -1, 0
		}
		return s, mode
	case cueSocial:
		s := skipSpaces(t, e, 1)
		w := asciiWordEnd(t, s)
		if s == e || !equalFold(t[s:w], "security") {
			return -1, 0
		}
		return afterCue(t, s, w, cueSSN)
	case cueSSN:
		s := gapEnd(t, e, false)
		if s < len(t) && t[s] == '#' {
			s = gapEnd(t, s, false)
		}
		s = skipWords(t, e, s, ssnConnectors, 3, true)
		if s == e || s >= len(t) {
			return -1, 0
		}
		return s, 0
	}
	return -1, 0
}

// skipWords skips at most max words of set, each with the gap after it
// (gapEnd, with dot), from s, the end of the gap after a cue word that
// ends at e; it returns where the next word starts.
func skipWords(t []byte, e, s int, set *wordTable, max int, dot bool) int {
	for k := 0; k < max && s > e; k++ {
		w := asciiWordEnd(t, s)
		if w == s || !set.has(t[s:w]) {
			break
		}
		if g := gapEnd(t, w, dot); g > w {
			s = g
		}
	}
	return s
}

// gapEnd returns the end of the gap after a cue word at t[p]: at most one
// of : , # - (or '.', if dot is set: the dot of "no." or "Dr.", which
// after other words ends a sentence) and then at most three spaces, tabs
// or line breaks.
func gapEnd(t []byte, p int, dot bool) int {
	q := p
	if q < len(t) {
		switch t[q] {
		case ':', ',', '#', '-':
			q++
		case '.':
			if dot {
				q++
			}
		}
	}
	return skipSpaces(t, q, 3)
}

// otherStarts reports whether an identifier that starts with a word, a date
// or a post office box, starts at t[q]: a name or a city ends before it
// ("Dr. Smith March 5, 2024", "Jane Doe PO Box 12").
func otherStarts(t []byte, q int) bool {
	return matchMonthDayYear(t, q) > 0 || matchPOBox(t, q) > 0
}
