package scrub

import (
	"strings"
	"time"
	"unicode/utf8"
)

// months holds the English month names, lower-case.
var months = [12]string{
	"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december",
}

// monthAt returns the end of the month name starting at t[i], in any case,
// full or abbreviated to three letters or to "sept" (an abbreviation may
// take a dot), or -1.
func monthAt(t []byte, i int) int {
	if i+3 > len(t) {
		return -1
	}
	// OR-ing 0x20 lower-cases ASCII letters and maps no other byte to one.
	var m int
	switch uint32(t[i]|0x20)<<16 | uint32(t[i+1]|0x20)<<8 | uint32(t[i+2]|0x20) {
	case 'j'<<16 | 'a'<<8 | 'n':
		m = 0
	case 'f'<<16 | 'e'<<8 | 'b':
		m = 1
	case 'm'<<16 | 'a'<<8 | 'r':
		m = 2
	case 'a'<<16 | 'p'<<8 | 'r':
		m = 3
	case 'm'<<16 | 'a'<<8 | 'y':
		m = 4
	case 'j'<<16 | 'u'<<8 | 'n':
		m = 5
	case 'j'<<16 | 'u'<<8 | 'l':
		m = 6
	case 'a'<<16 | 'u'<<8 | 'g':
		m = 7
	case 's'<<16 | 'e'<<8 | 'p':
		m = 8
	case 'o'<<16 | 'c'<<8 | 't':
		m = 9
	case 'n'<<16 | 'o'<<8 | 'v':
		m = 10
	case 'd'<<16 | 'e'<<8 | 'c':
		m = 11
	default:
		return -1
	}
	j := i + 3
	for j < len(t) && isLetter(t[j]) && j-i < 10 {
		j++
	}
	if j < len(t) && isAlnum(t[j]) {
		return -1
	}
	w := t[i:j]
	switch {
	case len(w) == len(months[m]) && len(w) > 3:
		if !equalFold(w, months[m]) {
			return -1
		}
		return j
	case len(w) == 3 || (len(w) == 4 && m == 8 && w[3]|0x20 == 't'):
		if j < len(t) && t[j] == '.' {
			j++
		}
		return j
	}
	return -1
}

// yearAt reports whether t[p:] starts with a four-digit year from 1000 to
// 2999.
func yearAt(t []byte, p int) bool {
	return digitRun(t, p) == 4 && (t[p] == '1' || t[p] == '2')
}

// ordinalEnd skips an English ordinal suffix (st, nd, rd, th) at t[p].
func ordinalEnd(t []byte, p int) int {
	if p+2 > len(t) || (p+2 < len(t) && isAlnum(t[p+2])) {
		return p
	}
	for _, s := range [...]string{"st", "nd", "rd", "th"} {
		if equalFold(t[p:p+2], s) {
			return p + 2
		}
	}
	return p
}

// dateEndOK is rightOK, but also lets an ISO 8601 time follow (2024-03-05T10:00).
func dateEndOK(t []byte, e int) bool {
	if e+1 < len(t) && t[e] == 'T' && isDigit(t[e+1]) {
		return true
	}
	return rightOK(t, e)
}

// matchNumericDate matches a date written in numbers separated by '-', '/'
// or '.' used consistently: year first (2024-03-05, 2024/3/5), or day and
// month in either order before a four-digit year (03/05/2024, 5.3.2024), or
// with '/' only, before a two-digit year (03/05/24). The day and month must
// be in range for at least one of the two orders.
func matchNumericDate(t []byte, i int) int {
	r := digitRun(t, i)
	p := i + r
	if p >= len(t) {
		return -1
	}
	sep := t[p]
	if sep != '-' && sep != '/' && sep != '.' {
		return -1
	}
	p++
	r2 := digitRun(t, p)
	if r2 < 1 || r2 > 2 || p+r2 >= len(t) || t[p+r2] != sep {
		return -1
	}
	b := atoi(t, p, r2)
	p += r2 + 1
	r3 := digitRun(t, p)
	switch {
	case r == 4 && (t[i] == '1' || t[i] == '2'): // year, month, day
		if r3 < 1 || r3 > 2 {
			return -1
		}
		if d := atoi(t, p, r3); b < 1 || b > 12 || d < 1 || d > 31 {
			return -1
		}
	case r == 1 || r == 2: // day and month, year
		if !(r3 == 4 && yearAt(t, p)) && !(r3 == 2 && sep == '/') {
			return -1
		}
		a := atoi(t, i, r)
		if !(a >= 1 && a <= 12 && b >= 1 && b <= 31) && !(a >= 1 && a <= 31 && b >= 1 && b <= 12) {
			return -1
		}
	default:
		return -1
	}
	p += r3
	if !dateEndOK(t, p) {
		return -1
	}
	return p
}

