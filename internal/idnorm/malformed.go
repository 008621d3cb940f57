package idnorm

// ControlAt returns the index of the first control character in id (C0,
// DEL, C1, or a Unicode line or paragraph separator), or -1. An ID with
// one inside is no one's ID: a quoted CSV field that swallowed the next
// record's ID reads "u-1\nu-2". deid refuses such IDs for every action
// keyed on a person, and pseudo's Remap for the table it builds, so that
// neither gives a pseudonym to a person no one is.
func ControlAt(id []byte) int {
	for i, c := range id {
		switch {
		case c < 0x20 || c == 0x7f,
			c == 0xc2 && i+1 < len(id) && 0x80 <= id[i+1] && id[i+1] < 0xa0,                       // C1
			c == 0xe2 && i+2 < len(id) && id[i+1] == 0x80 && (id[i+2] == 0xa8 || id[i+2] == 0xa9): // U+2028, U+2029
			return i
		}
	}
	return -1
}

// Scientific reports whether id is a number in scientific notation with a
// decimal point ("4.82913E+11", "1.2e1") or a signed exponent ("48E+10"),
// as spreadsheets and data frames write large numbers they have taken for
// quantities, dropping digits: such an ID names no one for sure. A plain
// "12e4" is not: it is also a hexadecimal ID, taken as written.
func Scientific(id []byte) bool {
	if len(id) < 3 || id[0] < '0' || id[0] > '9' {
		return false // the common case, an ID starting with a letter, in one test
	}
	i := digitsFrom(id, 0)
	point := i < len(id) && id[i] == '.'
	if point {
		j := digitsFrom(id, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i == len(id) || id[i] != 'e' && id[i] != 'E' {
		return false
	}
	i++
	sign := i < len(id) && (id[i] == '+' || id[i] == '-')
	if sign {
		i++
	}
	j := digitsFrom(id, i)
	return j == len(id) && j > i && (point || sign)
}

// digitsFrom returns the index of the first byte at or after i of id that
// is not an ASCII digit.
func digitsFrom(id []byte, i int) int {
	for i < len(id) && '0' <= id[i] && id[i] <= '9' {
		i++
	}
	return i
}
