package parquet

import (
	"errors"
	"fmt"
	"io"

	pq "github.com/parquet-go/parquet-go"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
)

// A Writer converts a CSV stream, header row first, into a Parquet file.
// Make one with [NewWriter]. A Writer is not safe for concurrent use.
type Writer struct {
	parquetFile
	err error // sticky: the first error, or ErrClosed after Close

	// pending holds the input after the last complete record, scanned up
	// to its end; inQuote is the quote state there.
	pending []byte
	inQuote bool

	parser *csvrec.Parser
}

// parquetFile is a Parquet file being written row by row: the part of a Writer
// or a RecordWriter that does not depend on where the rows come from.
type parquetFile struct {
	out  io.Writer
	dst  io.Writer // the caller's writer, under out
	opts Options

	header []string
	types  []Type
	pw     *pq.GenericWriter[any]
	cols   []*pq.ColumnWriter

	batch batch // rows not yet handed to the column writers

	records    int64 // data records seen
	groupRows  int   // rows in the current row group, the batch included
	groupBytes int   // field bytes in the current row group
}

// NewWriter returns a Writer that writes a Parquet file to w. The columns
// are named and ordered by the CSV header row, with the types of
// opts.Types (strings by default). Invalid options are reported by the
// first call to Write or Close.
func NewWriter(w io.Writer, opts Options) *Writer {
	o, err := opts.withDefaults()
	return &Writer{parquetFile: parquetFile{out: w, dst: w, opts: o}, err: err}
}

// Destination returns the writer the file goes to, the one given to
// NewWriter or NewRecordWriter, so that a run of deid or deid/release can
// refuse a quarantine (raw records) that is that writer or its file.
func (f *parquetFile) Destination() io.Writer { return f.dst }

// Write consumes a piece of the CSV stream. The pieces may cut records
// anywhere; Write converts the records completed so far and keeps the rest,
// at most one record, for the next call. After an error (a malformed
// record, a value that does not parse as its column's type, a failed write
// to the underlying writer) every call returns that error, and the output
// must be discarded.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	data := p
	scanned := 0
	if len(w.pending) > 0 {
		scanned = len(w.pending)
		w.pending = append(w.pending, p...)
		data = w.pending
	}
	end, inQuote := lastBoundary(data[scanned:], w.inQuote)
	w.inQuote = inQuote
	if end >= 0 {
		end += scanned
		if err := w.convert(data[:end]); err != nil {
			w.err = err
			return 0, err
		}
		// The tail may alias w.pending; append moves it down as copy would.
		w.pending = append(w.pending[:0], data[end:]...)
	} else if len(w.pending) == 0 {
		w.pending = append(w.pending, p...)
	}
	if len(w.pending) > w.opts.MaxRecordSize {
		w.records++
		w.err = w.tooLong()
		return 0, w.err
	}
	return len(p), nil
}

// Close converts the last record, which needs no line terminator, writes
// the last row group and the file footer, and returns the first error met.
// Close does not close the underlying writer. A stream with a header row
// and no records makes a valid file with no rows; a stream without a
// header row is an error. Calling Close again returns ErrClosed.
func (w *Writer) Close() error {
	if err := markClosed(&w.err); err != nil {
		return err
	}
	if len(w.pending) > 0 {
		if err := w.convert(w.pending); err != nil {
			return err
		}
		w.pending = nil
	}
	if w.header == nil {
		return fmt.Errorf("parquet: %w: no header row", ErrMalformedCSV)
	}
	return w.finish()
}

// finish writes the last rows and the footer.
func (f *parquetFile) finish() error {
	if err := f.writeBatch(); err != nil {
		return err
	}
	if err := f.pw.Close(); err != nil {
		return fmt.Errorf("parquet: write footer: %w", err)
	}
	return nil
}

// convert converts data, a run of whole records (only the last may lack its
// line terminator, at Close).
func (w *Writer) convert(data []byte) error {
	for w.header == nil && len(data) > 0 {
		end := firstBoundary(data)
		if err := w.readHeader(data[:end]); err != nil {
			return err
		}
		data = data[end:]
	}
	if len(data) == 0 {
		return nil
	}
	w.parser.Reset(csvrec.Chunk{Data: data})
	for w.parser.Next() {
		w.records++
		if err := w.parser.Err(); err != nil {
			return w.parseError(err)
		}
		if len(w.parser.Raw()) > w.opts.MaxRecordSize {
			return w.tooLong()
		}
		if err := w.addRow(w.parser.Fields()); err != nil {
			return err
		}
	}
	return nil
}

