package scrub

// luhn reports whether the digits in b, ignoring any other bytes, pass the
// Luhn check.
func luhn(b []byte) bool {
	sum, double := 0, false
	for j := len(b) - 1; j >= 0; j-- {
		c := b[j]
		if !isDigit(c) {
			continue
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// cardGrouping reports whether groups, the lengths of the digit groups of a
// card number, is a way card numbers are printed: fours with a shorter last
// group (4-4-4-4, 4-4-4-4-3, 4-4-4-1) or 4-6-5 and 4-6-4.
func cardGrouping(groups []int) bool {
	total := 0
	for _, g := range groups {
		total += g
	}
	if total < 13 || total > 19 || groups[0] != 4 {
		return false
	}
	if len(groups) == 3 {
		return groups[1] == 6 && (groups[2] == 4 || groups[2] == 5)
	}
	for _, g := range groups[:len(groups)-1] {
		if g != 4 {
			return false
		}
	}
	return groups[len(groups)-1] <= 4
}

// matchCard matches a payment card number: 13 to 19 digits that pass the
// Luhn check, either unbroken or in groups separated by single spaces or
// hyphens (one kind throughout).
func matchCard(t []byte, i int) int {
	r := digitRun(t, i)
	if r >= 13 && r <= 19 {
		if luhn(t[i:i+r]) && rightOK(t, i+r) {
			return i + r
		}
		return -1
	}
	if r != 4 || i+4 >= len(t) {
		return -1
	}
	sep := t[i+4]
	if sep != ' ' && sep != '-' {
		return -1
	}
	var groups, ends [5]int
	groups[0], ends[0] = 4, i+4
	k, p := 1, i+4
	for k < len(groups) && p+1 < len(t) && t[p] == sep && isDigit(t[p+1]) {
		r := digitRun(t, p+1)
		if r > 6 {
			break
		}
		p += 1 + r
		groups[k], ends[k] = r, p
		k++
	}
	for ; k >= 3; k-- {
		e := ends[k-1]
		if cardGrouping(groups[:k]) && luhn(t[i:e]) && rightOK(t, e) {
			return e
		}
	}
	return -1
}
