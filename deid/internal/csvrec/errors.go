package csvrec

import (
	"errors"
	"fmt"
)

// Sentinel causes wrapped by [*ParseError] and the other errors of this
// package; test for them with [errors.Is].
var (
	// ErrBareQuote reports a '"' inside a field that does not start with one.
	ErrBareQuote = errors.New(`csvrec: bare " in non-quoted field`)
	// ErrQuote reports a quoted field that is not closed, or a closing '"'
	// followed by something other than the delimiter or the end of the line.
	ErrQuote = errors.New(`csvrec: extraneous or missing " in quoted field`)
	// ErrFieldCount reports a record whose number of fields differs from the
	// header's.
	ErrFieldCount = errors.New("csvrec: wrong number of fields")
	// ErrRecordTooLong reports a record larger than the configured maximum.
	ErrRecordTooLong = errors.New("csvrec: record too long")
	// ErrHeader reports a missing header row, an empty column name or a
	// column name used twice.
	ErrHeader = errors.New("csvrec: invalid header")
	// ErrUTF8 reports a record or a column name that is not valid UTF-8
	// text: most often a file saved in Latin-1 or another legacy code
	// page. Read on, its bytes would be written as they are into CSV and
	// as U+FFFD into JSON, and a name spelled in one encoding would not
	// match the same name spelled in the other.
	ErrUTF8 = errors.New("csvrec: invalid UTF-8 (convert the input to UTF-8)")
	// ErrDelimiter reports a delimiter that cannot be used: '"', '\r', '\n',
	// NUL or a byte outside ASCII.
	ErrDelimiter = errors.New("csvrec: invalid delimiter")
)

// ParseError locates a malformed record. Its message names lines, a column
// and a field number, never field content, so it is safe to log.
type ParseError struct {
	StartLine int   // physical line (1-based) where the record starts
	Line      int   // physical line where the error was found
	Column    int   // 1-based byte column in Line, as encoding/csv counts it
	Field     int   // 1-based index of the field in error; 0 for the record as a whole
	Err       error // one of the sentinel errors, possibly wrapped with detail
}

func (e *ParseError) Error() string {
	var where string
	switch {
	case e.StartLine != e.Line:
		where = fmt.Sprintf("record on line %d; parse error on line %d, column %d", e.StartLine, e.Line, e.Column)
	case e.Column > 0:
		where = fmt.Sprintf("parse error on line %d, column %d", e.Line, e.Column)
	default:
		where = fmt.Sprintf("record on line %d", e.Line)
	}
	if e.Field > 0 {
		where += fmt.Sprintf(", field %d", e.Field)
	}
	return where + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }
