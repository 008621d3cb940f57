package csvrec

import (
	"encoding/binary"
	"math/bits"
)

const (
	ones  = 0x0101010101010101
	low7s = 0x7f7f7f7f7f7f7f7f
)

// split appends to fields the pieces of line between delimiters, the last
// piece included. It looks at eight bytes at a time: the mask marks the
// high bit of every byte equal to comma, exactly (no carries cross bytes),
// so each set bit is one delimiter.
func split(fields [][]byte, line []byte, comma byte) [][]byte {
	pat := uint64(comma) * ones
	start, i := 0, 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:]) ^ pat
		m := ^(((x & low7s) + low7s) | x | low7s)
		for m != 0 {
			j := i + bits.TrailingZeros64(m)>>3
			fields = append(fields, line[start:j:j])
			start = j + 1
			m &= m - 1
		}
	}
	for ; i < len(line); i++ {
		if line[i] == comma {
			fields = append(fields, line[start:i:i])
			start = i + 1
		}
	}
	return append(fields, line[start:len(line):len(line)])
}