// matchDayMonthYear matches a date written day, month name, year, or
// without the year: 5 March 2024, 5th Mar. 2024, 05 March, 2024,
// 05-Mar-2024, 5 March; with a month name of French, German or Spanish,
// the languages that write the day first: 4 mars 1950, 1er mai, 4. März
// 1950, 4 de marzo de 1950 (see foreignMonthAt). Without a year, a month
// name that is also an ordinary word in lower case ("may", "march",
// "mar") is not taken: "option 4 may help".
func matchDayMonthYear(t []byte, i int) int {
	r := digitRun(t, i)
	if r < 1 || r > 2 {
		return -1
	}
	if d := atoi(t, i, r); d < 1 || d > 31 {
		return -1
	}
	p := ordinalEnd(t, i+r)
	if p == i+r && p+2 < len(t) && t[p] == 'e' && t[p+1] == 'r' && !isAlnum(t[p+2]) {
		p += 2 // 1er
	}
	dotted := false
	if p+1 < len(t) && t[p] == '.' && t[p+1] == ' ' {
		p, dotted = p+1, true // 4. März
	}
	if p >= len(t) || (t[p] != ' ' && t[p] != '-') {
		return -1
	}
	sep := t[p]
	q := p + 1
	de := sep == ' ' && q+3 < len(t) && t[q] == 'd' && t[q+1] == 'e' && t[q+2] == ' '
	if de {
		q += 3 // 4 de marzo
	}
	m, foreign := monthAt(t, q), false
	if m < 0 || de {
		m, foreign = foreignMonthAt(t, q), true
	}
	if m < 0 || dotted && !foreign && ordinaryMonth(t, q, m) {
		return -1
	}
	y := m
	if sep == ' ' && y < len(t) && t[y] == ',' {
		y++
	}
	if y < len(t) && t[y] == sep && yearAt(t, y+1) && dateEndOK(t, y+5) {
		return y + 5
	}
	if foreign && y+4 < len(t) && string(t[y:y+4]) == " de " && yearAt(t, y+4) && dateEndOK(t, y+8) {
		return y + 8 // de 1950
	}
	if !foreign && ordinaryMonth(t, q, m) || !dateEndOK(t, m) || m < len(t) && t[m] == '-' {
		return -1
	}
	if !foreign {
		// "5 Feb 11 2070": the month starts a date of its own, with the
		// year; the match takes both.
		if e := matchMonthDayYear(t, q); e > m {
			return e
		}
	}
	return m
}

// ordinaryMonth reports whether the month name t[i:e] is also an ordinary
// English word or a common abbreviation, written in lower case: "may",
// "march", "mar", "dec" (decreased). Without a year, such a word is no
// date.
func ordinaryMonth(t []byte, i, e int) bool {
	if t[i] < 'a' {
		return false // capitalized
	}
	w := t[i:e]
	if len(w) > 0 && w[len(w)-1] == '.' {
		w = w[:len(w)-1]
	}
	return equalFold(w, "may") || equalFold(w, "march") || equalFold(w, "mar") || equalFold(w, "dec")
}

// matchMonthDayYear matches a date written month name, day, year: March 5,
// 2024, Mar. 5th 2024, march 05, 2024; or without the year, March 5,
// Mar 4th; or a month and a year, March 2024. Without a year, a month
// name that is also an ordinary word in lower case is not taken: "the
// march 5 times", "you may 2 times".
func matchMonthDayYear(t []byte, i int) int {
	m := monthAt(t, i)
	if m < 0 || m >= len(t) || t[m] != ' ' {
		return -1
	}
	p := m + 1
	r := digitRun(t, p)
	if r == 4 && yearAt(t, p) && !ordinaryMonth(t, i, m) && dateEndOK(t, p+4) {
		return p + 4 // March 2024
	}
	if r < 1 || r > 2 {
		return -1
	}
	if d := atoi(t, p, r); d < 1 || d > 31 {
		return -1
	}
	p = ordinalEnd(t, p+r)
	day := p
	if p < len(t) && t[p] == ',' {
		p++
	}
	if p < len(t) && t[p] == ' ' && yearAt(t, p+1) && dateEndOK(t, p+5) {
		return p + 5
	}
	if ordinaryMonth(t, i, m) || !dateEndOK(t, day) {
		return -1
	}
	return day
}

