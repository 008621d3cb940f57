package scrub

import "strings"

// ssnValid reports whether area, group and serial make a number the SSA
// may have issued: never area 000, 666 or 900-999, group 00 or serial 0000.
func ssnValid(area, group, serial int) bool {
	return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

// matchSSN matches a US Social Security number written 123-45-6789,
// 123 45 6789, 123/45/6789, 123_45_6789 or 123456789, without the numbers never issued (ssnValid).
//
// Nine digits standing alone are taken without a cue: about nine in ten
// nine-digit numbers pass ssnValid, and those that are not SSNs are
// mostly ZIP+4 codes without their hyphen, account, member or order
// numbers, which Safe Harbor removes as well. A nine-digit number joined
// to other digits by '.', '-' or '/' is part of a longer one (rightOK).
func matchSSN(t []byte, i int) int {
	if digitRun(t, i) == 9 {
		return matchSSNUnbroken(t, i)
	}
	return matchSSNGroups(t, i, ssnSeps)
}

// ssnSeps are what may separate an SSN's groups, used consistently: three,
// two and four digits so separated are an SSN to whoever reads them, and
// not a date or a ratio (123/45/6789). Dots too after a cue (ssnSepsCued):
// without one, 123.45.6789 is more often something else (a version, an
// order number).
const (
	ssnSeps     = "- /_"
	ssnSepsCued = "- ./_"
)

// isSSNSep reports whether c may follow an SSN's first group.
func isSSNSep(c byte) bool { return c != 0 && strings.IndexByte(ssnSeps, c) >= 0 }

// matchSSNCued matches a Social Security number after a cue such as "SSN"
// or "social security number": also with dots (123.45.6789).
func matchSSNCued(t []byte, i int) int {
	if digitRun(t, i) != 9 {
		return matchSSNGroups(t, i, ssnSepsCued)
	}
	return matchSSNUnbroken(t, i)
}

// matchSSNUnbroken matches the nine digits at t[i] as an SSN.
func matchSSNUnbroken(t []byte, i int) int {
	if !ssnValid(atoi(t, i, 3), atoi(t, i+3, 2), atoi(t, i+5, 4)) || !rightOK(t, i+9) {
		return -1
	}
	return i + 9
}

// matchSSNGroups matches an SSN in groups of 3, 2 and 4 digits separated by
// one of seps, used consistently.
func matchSSNGroups(t []byte, i int, seps string) int {
	if i+11 > len(t) || digitRun(t, i) != 3 {
		return -1
	}
	sep := t[i+3]
	ok := false
	for j := 0; j < len(seps); j++ {
		ok = ok || sep == seps[j]
	}
	if !ok || digitRun(t, i+4) != 2 || t[i+6] != sep || digitRun(t, i+7) != 4 {
		return -1
	}
	if !ssnValid(atoi(t, i, 3), atoi(t, i+4, 2), atoi(t, i+7, 4)) || !rightOK(t, i+11) {
		return -1
	}
	return i + 11
}
