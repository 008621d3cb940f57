package release

import (
	"fmt"
	"math"
	"strconv"
	"time"
	"unsafe"

	"github.com/deidkit/deidkit/deid"
)

// typeOf reports which of the typed column types v is: a bit set of
// 1<<Int64, 1<<Double and 1<<Timestamp. An empty value fits every type.
func typeOf(v []byte) uint8 { return typeIn(v, 1<<Int64|1<<Double|1<<Timestamp) }

// typeIn reports which of the types of the set may v is: typeOf(v)&may,
// without testing for the types outside may.
func typeIn(v []byte, may uint8) uint8 {
	if len(v) == 0 {
		return may
	}
	var t uint8
	if may&(1<<Int64|1<<Double) != 0 {
		switch plainNumber(v) {
		case plainInt:
			t |= 1<<Int64 | 1<<Double
		case plainFraction:
			t |= 1 << Double
		default:
			if may&(1<<Int64) != 0 && isInt64(v) {
				t |= 1<<Int64 | 1<<Double
			} else if may&(1<<Double) != 0 && isDouble(v) {
				t |= 1 << Double
			}
		}
	}
	if may&(1<<Timestamp) != 0 && len(v) >= 20 && v[4] == '-' && isTimestamp(v) {
		t |= 1 << Timestamp
	}
	return t & may
}

// fits reports whether v is a value of a column of type t.
func fits(v []byte, t Type) bool { return t == String || typeOf(v)&(1<<t) != 0 }

// Kinds of plainNumber.
const (
	notPlain = iota
	plainInt
	plainFraction
)

// plainNumber tells in one pass the common forms of numbers: plainInt, a
// value isInt64 accepts (so isDouble too) of at most 18 digits, and
// plainFraction, digits, a point and digits, which isDouble accepts and
// isInt64 does not. Any other value is notPlain, which leaves it to
// isInt64 and isDouble.
func plainNumber(v []byte) int {
	s := v
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 19 {
		return notPlain
	}
	point := -1
	for i, c := range s {
		if c-'0' > 9 {
			if c != '.' || point >= 0 {
				return notPlain
			}
			point = i
		}
	}
	switch {
	case point < 0:
		if len(s) > 18 || (s[0] == '0' && len(s) > 1) {
			return notPlain
		}
		return plainInt
	case point == 0 || point == len(s)-1 || (s[0] == '0' && point > 1):
		return notPlain
	}
	return plainFraction
}

// isInt64 accepts a decimal integer as it is written canonically: an
// optional minus, no leading zeros (a ZIP3 "021" is a code, not 21), and
// within the range of int64.
func isInt64(v []byte) bool {
	s := v
	if s[0] == '-' {
		s = s[1:]
	}
	if len(s) == 0 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	if len(s) <= 18 {
		return true // within the range of int64
	}
	_, err := strconv.ParseInt(str(v), 10, 64)
	return err == nil
}

// isDouble accepts a finite decimal number, with a fraction or an
// exponent, whose integer part has no leading zeros; not "NaN", "Inf",
// hexadecimal or underscores, which strconv also reads.
func isDouble(v []byte) bool {
	s := v
	if s[0] == '-' {
		s = s[1:]
	}
	if len(s) == 0 || s[0] < '0' || s[0] > '9' || (s[0] == '0' && len(s) > 1 && s[1] >= '0' && s[1] <= '9') {
		return false
	}
	if isPlainDecimal(s) {
		return true
	}
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E', c == '-', c == '+':
		default:
			return false
		}
	}
	x, err := strconv.ParseFloat(str(v), 64)
	return err == nil && !math.IsInf(x, 0)
}

// isPlainDecimal reports whether s is digits, or digits, a point and
// digits, short enough to be a finite float64: the common case of
// isDouble, which needs no parse.
func isPlainDecimal(s []byte) bool {
	point := -1
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && point < 0 && i > 0 && i < len(s)-1:
			point = i
		default:
			return false
		}
	}
	return len(s) < 300
}

// isTimestamp accepts an RFC 3339 time with a zone, to the microsecond.
func isTimestamp(v []byte) bool {
	if isPlainUTC(v) {
		return true
	}
	t, err := time.Parse(time.RFC3339Nano, str(v))
	return err == nil && t.Nanosecond()%1000 == 0
}

