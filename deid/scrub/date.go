package scrub

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

// matchDayMonthYear matches a date written day, month name, year: 5 March
// 2024, 5th Mar. 2024, 05 March, 2024, 05-Mar-2024.
func matchDayMonthYear(t []byte, i int) int {
	r := digitRun(t, i)
	if r < 1 || r > 2 {
		return -1
	}
	if d := atoi(t, i, r); d < 1 || d > 31 {
		return -1
	}
	p := ordinalEnd(t, i+r)
	if p >= len(t) || (t[p] != ' ' && t[p] != '-') {
		return -1
	}
	sep := t[p]
	p = monthAt(t, p+1)
	if p < 0 || p >= len(t) {
		return -1
	}
	if sep == ' ' && t[p] == ',' {
		p++
	}
	if p >= len(t) || t[p] != sep || !yearAt(t, p+1) {
		return -1
	}
	p += 5
	if !dateEndOK(t, p) {
		return -1
	}
	return p
}

// matchMonthDayYear matches a date written month name, day, year: March 5,
// 2024, Mar. 5th 2024, march 05, 2024.
func matchMonthDayYear(t []byte, i int) int {
	p := monthAt(t, i)
	if p < 0 || p >= len(t) || t[p] != ' ' {
		return -1
	}
	p++
	r := digitRun(t, p)
	if r < 1 || r > 2 {
		return -1
	}
	if d := atoi(t, p, r); d < 1 || d > 31 {
		return -1
	}
	p = ordinalEnd(t, p+r)
	if p < len(t) && t[p] == ',' {
		p++
	}
	if p >= len(t) || t[p] != ' ' || !yearAt(t, p+1) {
		return -1
	}
	p += 5
	if !dateEndOK(t, p) {
		return -1
	}
	return p
}
