package deid

import (
	"errors"
	"fmt"
)

// ExpectNumber is the Rule.Expect of a kept measurement: every value is
// empty, or written with digits and the signs of numbers only (". , + - /
// : e E" and spaces between them: "61.4", "61,4", "-3", "1e3", "120/80",
// "07:30", "1 234"), optionally followed by a unit of a closed list ("61.4
// kg", "72 bpm", "120/80 mmHg", "98%"), or is one of the words that
// exports write for a missing or special value, in any letter case: true,
// false, null, NA, N/A, NaN, None, Inf, Infinity, unknown, missing, "-",
// "--", "?" (R writes NA, spreadsheets and databases the others). Spaces
// around the value are ignored. No name, word or note is written so, and
// what such characters can spell (a phone number, an SSN, a date, the
// record's own numeric ID) is what the check of kept values, which runs on
// these values too, looks for.
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

// numberSign reports whether c may be written in a number besides digits.
func numberSign(c byte) bool {
	return c == '.' || c == ',' || c == '+' || c == '-' || c == '/' || c == ':' || c == 'e' || c == 'E' || c == ' '
}

// maxWordLen bounds the words expectations compare: the longest code
// ("northern mariana islands") and unit.
const maxWordLen = 32

// lowerWord returns v without spaces around it, in lower case, in buf, or
// false when it is longer than buf.
func lowerWord(buf *[maxWordLen]byte, v []byte) ([]byte, bool) {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	if len(v) > maxWordLen {
		return nil, false
	}
	for i, c := range v {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(v)], true
}

// missingWords are what exports write for a missing or special value.
var missingWords = codeSet(`null|na|n/a|nan|none|true|false|inf|-inf|+inf|infinity|-infinity|+infinity|unknown|missing|not recorded|-|--|?`)

// units are the units a kept measurement may carry after its number.
var units = codeSet(`kg|g|mg|lb|lbs|oz|st|cm|mm|m|km|in|ft|bpm|/min|mmhg|kpa|%|min|mins|h|hr|hrs|s|sec|ms|steps|kcal|cal|kj|°c|°f|c|f|mg/dl|mmol/l|l|ml|ml/min|kg/m2|kg/m²|w|mv|hz`)

// numberText reports whether v is empty, one of the missing words, or
// holds a digit and nothing but digits and the signs of numbers, and then
// perhaps a unit. A plain number, what nearly every value is, is read in
// one pass without a copy.
func numberText(v []byte) bool {
	digit := false
	for i, c := range v {
		switch {
		case '0' <= c && c <= '9':
			digit = true
		case numberSign(c) && (c != 'e' && c != 'E' || digit):
		default:
			return numberWords(v, v[i:], digit)
		}
	}
	return digit || len(v) == 0 || numberWords(v, nil, false)
}

// numberWords reports whether v is a missing word, or, after its digits
// (digit), ends in rest, a unit.
func numberWords(v, rest []byte, digit bool) bool {
	var buf [maxWordLen]byte
	if w, ok := lowerWord(&buf, v); ok && (len(w) == 0 || missingWords[string(w)]) {
		return true
	}
	u, ok := lowerWord(&buf, rest)
	return digit && ok && units[string(u)]
}
