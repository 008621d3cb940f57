package scrub

// Geographic coordinates locate a person more precisely than any address
// (Safe Harbor's subdivisions smaller than a state). They are matched as
// Coordinates when written so that they cannot be read as something else:
//
//   - a pair of decimal numbers with four decimals or more each (about
//     11 m), separated by a ',', ';' or '/' and spaces, or by spaces
//     before a signed second number: "48.8566, 2.3522",
//     "-33.8688,151.2093", "40.7128 -74.0060" (the sign of the first
//     stays: it tells a hemisphere, not a place);
//   - a number with a degree sign and minutes, or with a hemisphere
//     letter: 48°51'24"N, 48° 51.4', 48.8566° N; or a decimal with three
//     decimals or more and a hemisphere letter: 48.8566N. A pair of them
//     is one match.
//
// Not matched: pairs with fewer decimals ("1.025, 1.030" is more often two
// measurements), and a degree sign with neither minutes nor hemisphere
// ("38.5°C", "90°").

// minPairDecimals is the decimals each number of an unmarked pair needs.
const minPairDecimals = 4

// A coord is what coordAt read of one coordinate.
type coord struct {
	end      int
	whole    int // the value of the degrees
	decimals int // digits after the degrees' decimal point
	marked   bool
	hemi     byte // 'N', 'S', 'E', 'W' or 0
}

// degreeSignAt returns the end of a degree sign at t[p] (° or º), or p.
func degreeSignAt(t []byte, p int) int {
	if p+1 < len(t) && t[p] == 0xc2 && (t[p+1] == 0xb0 || t[p+1] == 0xba) {
		return p + 2
	}
	return p
}

// primeAt returns the end of a sign of minutes (k == 1: ' ′ ’) or of
// seconds (k == 2: " ″ ” ”) at t[p], or p.
func primeAt(t []byte, p, k int) int {
	if p >= len(t) {
		return p
	}
	if k == 1 && t[p] == '\'' && !(p+1 < len(t) && t[p+1] == '\'') {
		return p + 1
	}
	if k == 2 {
		if t[p] == '"' {
			return p + 1
		}
		if p+1 < len(t) && t[p] == '\'' && t[p+1] == '\'' {
			return p + 2
		}
	}
	if p+2 < len(t) && t[p] == 0xe2 && t[p+1] == 0x80 {
		switch t[p+2] {
		case 0xb2, 0x99: // ′ ’
			if k == 1 {
				return p + 3
			}
		case 0xb3, 0x9d: // ″ ”
			if k == 2 {
				return p + 3
			}
		}
	}
	return p
}

// decimalAt reads digits, then optionally a '.' and digits, at t[p]: it
// returns the end, the value of the whole part and the number of decimals,
// or end p if there are no digits or more than max before the point.
func decimalAt(t []byte, p, max int) (end, whole, decimals int) {
	r := digitRun(t, p)
	if r == 0 || r > max {
		return p, 0, 0
	}
	whole = atoi(t, p, r)
	end = p + r
	if end+1 < len(t) && t[end] == '.' && isDigit(t[end+1]) {
		decimals = digitRun(t, end+1)
		end += 1 + decimals
	}
	return end, whole, decimals
}

// coordAt reads one coordinate at t[p]: degrees with up to three digits
// and decimals, a degree sign, minutes and seconds with their signs, and a
// hemisphere letter, as far as they are there. ok is false if t[p] starts
// no number.
func coordAt(t []byte, p int) (c coord, ok bool) {
	q, whole, decimals := decimalAt(t, p, 3)
	if q == p {
		return c, false
	}
	c.whole, c.decimals = whole, decimals
	minutes, deg := false, false
	if d := degreeSignAt(t, q); d > q {
		q, deg = d, true
		// Minutes, then seconds, each with its sign.
		for k := 1; k <= 2; k++ {
			s := skipSpaces(t, q, 1)
			e, v, _ := decimalAt(t, s, 2)
			if e == s || v >= 60 {
				break
			}
			pe := primeAt(t, e, k)
			if pe == e {
				break
			}
			q, minutes = pe, true
		}
		c.marked = minutes
	}
	// A hemisphere letter, in capitals, ends the coordinate.
	s := skipSpaces(t, q, 1)
	if s < len(t) {
		switch h := t[s]; h {
		case 'N', 'S', 'E', 'W':
			if s+1 >= len(t) || !isAlnum(t[s+1]) && t[s+1] < 0x80 {
				if deg || decimals >= 3 {
					q, c.hemi, c.marked = s+1, h, true
				}
			}
		}
	}
	c.end = q
	return c, true
}

// inRange reports whether c may be a coordinate: a latitude (lat) of at
// most 90 degrees, a longitude of at most 180.
func (c coord) inRange(lat bool) bool {
	switch c.hemi {
	case 'N', 'S':
		lat = true
	case 'E', 'W':
		lat = false
	}
	if lat {
		return c.whole <= 90
	}
	return c.whole <= 180
}

// matchCoordinates matches the coordinates whose first number starts at
// t[i].
func matchCoordinates(t []byte, i int) int {
	first, ok := coordAt(t, i)
	if !ok || !first.inRange(true) {
		return -1
	}
	end := -1
	if first.marked && rightOK(t, first.end) {
		end = first.end
	}
	// The second number of a pair, after a separator and an optional sign.
	q := skipSpaces(t, first.end, 2)
	punct := false
	if q < len(t) && (t[q] == ',' || t[q] == ';' || t[q] == '/') {
		q, punct = skipSpaces(t, q+1, 2), true
	}
	if q == first.end || q >= len(t) {
		return end
	}
	signed := t[q] == '-' || t[q] == '+'
	if signed {
		q++
	}
	second, ok := coordAt(t, q)
	if !ok || !second.inRange(false) || !rightOK(t, second.end) {
		return end
	}
	both := first.marked && second.marked
	either := (first.marked || second.marked) && punct
	// Unmarked, the pair needs a separator, or a sign that starts the
	// second number after a space ("40.7128 -74.0060", as maps copy it).
	unmarked := (punct || signed) && first.decimals >= minPairDecimals && second.decimals >= minPairDecimals
	if both || either || unmarked {
		return second.end
	}
	return end
}
