package jsonrec

import "unicode/utf8"

// AppendString appends s to dst as a JSON string. It escapes '"', '\\' and
// the control characters (as \b, \f, \n, \r, \t or \u00XX) and copies every
// other byte as is, so that valid UTF-8 comes out unchanged; each byte of an
// invalid UTF-8 sequence becomes U+FFFD, so that the output is always
// valid JSON in valid UTF-8.
func AppendString(dst, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i = plainEnd(s, i); i == len(s) {
			break
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			n, ok := validRune(s[i:])
			if ok {
				i += n
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\ufffd"...)
			i++
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			const hex = "0123456789abcdef"
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Writer re-emits an object from its events, member by member and element
// by element, with the commas in the right places. Keys are written as they
// were read (Event.RawKey), so that a line whose members are all copied
// comes out byte for byte as it went in, but for whitespace between tokens.
// The zero value is ready to use; Reset reuses its buffer.
type Writer struct {
	buf  []byte
	open []container
}

// A container is an object or array being written.
type container struct {
	array bool
	more  bool // whether a member or element was written
}

// Reset discards the output and makes w append to dst from now on.
func (w *Writer) Reset(dst []byte) {
	w.buf = dst
	w.open = w.open[:0]
}

// Bytes returns the output.
func (w *Writer) Bytes() []byte { return w.buf }

// Begin opens the object or array of a BeginObject or BeginArray event:
// the line's own object at depth 0, or a member or element of the
// innermost open container.
func (w *Writer) Begin(e Event) {
	if len(w.open) > 0 {
		w.key(e)
	}
	array := e.Kind == BeginArray
	if array {
		w.buf = append(w.buf, '[')
	} else {
		w.buf = append(w.buf, '{')
	}
	w.open = append(w.open, container{array: array})
}

// End closes the innermost open object or array.
func (w *Writer) End() {
	n := len(w.open)
	if n == 0 {
		return
	}
	c := w.open[n-1]
	w.open = w.open[:n-1]
	if c.array {
		w.buf = append(w.buf, ']')
	} else {
		w.buf = append(w.buf, '}')
	}
}

// Copy writes the leaf e unchanged: its key and its original value text.
func (w *Writer) Copy(e Event) {
	w.key(e)
	w.buf = append(w.buf, e.Raw...)
}

// ReplaceString writes e's key with the string s as its value.
func (w *Writer) ReplaceString(e Event, s []byte) {
	w.key(e)
	w.buf = AppendString(w.buf, s)
}

// ReplaceRaw writes e's key with raw as its value. raw must be valid JSON
// text, such as a number or null.
func (w *Writer) ReplaceRaw(e Event, raw []byte) {
	w.key(e)
	w.buf = append(w.buf, raw...)
}

// key writes what comes before a value: a comma after an earlier member
// or element, and the key of a member (an element has none).
func (w *Writer) key(e Event) {
	n := len(w.open)
	if n == 0 {
		return
	}
	c := &w.open[n-1]
	if c.more {
		w.buf = append(w.buf, ',')
	}
	c.more = true
	if c.array {
		return
	}
	w.buf = append(w.buf, e.RawKey...)
	w.buf = append(w.buf, ':')
}
