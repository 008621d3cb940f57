package deid

import "errors"

// ErrIDNotation reports an identifier written as a spreadsheet writes a
// long number it has taken for a quantity: in scientific notation
// ("4.82913E+11", "1.2e1"), which keeps six or so significant digits. The
// digits it dropped cannot be recovered: such an ID names no one for
// sure, so it is neither compared with an exclusion list (a listed user
// would be released) nor pseudonymized (several people would share one
// pseudonym). A plain "12e4" is an ID as written (hexadecimal). Export the
// column as text.
var ErrIDNotation = errors.New("deid: identifier in scientific notation (a spreadsheet took it for a number and may have dropped digits; export the column as text)")
