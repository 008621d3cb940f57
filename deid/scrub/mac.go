package scrub

// hexN reports whether t[p:p+n] are all hex digits.
func hexN(t []byte, p, n int) bool {
	if p+n > len(t) {
		return false
	}
	for _, c := range t[p : p+n] {
		if !isHex(c) {
			return false
		}
	}
	return true
}

// matchMAC matches a MAC address: six (EUI-48) or eight (EUI-64) pairs of
// hex digits separated by ':' or '-' used consistently (00:1a:2b:3c:4d:5e,
// 00-1A-2B-3C-4D-5E), or three dot-separated groups of four (001a.2b3c.4d5e).
func matchMAC(t []byte, i int) int {
	n := len(t)
	if hexN(t, i, 4) && i+14 <= n && t[i+4] == '.' && hexN(t, i+5, 4) && t[i+9] == '.' && hexN(t, i+10, 4) {
		if rightOK(t, i+14) {
			return i + 14
		}
		return -1
	}
	if !hexN(t, i, 2) || i+2 >= n {
		return -1
	}
	sep := t[i+2]
	if sep != ':' && sep != '-' {
		return -1
	}
	p, pairs := i+2, 1
	for pairs < 8 && p+2 < n && t[p] == sep && hexN(t, p+1, 2) {
		p += 3
		pairs++
	}
	if pairs == 8 && rightOK(t, p) {
		return p
	}
	if pairs >= 6 && rightOK(t, i+17) {
		return i + 17
	}
	return -1
}
