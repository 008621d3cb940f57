package csvrec

import (
	"bytes"
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// AppendField appends field to dst, quoted if needed, exactly as
// encoding/csv.Writer writes it with default settings: the field is quoted
// if it contains comma, '"', '\r' or '\n', if it begins with a Unicode
// space, or if it is `\.`; inside quotes '"' is doubled and every other
// byte is copied as is.
func AppendField(dst, field []byte, comma byte) []byte {
	if !needsQuotes(field, comma) {
		return append(dst, field...)
	}
	dst = append(dst, '"')
	for {
		i := bytes.IndexByte(field, '"')
		if i < 0 {
			break
		}
		dst = append(dst, field[:i+1]...)
		dst = append(dst, '"')
		field = field[i+1:]
	}
	dst = append(dst, field...)
	return append(dst, '"')
}

// AppendRecord appends the fields separated by comma and a '\n', as
// encoding/csv.Writer.Write does with default settings.
func AppendRecord(dst []byte, fields [][]byte, comma byte) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, comma)
		}
		dst = AppendField(dst, f, comma)
	}
	return append(dst, '\n')
}

// NeedsQuotes reports whether AppendField would quote field.
func NeedsQuotes(field []byte, comma byte) bool { return needsQuotes(field, comma) }

func needsQuotes(field []byte, comma byte) bool {
	n := len(field)
	if n == 0 {
		return false
	}
	if n == 2 && field[0] == '\\' && field[1] == '.' {
		return true
	}
	if n >= 8 {
		// Eight bytes at a time; the last word may overlap the one before.
		pc := uint64(comma) * ones
		for i := 0; ; i += 8 {
			if i+8 > n {
				i = n - 8
			}
			x := binary.LittleEndian.Uint64(field[i:])
			if hasZero(x^pc)|hasZero(x^(ones*'"'))|hasZero(x^(ones*'\n'))|hasZero(x^(ones*'\r')) != 0 {
				return true
			}
			if i+8 == n {
				break
			}
		}
	} else {
		for _, c := range field {
			if c == comma || (c <= '"' && (c == '"' || c == '\n' || c == '\r')) {
				return true
			}
		}
	}
	if c := field[0]; c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
	}
	r, _ := utf8.DecodeRune(field)
	return unicode.IsSpace(r)
}

// hasZero is non-zero if and only if some byte of v is zero.
func hasZero(v uint64) uint64 {
	return (v - ones) &^ v & (ones * 0x80)
}
