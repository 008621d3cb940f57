package deid

import "unicode/utf8"

// flatJSONEncoder writes a record of named text fields as one JSON object
// per line, every value a string: CSV has no types, and guessing them
// would change what the data says.
type flatJSONEncoder struct {
	keys [][]byte // `"name":` for each field, escaped once
}

func newFlatJSONEncoder(names []string) *flatJSONEncoder {
	e := &flatJSONEncoder{keys: make([][]byte, len(names))}
	for i, n := range names {
		k := appendJSONString(nil, []byte(n))
		e.keys[i] = append(k, ':')
	}
	return e
}

func (e *flatJSONEncoder) appendRow(dst []byte, r *Row) []byte {
	dst = append(dst, '{')
	for i := range r.Len() {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, e.keys[i]...)
		dst = appendJSONString(dst, r.Field(i))
	}
	return append(dst, "}\n"...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as encoding/json does; control characters are escaped.
func appendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