// foreignMonths are the month names of French, German and Spanish, in
// lower case, with their usual abbreviations and spellings without
// accents. English names they share (April, August...) are found by
// monthAt.
var foreignMonths = strings.Fields(`
	janvier janv février févr fevrier fevr mars avril avr mai juin juillet juil
	août aout septembre sept octobre novembre décembre déc decembre dec
	januar jänner jaenner februar märz mär maerz marz juni juli oktober okt
	dezember dez
	enero ene febrero marzo abril abr mayo junio julio agosto ago septiembre
	setiembre set octubre noviembre diciembre dic`)

// foreignMonthAt returns the end of the month name of foreignMonths at
// t[i], in any ASCII case, an abbreviation with its dot, or -1.
func foreignMonthAt(t []byte, i int) int {
	e := i
	for e < len(t) && e-i < 12 && (isLetter(t[e]) || t[e] >= utf8.RuneSelf && letterAt(t, e)) {
		if t[e] < utf8.RuneSelf {
			e++
		} else {
			_, n := utf8.DecodeRune(t[e:])
			e += n
		}
	}
	if e == i || e < len(t) && (isAlnum(t[e]) || t[e] >= utf8.RuneSelf && letterAt(t, e)) {
		return -1
	}
	w := t[i:e]
	for _, m := range foreignMonths {
		if len(m) != len(w) || !equalFoldFirst(w, m) {
			continue
		}
		if e < len(t) && t[e] == '.' && utf8.RuneCountInString(m) <= 4 {
			e++
		}
		return e
	}
	return -1
}

// equalFoldFirst reports whether w equals the lower-case s, but for the
// case of ASCII letters.
func equalFoldFirst(w []byte, s string) bool {
	for j := range w {
		c := w[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[j] {
			return false
		}
	}
	return true
}

// matchCompactDate matches a date written in eight digits, year, month
// and day (19500304, also before a time: 20240305T1000), with a year from
// 1900 to 2099 and a day that the month has. Other eight-digit numbers,
// and dates written day first in eight digits (04031950), which would
// take many more numbers that are not dates, are left alone.
func matchCompactDate(t []byte, i int) int {
	if digitRun(t, i) != 8 || !dateEndOK(t, i+8) {
		return -1
	}
	y, m, d := atoi(t, i, 4), atoi(t, i+4, 2), atoi(t, i+6, 2)
	// Day 0 of the next month is the last of this one.
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > time.Date(y, time.Month(m+1), 0, 0, 0, 0, 0, time.UTC).Day() {
		return -1
	}
	return i + 8
}

// matchDayMonth matches a day and a month in numbers without a year,
// separated by '/' or '-', in either order: 03/04, 25/12, 12-25, when one
// of them is written with a leading zero. Without it ("3/4", "10/10") it
// is more often a fraction or a score. A '.' is not taken: 03.04 is a
// decimal.
func matchDayMonth(t []byte, i int) int {
	r := digitRun(t, i)
	if r < 1 || r > 2 || i+r >= len(t) {
		return -1
	}
	sep := t[i+r]
	if sep != '/' && sep != '-' {
		return -1
	}
	p := i + r + 1
	r2 := digitRun(t, p)
	if r2 < 1 || r2 > 2 || !(r == 2 && t[i] == '0' || r2 == 2 && t[p] == '0') {
		return -1
	}
	a, b := atoi(t, i, r), atoi(t, p, r2)
	if !(a >= 1 && a <= 12 && b >= 1 && b <= 31) && !(a >= 1 && a <= 31 && b >= 1 && b <= 12) {
		return -1
	}
	e := p + r2
	if e < len(t) && t[e] == sep || !rightOK(t, e) {
		return -1
	}
	return e
}
