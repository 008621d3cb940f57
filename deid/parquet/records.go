package parquet

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"

	"github.com/deidkit/deidkit/deid/release"
)

// A RecordWriter writes the records of a release as a Parquet file: it is
// the [release.Writer] of package deid/release, which hands it each
// record's fields, with no CSV between them, and the type of each column:
// Int64, Double and Timestamp columns become INT64, DOUBLE and
// INT64-TIMESTAMP columns, so that DuckDB, pandas or Spark read numbers and
// instants, not text. Options.Types, when set, overrides those types by
// column name. Make one with [NewRecordWriter]; it is not safe for
// concurrent use.
type RecordWriter struct {
	parquetFile
	err error // sticky
	sum hash.Hash
}

var _ release.Checksummer = (*RecordWriter)(nil)

// NewRecordWriter returns a RecordWriter that writes a Parquet file to w.
// Options.Comma and MaxRecordSize do not apply. Invalid options are
// reported by Begin.
func NewRecordWriter(w io.Writer, opts Options) *RecordWriter {
	o, err := opts.withDefaults()
	sum := sha256.New()
	return &RecordWriter{parquetFile: parquetFile{out: io.MultiWriter(w, sum), dst: w, opts: o}, err: err, sum: sum}
}

// SHA256 returns the SHA-256 of the bytes written so far, for the report
// of the release to name the file it describes.
func (w *RecordWriter) SHA256() (sum [sha256.Size]byte) {
	w.sum.Sum(sum[:0])
	return sum
}

// Begin sets up the file's columns.
func (w *RecordWriter) Begin(cols []release.Column) error {
	if w.err != nil {
		return w.err
	}
	if w.header != nil {
		w.err = fmt.Errorf("parquet: %w: Begin called twice", ErrOptions)
		return w.err
	}
	header := make([]string, len(cols))
	types := make([]Type, len(cols))
	seen := make(map[string]bool, len(cols))
	for i, c := range cols {
		if c.Name == "" || seen[c.Name] {
			w.err = headerError(fmt.Errorf("column %d has an empty or repeated name", i+1))
			return w.err
		}
		seen[c.Name] = true
		header[i] = c.Name
		switch c.Type {
		case release.String:
			types[i] = String
		case release.Int64:
			types[i] = Int64
		case release.Double:
			types[i] = Double
		case release.Timestamp:
			types[i] = Timestamp
		default:
			w.err = fmt.Errorf("parquet: %w: column %q has %v", ErrOptions, c.Name, c.Type)
			return w.err
		}
	}
	w.err = w.begin(header, types)
	return w.err
}

// Write adds a record, its fields in column order. A value that does not
// parse as its column's type is a *RecordError naming the record and the
// column, never the value.
func (w *RecordWriter) Write(fields [][]byte) error {
	if w.err != nil {
		return w.err
	}
	if w.header == nil {
		w.err = fmt.Errorf("parquet: %w: Write before Begin", ErrOptions)
		return w.err
	}
	w.records++
	if len(fields) != len(w.header) {
		w.err = &RecordError{Record: w.records, Err: fmt.Errorf("%w: %d, want %d", ErrFieldCount, len(fields), len(w.header))}
		return w.err
	}
	w.err = w.addRow(fields)
	return w.err
}

// Close writes the last row group and the footer. It does not close the
// underlying writer; calling it again returns ErrClosed.
func (w *RecordWriter) Close() error {
	if err := markClosed(&w.err); err != nil {
		return err
	}
	if w.header == nil {
		return fmt.Errorf("parquet: %w: Close before Begin", ErrOptions)
	}
	return w.finish()
}