// isPlainUTC reports whether v is a valid time of the form
// 2006-01-02T15:04:05Z, the common case of isTimestamp, without a parse.
// It accepts nothing isTimestamp would not; other forms are left to it.
func isPlainUTC(v []byte) bool {
	if len(v) != 20 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[19] != 'Z' {
		return false
	}
	num := func(i, j int) int {
		n := 0
		for _, c := range v[i:j] {
			if c < '0' || c > '9' {
				return -1
			}
			n = 10*n + int(c-'0')
		}
		return n
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, minute, sec := num(11, 13), num(14, 16), num(17, 19)
	if year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return false
	}
	return day <= daysIn(year, month)
}

// daysIn returns the number of days of a month (1 to 12) of a year of
// the proleptic Gregorian calendar, as package time counts them.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// str views b as a string for the duration of a parse that keeps no
// reference to it.
func str(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// typedActions are the field actions whose output may be typed from its
// values: they release the input's numbers and times (kept, rounded or
// shifted). The others release codes and labels that look like numbers
// only by chance (a ZIP3 "112" beside "021", a year of birth "1954"
// beside "90+"), so their columns are strings unless declared.
var typedActions = map[deid.Action]bool{deid.Keep: true, deid.Round: true, deid.DateShift: true}

// typable reports, for each output column, whether its type may be
// inferred from its values: whether the rule that made it (or the
// policy's default) is one of typedActions.
func typable(pol *deid.Policy, names []string) []bool {
	out := make([]bool, len(names))
	for i, n := range names {
		action := pol.Default
		if r := ruleOf(pol, n); r != nil {
			action = r.Action
		}
		out[i] = typedActions[action]
	}
	return out
}

// inference narrows the types of columns down to those all their values
// fit.
type inference struct {
	fit      []uint8 // per column: the types every value so far fits
	nonEmpty []bool
	cols     []int // the columns whose values narrow them
}

// newInference returns the inference of the columns consider holds, of
// len(consider) columns.
func newInference(consider []bool) *inference {
	n := len(consider)
	in := &inference{fit: make([]uint8, n), nonEmpty: make([]bool, n), cols: indexes(consider)}
	in.reset()
	return in
}

// indexes returns the indexes of the true entries of b.
func indexes(b []bool) []int {
	var out []int
	for i, ok := range b {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// add narrows the columns by the record's values.
func (in *inference) add(fields [][]byte) {
	for _, i := range in.cols {
		f, fit := fields[i], in.fit[i]
		if fit == 0 || len(f) == 0 {
			continue
		}
		in.nonEmpty[i] = true
		if fit&(1<<Timestamp) == 0 {
			// A column of numbers so far: a plain number narrows it
			// without typeIn.
			switch plainNumber(f) {
			case plainInt:
				continue // fits Int64 and Double
			case plainFraction:
				in.fit[i] = fit & (1 << Double)
				continue
			}
		}
		in.fit[i] = typeIn(f, fit)
	}
}

// merge narrows the columns by what another inference saw.
func (in *inference) merge(o *inference) {
	for i := range in.fit {
		in.fit[i] &= o.fit[i]
		in.nonEmpty[i] = in.nonEmpty[i] || o.nonEmpty[i]
	}
}

// reset forgets every value seen.
func (in *inference) reset() {
	for i := range in.fit {
		in.fit[i], in.nonEmpty[i] = 1<<Int64|1<<Double|1<<Timestamp, false
	}
}

// types returns the inferred type of each column: Int64 if every value is
// an integer, else Double if every value is a number, else Timestamp if
// every value is one, else String; a column with no value is String.
func (in *inference) types() []Type {
	out := make([]Type, len(in.fit))
	for i, f := range in.fit {
		switch {
		case !in.nonEmpty[i]:
			out[i] = String
		case f&(1<<Int64) != 0:
			out[i] = Int64
		case f&(1<<Double) != 0:
			out[i] = Double
		case f&(1<<Timestamp) != 0:
			out[i] = Timestamp
		default:
			out[i] = String
		}
	}
	return out
}

// A TypeError reports a value that does not fit its column's type: the
// type declared in Config.Types, or the one inferred from the first
// records of a release without a k-anonymity stage. It names the record
// (its number among the records written) and the column, never the value.
type TypeError struct {
	Record int64
	Column string
	Type   Type
	// Inferred is the number of records the type was inferred from, 0
	// for a declared type.
	Inferred int
}

func (e *TypeError) Error() string {
	if e.Inferred > 0 {
		return fmt.Sprintf("release: record %d, column %q: a value that is not %s, the type inferred from the first %d records (declare the column's type in Config.Types)",
			e.Record, e.Column, e.Type, e.Inferred)
	}
	return fmt.Sprintf("release: record %d, column %q: a value that is not %s, the column's declared type", e.Record, e.Column, e.Type)
}
