package parquet

import (
	"errors"
	"fmt"
	"strconv"
)

// Causes of the errors of a [Writer], for [errors.Is]. Errors about a
// record come as a [*RecordError] wrapping one of them.
var (
	// ErrMalformedCSV reports input that is not RFC 4180 CSV: a missing or
	// invalid header row, bad quoting, or a record whose number of fields
	// differs from the header's.
	ErrMalformedCSV = errors.New("malformed CSV")
	// ErrInvalidValue reports a field that does not parse as the type its
	// column was declared with in [Options.Types].
	ErrInvalidValue = errors.New("invalid value")
	// ErrFieldCount reports a record given to a [RecordWriter] with more or
	// fewer fields than it has columns.
	ErrFieldCount = errors.New("wrong number of fields")
	// ErrRecordTooLong reports a record longer than [Options.MaxRecordSize].
	ErrRecordTooLong = errors.New("record too long")
	// ErrOptions reports invalid [Options], including a column type
	// declared for a column that the header does not have.
	ErrOptions = errors.New("invalid options")
	// ErrClosed reports a Write or Close after Close.
	ErrClosed = errors.New("parquet: writer closed")
)

// A RecordError locates a record that cannot be written: its 1-based
// number among the data records (the header row is not counted, so it is
// the record's row number in the Parquet file) and, when one field is at
// fault, its column. The message never holds field content, so it is safe
// to log even when the data is identified.
type RecordError struct {
	Record int64  // 1-based record number, the header row excluded
	Column string // the column at fault, "" for the record as a whole
	Err    error  // wraps ErrMalformedCSV, ErrInvalidValue or ErrRecordTooLong
}

func (e *RecordError) Error() string {
	msg := "parquet: record " + strconv.FormatInt(e.Record, 10)
	if e.Column != "" {
		msg += fmt.Sprintf(", column %q", e.Column)
	}
	return msg + ": " + e.Err.Error()
}

func (e *RecordError) Unwrap() error { return e.Err }

// markClosed sets a writer's sticky error to ErrClosed and returns the
// error it held before: a Close reports the first error once, then
// ErrClosed.
func markClosed(sticky *error) error {
	err := *sticky
	*sticky = ErrClosed
	return err
}
