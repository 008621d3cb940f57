package scrub

// A record's own date (of birth, of death) is compared by its value, not
// its spelling: "1954-03-02" is found as "02Mar1954", "2MAR54",
// "Mar-02-1954", "1954 03 02", "03021954" or "02.03.54", and its year and
// month alone as "1954-03" or "03/1954", which say more than the year a
// policy releases. The text is read as up to three parts, each a run of
// digits or a month name, with a short run of other runes between them
// or none where digits meet letters; the parts are then read in each of
// the orders dates are written in, and any reading that is the date is a
// match.

// dateValue is a date as Known keeps it: "YYYYMMDD".
type dateValue [8]byte

// datePart is one part of a date as a text writes it: a number of n
// digits, or a month (month > 0).
type datePart struct {
	num, n, month int
	end           int
}

// readDateParts reads up to three parts of a date from t[i:] into parts
// and returns how many it read.
func readDateParts(t []byte, i int, parts *[3]datePart) int {
	p, np := i, 0
	for np < 3 && p < len(t) {
		var d datePart
		switch {
		case isDigit(t[p]):
			q := p
			for q < len(t) && isDigit(t[q]) && q-p < 9 {
				d.num = d.num*10 + int(t[q]-'0')
				q++
			}
			if q < len(t) && isDigit(t[q]) {
				return np
			}
			d.n, d.end = q-p, q
		case isLetter(t[p]):
			q := p
			for q < len(t) && isLetter(t[q]) {
				q++
			}
			if monthAt(t[:q], p) != q {
				return np
			}
			d.month, d.end = monthNumber(t[p:q]), q
		default:
			return np
		}
		parts[np] = d
		np++
		p = d.end
		if p >= len(t) {
			break
		}
		// Digits and a month name may meet ("02Mar1954"); otherwise a
		// short run of separators.
		if isAlnum(t[p]) && isDigit(t[p]) != isDigit(t[p-1]) {
			continue
		}
		q := p
		for q < len(t) && q-p < 3 && !isAlnum(t[q]) && t[q] < 0x80 && t[q] != '\n' {
			q++
		}
		if q == p || q >= len(t) || !isAlnum(t[q]) {
			break
		}
		p = q
	}
	return np
}

// monthNumber returns the month (1 to 12) whose name w is, which monthAt
// accepted.
func monthNumber(w []byte) int {
	for m, name := range months {
		if w[0]|0x20 == name[0] && w[1]|0x20 == name[1] && w[2]|0x20 == name[2] {
			return m + 1
		}
	}
	return 0
}

// dateIs reports whether year y (four digits, or two standing for the last
// two of want's), month m and day d (0 for year and month only) are want.
func dateIs(want *dateValue, y, yn, m, d int) bool {
	wy := int(want[0]-'0')*1000 + int(want[1]-'0')*100 + int(want[2]-'0')*10 + int(want[3]-'0')
	wm := int(want[4]-'0')*10 + int(want[5]-'0')
	wd := int(want[6]-'0')*10 + int(want[7]-'0')
	switch yn {
	case 4:
	case 2:
		y += wy / 100 * 100
	default:
		return false
	}
	return y == wy && m == wm && (d == 0 || d == wd)
}

