package deid

// civil is a calendar date.
type civil struct{ y, m, d int }

// parseDate reads a date at the start of v: "YYYY-MM-DD", optionally
// followed by an RFC 3339 time ("T15:04:05", fractional seconds, "Z" or an
// offset; a space may stand for the T), and returns the date. Anything else, or an impossible date (February 30,
// February 29 of a common year), is ErrMalformedDate. It allocates nothing.
func parseDate(v []byte) (civil, error) {
	if len(v) < 10 || v[4] != '-' || v[7] != '-' {
		return civil{}, ErrMalformedDate
	}
	y, ok1 := digits(v[0:4])
	m, ok2 := digits(v[5:7])
	d, ok3 := digits(v[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return civil{}, ErrMalformedDate
	}
	if len(v) > 10 && !validTime(v[10:]) {
		return civil{}, ErrMalformedDate
	}
	return civil{y, m, d}, nil
}

// validTime checks an RFC 3339 time part: [T ]HH:MM:SS(.frac)?(Z|±HH:MM).
func validTime(t []byte) bool {
	if len(t) < 9 || (t[0] != 'T' && t[0] != 't' && t[0] != ' ') || t[3] != ':' || t[6] != ':' {
		return false
	}
	hh, ok1 := digits(t[1:3])
	mm, ok2 := digits(t[4:6])
	ss, ok3 := digits(t[7:9])
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 60 {
		return false
	}
	t = t[9:]
	if len(t) > 0 && t[0] == '.' {
		n := 1
		for n < len(t) && t[n] >= '0' && t[n] <= '9' {
			n++
		}
		if n == 1 {
			return false
		}
		t = t[n:]
	}
	switch {
	case len(t) == 1 && (t[0] == 'Z' || t[0] == 'z'):
		return true
	case len(t) == 6 && (t[0] == '+' || t[0] == '-') && t[3] == ':':
		oh, ok1 := digits(t[1:3])
		om, ok2 := digits(t[4:6])
		return ok1 && ok2 && oh <= 23 && om <= 59
	}
	return false
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// days returns the number of days from 1970-01-01 to c (proleptic
// Gregorian calendar).
func (c civil) days() int {
	y, m := c.y, c.m
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + c.d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays inverts days.
func civilFromDays(z int) civil {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return civil{y, m, d}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// ageAt returns the age in whole years, at ref, of someone born on c.
// Someone born on February 29 turns a year older on March 1 of common years.
func (c civil) ageAt(ref civil) int {
	age := ref.y - c.y
	if ref.m < c.m || (ref.m == c.m && ref.d < c.d) {
		age--
	}
	return age
}

func appendYear(dst []byte, y int) []byte {
	if y < 0 || y > 9999 {
		return append(dst, "????"...) // unreachable: parseDate reads 4 digits
	}
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
}

func append2(dst []byte, n int) []byte { return append(dst, byte('0'+n/10), byte('0'+n%10)) }

func (c civil) appendTo(dst []byte) []byte {
	dst = appendYear(dst, c.y)
	dst = append(dst, '-')
	dst = append2(dst, c.m)
	dst = append(dst, '-')
	return append2(dst, c.d)
}
