package deid

// constant replaces every value with a fixed text (redact, replace).
type constant string

func (c constant) apply(dst, _ []byte, _ *applyCtx) ([]byte, error) {
	return append(dst, c...), nil
}

// mask keeps the first and last few characters and replaces the rest, one
// mask character per character. A value too short to hide anything between
// its kept ends is masked whole: the point of masking is to hide most of it.
type mask struct {
	first, last int
	char        []byte
}

func newMask(r *Rule) *mask {
	c := r.MaskChar
	if c == "" {
		c = "*"
	}
	return &mask{first: r.KeepFirst, last: r.KeepLast, char: []byte(c)}
}

func (m *mask) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	first, last, n := m.revealed(v)
	if n > m.first+m.last {
		n -= m.first + m.last
	}
	dst = append(dst, first...)
	for range n {
		dst = append(dst, m.char...)
	}
	return append(dst, last...), nil
}