// matchDate returns the end of a date at t[i] that is want, read in any of
// the orders dates are written in, or -1.
func matchDate(t []byte, i int, want *dateValue) int {
	var parts [3]datePart
	np := readDateParts(t, i, &parts)
	a, b, c := &parts[0], &parts[1], &parts[2]
	day := func(p *datePart) int {
		if p.month == 0 && (p.n == 1 || p.n == 2) {
			return p.num
		}
		return -1
	}
	if np == 3 && rightOK(t, c.end) {
		y := func(p *datePart) (int, int) {
			if p.month != 0 {
				return 0, 0
			}
			return p.num, p.n
		}
		cy, cn := y(c)
		ay, an := y(a)
		switch {
		case b.month > 0 && dateIs(want, cy, cn, b.month, day(a)) && day(a) > 0, // 02 Mar 1954
			a.month > 0 && dateIs(want, cy, cn, a.month, day(b)) && day(b) > 0,            // Mar 02 1954
			an == 4 && b.month > 0 && dateIs(want, ay, an, b.month, day(c)) && day(c) > 0, // 1954 Mar 02
			an == 4 && dateIs(want, ay, an, day(b), day(c)) && day(b) > 0 && day(c) > 0,   // 1954 03 02
			dateIs(want, cy, cn, day(b), day(a)) && day(a) > 0 && day(b) > 0,              // 02.03.1954
			dateIs(want, cy, cn, day(a), day(b)) && day(a) > 0 && day(b) > 0:              // 03/02/1954
			return c.end
		}
	}
	if np == 2 && rightOK(t, b.end) && !dayBefore(t, i) {
		switch {
		case a.month == 0 && a.n == 4 && (b.month > 0 || day(b) > 0) && dateIs(want, a.num, 4, max(b.month, day(b)), 0), // 1954-03
			b.month == 0 && b.n == 4 && (a.month > 0 || day(a) > 0) && dateIs(want, b.num, 4, max(a.month, day(a)), 0): // 03/1954, Mar 1954
			return b.end
		}
	}
	if np >= 1 && a.n == 8 && rightOK(t, a.end) {
		n := a.num
		front, year := n/10000, n%10000                               // MMDD or DDMM, then YYYY
		if n%100 > 0 && dateIs(want, n/10000, 4, n/100%100, n%100) || // 19540302
			front%100 > 0 && dateIs(want, year, 4, front/100, front%100) || // 03021954
			front/100 > 0 && dateIs(want, year, 4, front%100, front/100) { // 02031954
			return a.end
		}
	}
	return -1
}

// dayBefore reports whether a number ends a short run of separators
// before t[i]: "Mar 1954" of "12 Mar 1954" is part of another date, not a
// year and month.
func dayBefore(t []byte, i int) bool {
	for q := i - 1; q >= 0 && i-q <= 4; q-- {
		if isDigit(t[q]) {
			return true
		}
		if isAlnum(t[q]) || t[q] >= 0x80 || t[q] == '\n' {
			return false
		}
	}
	return false
}

// parseDate reads value, a date field's value, as a date: the first
// reading of year, month and day that holds (year first, then month
// first, then day first). It reports false for a value that is not a
// full date, a year alone among them: a policy may release the year.
func parseDate(value []byte) (dateValue, bool) {
	var parts [3]datePart
	np := readDateParts(value, 0, &parts)
	var v dateValue
	set := func(y, m, d int) bool {
		if y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31 {
			return false
		}
		for j, x := range []int{y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, d / 10, d % 10} {
			v[j] = byte('0' + x)
		}
		return true
	}
	a, b, c := parts[0], parts[1], parts[2]
	switch {
	case np == 3 && a.n == 4 && set(a.num, max(b.month, b.num), c.num):
	case np == 3 && c.n == 4 && a.month > 0 && set(c.num, a.month, b.num):
	case np == 3 && c.n == 4 && b.month > 0 && set(c.num, b.month, a.num):
	case np == 3 && c.n == 4 && set(c.num, a.num, b.num):
	case np == 3 && c.n == 4 && set(c.num, b.num, a.num):
	case np >= 1 && a.n == 8 && set(a.num/10000, a.num/100%100, a.num%100):
	default:
		return v, false
	}
	return v, true
}

// addDate adds the date value is, if it is one (see parseDate).
func (k *Known) addDate(kind Kind, value []byte) {
	d, ok := parseDate(value)
	if !ok {
		return
	}
	k.addNormalized(kind, d[:], knownDate, "0123456789jfmasondJFMASOND")
}