// readHeader reads the header row from data, one record or blank lines,
// and sets up the schema and the Parquet writer.
func (w *Writer) readHeader(data []byte) error {
	if len(data) > w.opts.MaxRecordSize {
		return w.tooLong() // the header is a record like the others
	}
	p, err := csvrec.NewParser(w.opts.Comma, 0)
	if err != nil {
		return fmt.Errorf("parquet: %w: %w", ErrOptions, err)
	}
	p.Reset(csvrec.Chunk{Data: data})
	if !p.Next() {
		return nil // blank lines before the header
	}
	if err := p.Err(); err != nil {
		return headerError(err)
	}
	fields := p.Fields()
	if len(fields) > pq.MaxColumnIndex+1 {
		return headerError(fmt.Errorf("%d columns, more than Parquet's %d", len(fields), pq.MaxColumnIndex+1))
	}
	header := make([]string, len(fields))
	seen := make(map[string]int, len(fields))
	for i, f := range fields {
		if len(f) == 0 {
			return headerError(fmt.Errorf("column %d has an empty name", i+1))
		}
		header[i] = string(f)
		if j, dup := seen[header[i]]; dup {
			return headerError(fmt.Errorf("columns %d and %d have the same name", j+1, i+1))
		}
		seen[header[i]] = i
	}
	if w.parser, err = csvrec.NewParser(w.opts.Comma, len(header)); err != nil {
		return fmt.Errorf("parquet: %w: %w", ErrOptions, err)
	}
	return w.begin(header, make([]Type, len(header)))
}

// begin sets up the schema, with the column types of types overridden by
// those of the options, and the Parquet writer.
func (f *parquetFile) begin(header []string, types []Type) error {
	seen := make(map[string]int, len(header))
	for i, name := range header {
		seen[name] = i
	}
	for name, t := range f.opts.Types {
		i, ok := seen[name]
		if !ok {
			return fmt.Errorf("parquet: %w: Types names column %q, which the header lacks", ErrOptions, name)
		}
		types[i] = t
	}
	dict := make([]bool, len(header))
	for _, name := range f.opts.Dictionary {
		i, ok := seen[name]
		if !ok {
			return fmt.Errorf("parquet: %w: Dictionary names column %q, which the header lacks", ErrOptions, name)
		}
		if types[i] != String {
			return fmt.Errorf("parquet: %w: Dictionary names column %q, of type %v", ErrOptions, name, types[i])
		}
		dict[i] = true
	}
	f.header, f.types = header, types
	f.pw = pq.NewGenericWriter[any](f.out, newSchema(header, types, dict),
		pq.Compression(f.opts.Compression.codec()),
		pq.DictionaryMaxBytes(dictionaryMaxBytes))
	f.cols = f.pw.ColumnWriters()
	f.batch.init(types, f.opts.EmptyStrings)
	return nil
}

func (w *Writer) tooLong() error {
	err := fmt.Errorf("%w: more than %d bytes", ErrRecordTooLong, w.opts.MaxRecordSize)
	if w.header == nil {
		return headerError(err)
	}
	return &RecordError{Record: w.records, Err: err}
}

// headerError reports a malformed header row. Column names are not data,
// but the error names positions only, as record errors do.
func headerError(err error) error {
	return fmt.Errorf("parquet: %w: header row: %w", ErrMalformedCSV, err)
}

// parseError turns a parse error of the current record into a RecordError
// that names the column, if one is at fault.
func (w *Writer) parseError(err error) error {
	e := &RecordError{Record: w.records}
	var pe *csvrec.ParseError
	if errors.As(err, &pe) && pe.Field > 0 && pe.Field <= len(w.header) {
		e.Column = w.header[pe.Field-1]
	}
	// The parse error holds line numbers of the CSV stream, which is
	// internal to the pipeline; the record number is what locates the row.
	cause := errors.Unwrap(err)
	if cause == nil {
		cause = err
	}
	e.Err = fmt.Errorf("%w: %w", ErrMalformedCSV, cause)
	return e
}

// addRow appends a record to the batch, and writes the batch, and then the
// row group, when they are full.
func (f *parquetFile) addRow(fields [][]byte) error {
	size, bad := f.batch.add(fields)
	if bad >= 0 {
		return &RecordError{Record: f.records, Column: f.header[bad], Err: fmt.Errorf("%w: not %s", ErrInvalidValue, articled(f.types[bad]))}
	}
	f.groupRows++
	f.groupBytes += size
	switch {
	case f.groupRows >= f.opts.RowGroupRows || f.groupBytes >= f.opts.RowGroupBytes:
		if err := f.writeBatch(); err != nil {
			return err
		}
		f.groupRows, f.groupBytes = 0, 0
		if err := f.pw.Flush(); err != nil {
			return fmt.Errorf("parquet: write row group: %w", err)
		}
	case f.batch.rows >= batchRows || len(f.batch.arena) >= batchBytes:
		return f.writeBatch()
	}
	return nil
}

func articled(t Type) string {
	if t == Int64 {
		return "an int64"
	}
	if t == Timestamp {
		return "an RFC 3339 timestamp with a zone, to the microsecond"
	}
	return "a " + t.String()
}

// writeBatch hands the batch to the column writers, which copy the values
// into their pages, and empties it.
func (f *parquetFile) writeBatch() error {
	if f.batch.rows == 0 {
		return nil
	}
	for i, c := range f.cols {
		if _, err := c.WriteRowValues(f.batch.column(i)); err != nil {
			return fmt.Errorf("parquet: write column %q: %w", f.header[i], err)
		}
	}
	f.batch.reset()
	return nil
}
