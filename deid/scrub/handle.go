package scrub

// A handle names a person on a social network or a chat service as
// surely as an e-mail address does: "@zelda_q", "@z.quist". It is matched
// as a Handle: an '@' after the start of the text or of a match, or after
// an ASCII byte that an e-mail address's local part cannot hold (else it
// is an e-mail address, or no identifier), then 2 to 30 ASCII letters,
// digits, '_' and inner '.', starting with a letter or '_' ("@5pm" and
// "@ 10" are no handles). A common word after an '@' ("meet @home") is
// matched too: nothing tells it from a handle.

// maxHandle bounds the length of a handle, without its '@'.
const maxHandle = 30

// matchHandle matches the handle whose '@' is at t[i].
func matchHandle(t []byte, i, lastEnd int) int {
	if i > lastEnd {
		if p := t[i-1]; byteClass[p]&clLocal != 0 || p == '@' || p >= 0x80 {
			return -1
		}
	}
	if i+1 >= len(t) || !isLetter(t[i+1]) && t[i+1] != '_' {
		return -1
	}
	q, letters := i+1, 0
	for q < len(t) && q-i <= maxHandle {
		c := t[q]
		switch {
		case isLetter(c) || c == '_':
			letters++
		case isDigit(c):
		case c == '.' && q > i+1 && q+1 < len(t) && (isAlnum(t[q+1]) || t[q+1] == '_'):
		default:
			goto end
		}
		q++
	}
end:
	if q-i-1 < 2 || q-i-1 > maxHandle || letters == 0 || q < len(t) && (t[q] == '@' || t[q] >= 0x80 && letterAt(t, q)) {
		return -1
	}
	return q
}
