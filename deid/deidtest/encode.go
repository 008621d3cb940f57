package deidtest

// appendCSVField quotes as encoding/csv.Writer does with default settings
// for the values this package generates, which never start with a
// non-ASCII space.
func appendCSVField(b, v []byte) []byte {
	quote := len(v) > 0 && (v[0] == ' ' || v[0] == '\t' || (len(v) == 2 && v[0] == '\\' && v[1] == '.'))
	for _, c := range v {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(b, v...)
	}
	b = append(b, '"')
	for _, c := range v {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

// appendJSONString appends v, which is valid UTF-8, as a JSON string.
func appendJSONString(b, v []byte) []byte {
	b = append(b, '"')
	for _, c := range v {
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
