package deid

import (
	"errors"
	"fmt"
)

// ExpectNumber is the Rule.Expect of a kept measurement: every value is
// empty, or written with digits and the signs of numbers only (". + - /
// : e E": "61.4", "-3", "1e3", "120/80", "07:30"), or is one of the words
// that exports write for a missing or special value, in any letter case:
// true, false, null, NA, N/A, NaN, None, Inf, Infinity (R writes NA,
// spreadsheets and databases the others). No name, word or note is written so, and what such characters
// can spell (a phone number, an SSN, a date, the record's own numeric ID)
// is what the check of kept values looks for. A decimal comma or a space
// ("61,4", "61.4 kg") is refused too: such values need a policy of their
// own.
const ExpectNumber = "number"

// ErrUnexpectedValue is the cause of a kept value that is not what its
// rule's Expect says.
var ErrUnexpectedValue = errors.New("deid: kept value not of the expected kind")

// A kept field whose rule expects numbers stays kept: its values are
// copied with their kept neighbours, and read where the check of kept
// values reads them (Applier.apply, and appendCSV's pass over a run of
// kept fields), so that the check costs a scan of a few bytes, not a step
// of its own.

var errNotNumber = fmt.Errorf("%w: the field is kept as a measurement, and the value is not a number; drop or transform the field, or correct the record", ErrUnexpectedValue)

// expectError is the error of a value of step i that is not a number.
func (pl *Plan) expectError(i int) error {
	return &FieldError{Field: pl.steps[i].field, Action: string(Keep), Err: errNotNumber}
}

// numberSign reports whether c may be written in a number besides digits.
func numberSign(c byte) bool {
	return c == '.' || c == '+' || c == '-' || c == '/' || c == ':' || c == 'e' || c == 'E'
}

// numberText reports whether v is empty, one of ExpectNumber's words, or
// holds a digit and nothing but digits and the signs of numbers.
func numberText(v []byte) bool {
	if len(v) == 0 {
		return true
	}
	if c := v[0]; (c < '0' || c > '9') && len(v) <= len("-infinity") {
		var low [len("-infinity")]byte
		for i, c := range v {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			low[i] = c
		}
		switch string(low[:len(v)]) {
		case "true", "false", "null", "na", "n/a", "nan", "none", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity":
			return true
		}
	}
	digit := false
	for _, c := range v {
		switch {
		case '0' <= c && c <= '9':
			digit = true
		case numberSign(c):
		default:
			return false
		}
	}
	return digit
}
