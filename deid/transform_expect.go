package deid

import (
	"errors"
	"fmt"
)

// ExpectNumber is the Rule.Expect of a kept measurement: every value is
// empty, or written with digits and the signs of numbers only (". + - /
// : e E": "61.4", "-3", "1e3", "120/80", "07:30"), or is true, false or
// null. No name, word or note is written so, and what such characters
// can spell (a phone number, an SSN, a date, the record's own numeric ID)
// is what the check of kept values looks for. A decimal comma or a space
// ("61,4", "61.4 kg") is refused too: such values need a policy of their
// own.
const ExpectNumber = "number"

// ErrUnexpectedValue is the cause of a kept value that is not what its
// rule's Expect says.
var ErrUnexpectedValue = errors.New("deid: kept value not of the expected kind")

// expectNumber is the transform of a kept field whose rule expects
// numbers: it copies each value that is one and refuses the others. The
// field's action stays keep, so the check of kept values reads it too.
type expectNumber struct{}

var errNotNumber = fmt.Errorf("%w: the field is kept as a measurement, and the value is not a number; drop or transform the field, or correct the record", ErrUnexpectedValue)

func (expectNumber) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	if !numberText(v) {
		return dst, errNotNumber
	}
	return append(dst, v...), nil
}

// plainOutput: a number never needs CSV quoting, unless the delimiter is
// one of its signs.
func (expectNumber) plainOutput(comma byte) bool { return !numberSign(comma) }

// numberSign reports whether c may be written in a number besides digits.
func numberSign(c byte) bool {
	return c == '.' || c == '+' || c == '-' || c == '/' || c == ':' || c == 'e' || c == 'E'
}

// numberText reports whether v is empty, true, false or null, or holds a
// digit and nothing but digits and the signs of numbers. None of these
// needs CSV quoting.
func numberText(v []byte) bool {
	switch string(v) {
	case "", "true", "false", "null":
		return true
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
