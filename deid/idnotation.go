package deid

import "errors"

// ErrIDNotation reports an identifier written as a spreadsheet writes a
// long number it has taken for a quantity: in scientific notation
// ("4.82913E+11", "1.2e1"), which keeps six or so significant digits. The
// digits it dropped cannot be recovered: such an ID names no one for
// sure, so it is neither compared with an exclusion list (a listed user
// would be released) nor pseudonymized (several people would share one
// pseudonym). Export the column as text.
var ErrIDNotation = errors.New("deid: identifier in scientific notation (a spreadsheet took it for a number and may have dropped digits; export the column as text)")

// scientific reports whether id is a number in scientific notation with
// a decimal point ("4.82913E+11", "1.2e1") or a signed exponent
// ("48E+10"), as spreadsheets and data frames write large numbers. A
// plain "12e4" is left alone: it is also a hexadecimal ID, and is taken
// as written.
func scientific(id []byte) bool {
	if len(id) < 3 || id[0] < '0' || id[0] > '9' {
		return false // the common case, an ID starting with a letter, in one test
	}
	i := 0
	for i < len(id) && '0' <= id[i] && id[i] <= '9' {
		i++
	}
	point := i < len(id) && id[i] == '.'
	if point {
		i++
		start := i
		for i < len(id) && '0' <= id[i] && id[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	if i == len(id) || id[i] != 'e' && id[i] != 'E' {
		return false
	}
	i++
	sign := i < len(id) && (id[i] == '+' || id[i] == '-')
	if sign {
		i++
	}
	start := i
	for i < len(id) && '0' <= id[i] && id[i] <= '9' {
		i++
	}
	return i == len(id) && i > start && (point || sign)
}
