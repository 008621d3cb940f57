package scrub

// Safe Harbor lists numbers by what they number: medical record, health
// plan beneficiary, account, certificate and license numbers, vehicle
// identifiers and serial numbers (plates, VINs), device serial numbers,
// and any other unique identifying number. Their shapes are free, and a
// number alone is more often a measurement, a count or a code, so what
// tells one is the label the text writes before it: "MRN: 00482193",
// "medical record no. 4821", "member ID XK-4821-99", "license plate
// ABC 1234", "S/N 448211"; so is a telephone number in a national format
// that the telephone detectors do not read ("tel 030 12345678", "mobile
// 07700 900123"). Such a number is matched as a Number. A label
// is a word of labelWords; a weak one ("record", "account") counts only
// with a connector after it (a ':', '#' or '=', or "no.", "number", "ID",
// "#"...), which a word used in its ordinary sense rarely has: "record 5
// steps" holds no number, "record no. 5512" does.

// Label strengths, the values of labelTable.
const (
	labelWeak   = 1 + iota // needs a connector: "account no. 4821"
	labelStrong            // the number may follow at once: "MRN 4821"
)

// labelWords announce a number. The strong ones are labels in any use:
// abbreviations of identifiers and "ID"; the weak ones are also ordinary
// words.
var labelTable = newWordTable(
	wordGroup{labelStrong, `mrn mbi hicn vin imei meid iccid id sn plate
		passport npi dln tel phone telephone mobile fax whatsapp`},
	wordGroup{labelWeak, `mr cell record records member membership account acct policy
		license licence certificate cert serial claim chart case
		beneficiary subscriber insurance insured badge registration
		reference ref ticket order enrollment enrolment employee student`},
)

// labelConnectors may stand between a label and its number: "record no.",
// "member ID", "license plate", "policy number is". Each may take a ':',
// '#' or '.' after it.
var labelConnectors = wordSet(`no nr num number numbers id plate code is was`)

// afterLabel returns where the number that the label word t[i:e] announces
// may start, or -1.
func afterLabel(t []byte, i, e int) int {
	var strength uint8
	if e-i == 1 && e+1 < len(t) && t[i]|0x20 == 's' && t[e] == '/' && t[e+1]|0x20 == 'n' {
		strength, e = labelStrong, e+2 // S/N
	} else if strength = labelTable.lookup(t[i:e]); strength == 0 {
		return -1
	}
	s := gapEnd(t, e, false)
	if e < len(t) && t[e] == '=' { // "MRN=00482193", "id=4821" (a query string, a key=value log)
		s = skipSpaces(t, e+1, 3)
	}
	linked := s > e && (t[e] == ':' || t[e] == '#' || t[e] == '=')
	for k := 0; k < 2 && s < len(t) && (t[s] == '#' || t[s] == ':' || t[s] == '='); k++ {
		if t[s] == '=' {
			s, linked = skipSpaces(t, s+1, 3), true // "account = 4821"
			continue
		}
		s, linked = gapEnd(t, s, false), true // "MRN#:", "Acct #: "
	}
	// Connectors, but not a word glued by a '-' to what follows: that is
	// the number's first group ("MRN: NR-5299").
	for k := 0; k < 3 && s > e; k++ {
		w := asciiWordEnd(t, s)
		if w == s || w < len(t) && t[w] == '-' || !labelConnectors.has(t[s:w]) {
			break
		}
		g := gapEnd(t, w, true)
		for g < len(t) && (t[g] == '#' || t[g] == ':') && g > w {
			g = gapEnd(t, g, false)
		}
		if g == w {
			break
		}
		s, linked = g, true
	}
	if s == e || s >= len(t) || strength == labelWeak && !linked {
		return -1
	}
	return s
}

// pendNumber is the scanner's pendMode for a number a label announced
// (0 is a Social Security number's, the others a name's).
const pendNumber nameMode = 0xff

// maxLabelled bounds the bytes of a labelled number.
const maxLabelled = 40

// matchLabelled matches the number at t[p] that a label announced: groups
// of ASCII letters and digits joined by one '-', '.' or '/', or by one
// space after a group of up to four capitals or digits and before a group
// that holds a digit ("ABC 1234", not "Pixel 7"), or between two groups of
// digits alone (a telephone number after its label: "07700 900123"), with three letters and
// digits at least, one of them a digit, up to maxLabelled bytes.
func matchLabelled(t []byte, p int) int {
	q, end, prev := p, -1, p
	alnum, digits := 0, 0
	for q < len(t) && q-p < maxLabelled {
		g, gd := q, 0
		for q < len(t) && isAlnum(t[q]) {
			if isDigit(t[q]) {
				gd++
			}
			q++
		}
		if q == g || q-p > maxLabelled {
			break
		}
		if g > p && t[g-1] == ' ' && (gd == 0 || !shortCaps(t[prev:g-1]) && !(gd == q-g && digitRun(t, prev) == g-1-prev)) {
			break // a word after the number, or a number after a word
		}
		prev = g
		alnum += q - g
		digits += gd
		if digits > 0 && alnum >= 3 && rightOK(t, q) {
			end = q
		}
		if q+1 >= len(t) || !isAlnum(t[q+1]) || t[q] != '-' && t[q] != '.' && t[q] != '/' && t[q] != ' ' {
			break
		}
		q++
	}
	return end
}

// shortCaps reports whether the group g is up to four capitals or digits,
// as the first part of a plate is ("ABC 1234").
func shortCaps(g []byte) bool {
	if len(g) > 4 {
		return false
	}
	for _, c := range g {
		if !isDigit(c) && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}
