package scrub

// macHex returns the hex digits of value, in lower case, if value is a
// MAC address as the detector reads one (six or eight pairs, or three
// groups of four), or nil.
func macHex(value []byte) []byte {
	for len(value) > 0 && value[0] == ' ' {
		value = value[1:]
	}
	for len(value) > 0 && value[len(value)-1] == ' ' {
		value = value[:len(value)-1]
	}
	if len(value) == 0 || matchMAC(value, 0) != len(value) {
		return nil
	}
	hex := make([]byte, 0, 16)
	for _, c := range value {
		if isHex(c) {
			hex = append(hex, lowerHex(c))
		}
	}
	return hex
}

func lowerHex(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// addHex adds the hex digits of a MAC address, compared whatever
// separators and case a text writes them with (see matchHex).
func (k *Known) addHex(kind Kind, hex []byte) {
	k.addNormalized(kind, hex, knownHex, "0123456789abcdefABCDEF")
}

// addNormalized adds v, a value normalized for the match m, which a text
// may start with any byte of starts, unless k holds it already.
func (k *Known) addNormalized(kind Kind, v []byte, m knownMatch, starts string) {
	start := len(k.buf)
	k.buf = append(k.buf, v...)
	if k.has(kind, start, m) {
		k.buf = k.buf[:start]
		return
	}
	b := bit(len(k.vals))
	k.vals = append(k.vals, knownValue{kind: kind, start: start, end: len(k.buf), match: m})
	for i := range len(starts) {
		k.first[starts[i]] |= b
	}
}

// matchHex returns the end of the MAC address at t[i] whose hex digits
// are want (lower case), or -1. The address is read as groups of hex
// digits in either case separated by short runs of other runes
// (groupGap): "001122334455", "00 11 22 33 44 55", "0011.2233.4455".
// When every group has one or two digits, each is also read as a pair
// with its leading zero dropped: "0:11:22:33:44:55".
func matchHex(t []byte, i int, want []byte) int {
	var plain, pairs [16]byte
	n, np := 0, 0
	short := true // every group so far has one or two digits
	best := -1
	for p := i; p < len(t) && isHex(t[p]); {
		g := p
		for p < len(t) && isHex(t[p]) {
			if n == len(plain) {
				return best
			}
			plain[n] = lowerHex(t[p])
			n++
			p++
		}
		switch {
		case p-g > 2:
			short = false
		case np+2 > len(pairs):
			short = false
		case p-g == 1:
			pairs[np], pairs[np+1] = '0', lowerHex(t[g])
			np += 2
		default:
			pairs[np], pairs[np+1] = lowerHex(t[g]), lowerHex(t[g+1])
			np += 2
		}
		if rightOK(t, p) && (string(plain[:n]) == string(want) || short && string(pairs[:np]) == string(want)) {
			best = p
		}
		if n >= len(want) && (!short || np >= len(want)) {
			break
		}
		q := groupGap(t, p, true)
		if q == p {
			break
		}
		p = q
	}
	return best
}
