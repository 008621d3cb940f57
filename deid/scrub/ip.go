package scrub

// scanIPv4 returns the end of the dotted quad starting at t[i] (four decimal
// numbers 0-255 of one to three digits), or -1. It does not check what
// follows.
func scanIPv4(t []byte, i int) int {
	p := i
	for part := 0; part < 4; part++ {
		if part > 0 {
			if p >= len(t) || t[p] != '.' {
				return -1
			}
			p++
		}
		r := digitRun(t, p)
		if r == 0 || r > 3 || atoi(t, p, r) > 255 {
			return -1
		}
		p += r
	}
	return p
}

// matchIPv4 matches a dotted-quad IPv4 address. A fifth number (1.2.3.4.5)
// makes it something else, a version number most likely.
func matchIPv4(t []byte, i int) int {
	e := scanIPv4(t, i)
	if e < 0 || !ipEndOK(t, e) {
		return -1
	}
	return e
}

// matchIPv6 matches an IPv6 address in the text forms of RFC 4291: eight
// groups of one to four hex digits separated by colons, or fewer with one
// "::" standing for the missing zero groups, the last two groups possibly
// written as a dotted quad (::ffff:192.0.2.1). A zone (%eth0) is not part
// of the match.
func matchIPv6(t []byte, i int) int {
	return scanIPv6(t, i, ipEndOK)
}

// scanIPv6 returns the end of the longest IPv6 address starting at t[i]
// for which endOK(t, end) holds, or -1.
//
// It reads groups for as long as they continue the address and stops
// before the first that does not (a ninth group, a second "::", a bad
// dotted quad), and an address that cannot end where the groups run out
// may end earlier: "fe80::" in "fe80::1-2". The decision then does not
// depend on text after the address that a later match may replace.
func scanIPv6(t []byte, i int, endOK func(t []byte, e int) bool) int {
	n := len(t)
	if i >= n {
		return -1
	}
	p, best := i, -1
	groups, compressed := 0, false
	mark := func(e int) {
		if groups > 0 && (compressed || groups == 8) && endOK(t, e) {
			best = e
		}
	}
	if p+1 < n && t[p] == ':' && t[p+1] == ':' {
		compressed = true
		p += 2
	} else if t[p] == ':' {
		return -1
	}
	// Stop at the most groups the address can still hold.
	for p < n && (groups < 7 || (!compressed && groups < 8)) {
		h := 0
		for p+h < n && h < 5 && isHex(t[p+h]) {
			h++
		}
		if h == 0 {
			break
		}
		if p+h < n && t[p+h] == '.' && digitRun(t, p) == h {
			if e := scanIPv4(t, p); e >= 0 {
				if groups <= 5 || (!compressed && groups == 6) {
					groups += 2
					mark(e)
				}
				break
			}
		}
		if h > 4 {
			break
		}
		groups++
		p += h
		mark(p)
		if p+1 < n && t[p] == ':' && t[p+1] == ':' {
			if compressed {
				break
			}
			compressed = true
			p += 2
			mark(p)
			continue
		}
		if p+1 < n && t[p] == ':' && isHex(t[p+1]) {
			p++
			continue
		}
		break
	}
	return best
}

// ipEndOK is rightOK, but also lets a CIDR prefix length follow
// (10.0.0.0/8), which stays outside the match.
func ipEndOK(t []byte, e int) bool {
	if e < len(t) && t[e] == '/' {
		if r := digitRun(t, e+1); r >= 1 && r <= 3 && rightOK(t, e+1+r) {
			return true
		}
	}
	return rightOK(t, e)
}
