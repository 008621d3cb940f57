package scrub

// isPhoneSep reports whether c may separate the groups of a North American
// number.
func isPhoneSep(c byte) bool { return c == '-' || c == '.' || c == ' ' || c == '/' || c == '_' }

// nxx reports whether t[p:p+3] is a North American area or exchange code:
// three digits, the first 2-9.
func nxx(t []byte, p int) bool {
	return p+3 <= len(t) && t[p] >= '2' && t[p] <= '9' && isDigit(t[p+1]) && isDigit(t[p+2])
}

// code3 reports whether t[p:p+3] is an area or exchange code: three
// digits, the first 2-9 unless any is allowed.
func code3(t []byte, p int, any bool) bool {
	return any && p+3 <= len(t) && isDigit(t[p]) && isDigit(t[p+1]) && isDigit(t[p+2]) || nxx(t, p)
}

// matchNANP matches a North American number: an optional country code (+1
// or 1), an area code, possibly in parentheses, an exchange and a line
// number: (415) 555-2671, 415-555-2671, 415.555.2671, 415 555 2671,
// 415/555/2671, 415_555_2671, 4155552671, 1-415-555-2671, +1 415 555 2671, +14155552671. Without
// parentheses both separators must be the same.
func matchNANP(t []byte, i int) int {
	n := len(t)
	p := i
	switch {
	case t[p] == '+':
		if p+1 >= n || t[p+1] != '1' {
			return -1
		}
		p += 2
		if p < n && isPhoneSep(t[p]) {
			p++
		}
	case t[p] == '1' && p+1 < n && (isPhoneSep(t[p+1]) || t[p+1] == '('):
		p++
		if t[p] != '(' {
			p++
		}
	}
	// Grouped as a telephone number is written, with parentheses or with
	// hyphens or dots, ten digits are one to whoever reads them, whether
	// or not the codes are assigned ("555-123-4567", "123-456-7890");
	// grouped with spaces or not at all they must be valid codes, or
	// every run of ten digits would be a number.
	grouped := func(sep byte) bool { return sep != ' ' && isPhoneSep(sep) }
	paren := p < n && t[p] == '('
	var sep1 byte
	if paren {
		if !code3(t, p+1, true) || p+4 >= n || t[p+4] != ')' {
			return -1
		}
		p += 5
		if p < n && t[p] == ' ' {
			p++
		}
	} else {
		if p+3 < n && !code3(t, p, grouped(t[p+3])) {
			return -1
		}
		p += 3
		if p < n && isPhoneSep(t[p]) {
			sep1 = t[p]
			p++
		}
	}
	var sep2 byte
	if p+3 < n && isPhoneSep(t[p+3]) {
		sep2 = t[p+3]
	}
	if !code3(t, p, paren || grouped(sep1) && sep2 == sep1) {
		return -1
	}
	p += 3
	if sep2 != 0 {
		p++
	}
	if !paren && sep2 != sep1 {
		return -1
	}
	if digitRun(t, p) < 4 {
		return -1
	}
	p += 4
	if !rightOK(t, p) {
		return -1
	}
	return p
}

// matchE164 matches an international number: '+', a country code starting
// 1-9 and groups of digits separated by single spaces or hyphens, 8 to 15
// digits in all: +14155552671, +44 20 7946 0958, +33 1 23 45 67 89. A
// national trunk prefix in parentheses, +44 (0)20 7946 0958, and a country
// code in parentheses, (+44) 20 7946 0958, are accepted. Groups are taken
// greedily; the match ends after the last group where the number may end.
func matchE164(t []byte, i int) int {
	n := len(t)
	if t[i] != '+' || i+1 >= n || t[i+1] < '1' || t[i+1] > '9' {
		return -1
	}
	p := i + 1
	digits, best := 0, -1
	trunk := false // a parenthesized group has been taken
	for {
		r := digitRun(t, p)
		if r == 0 || digits+r > 15 {
			break
		}
		first := digits == 0
		digits += r
		p += r
		if digits >= 8 && rightOK(t, p) {
			best = p
		}
		if p >= n {
			break
		}
		// A country code opened by "(+" is closed by ')'.
		if first && t[p] == ')' && i > 0 && t[i-1] == '(' {
			p++
			if p < n && (t[p] == ' ' || t[p] == '-') {
				p++
			}
			trunk = true
			continue
		}
		if t[p] == ' ' || t[p] == '-' {
			p++
		}
		if !trunk && p < n && t[p] == '(' {
			r := digitRun(t, p+1)
			if r == 0 || r > 4 || p+1+r >= n || t[p+1+r] != ')' {
				break
			}
			trunk = true
			p += r + 2
			if p < n && (t[p] == ' ' || t[p] == '-') {
				p++
			}
		}
		if p >= n || !isDigit(t[p]) {
			break
		}
	}
	return best
}
