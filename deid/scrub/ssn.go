package scrub

// matchSSN matches a US Social Security number written 123-45-6789 or
// 123 45 6789. Numbers the SSA never issues are rejected: area 000, 666 or
// 900-999, group 00 and serial 0000.
func matchSSN(t []byte, i int) int {
	if i+11 > len(t) || digitRun(t, i) != 3 {
		return -1
	}
	sep := t[i+3]
	if (sep != '-' && sep != ' ') || digitRun(t, i+4) != 2 || t[i+6] != sep || digitRun(t, i+7) != 4 {
		return -1
	}
	area, group, serial := atoi(t, i, 3), atoi(t, i+4, 2), atoi(t, i+7, 4)
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return -1
	}
	if !rightOK(t, i+11) {
		return -1
	}
	return i + 11
}
