// Package fieldrec reads records written as the uvarint lengths of their
// fields, then the fields' bytes one after the other: the fields of the
// transformer's record stream and of the release's spill.
package fieldrec

import (
	"encoding/binary"
	"errors"
)

// ErrTruncated is a record that ends before its lengths say.
var ErrTruncated = errors.New("fieldrec: truncated record")

// Split decodes the record of n fields at the start of p: it sets fields
// to them (grown to n if need be; they alias p) and returns them, their
// bytes one after the other, and the rest of p. lens is scratch.
func Split(p []byte, n int, fields [][]byte, lens *[]int) (out [][]byte, body, rest []byte, err error) {
	if cap(fields) < n {
		fields = make([][]byte, n)
	}
	fields = fields[:n]
	if len(p) >= n {
		// Mostly every length is below 128, one byte each: one pass over
		// them tells, and sums them.
		total, high := 0, byte(0)
		for _, l := range p[:n] {
			total += int(l)
			high |= l
		}
		if high < 0x80 {
			if total > len(p)-n {
				return nil, nil, nil, ErrTruncated
			}
			body = p[n : n+total]
			off := 0
			for i, l := range p[:n] {
				fields[i] = body[off : off+int(l) : off+int(l)]
				off += int(l)
			}
			return fields, body, p[n+total:], nil
		}
	}
	ls := (*lens)[:0]
	total := 0
	for range n {
		l, k := binary.Uvarint(p)
		if k <= 0 || l > uint64(len(p)) {
			return nil, nil, nil, ErrTruncated
		}
		p = p[k:]
		ls = append(ls, int(l))
		total += int(l)
	}
	*lens = ls
	if total > len(p) {
		return nil, nil, nil, ErrTruncated
	}
	body = p[:total]
	for i, l := range ls {
		fields[i] = p[:l:l]
		p = p[l:]
	}
	return fields, body, p, nil
}

// AppendLen appends the uvarint of a field's length.
func AppendLen(dst []byte, l int) []byte {
	if l < 0x80 {
		return append(dst, byte(l))
	}
	return binary.AppendUvarint(dst, uint64(l))
}
