package release

import (
	"bufio"
	"fmt"
	"io"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/deid/internal/jsonrec"
)

// A Type is the type of an output column's values.
type Type int

// The column types. In [Config].Types, Auto (the zero value) leaves the
// type to be inferred; a [Column] always has one of the others.
const (
	Auto Type = iota
	// String is text, as the field policy wrote it.
	String
	// Int64 is a decimal integer without leading zeros ("72", "-3").
	Int64
	// Double is a decimal number ("72.5", "-1e-3").
	Double
	// Timestamp is an RFC 3339 time with a zone ("2025-05-30T19:29:39Z"),
	// to the microsecond.
	Timestamp
)

var typeNames = [...]string{Auto: "auto", String: "string", Int64: "int64", Double: "double", Timestamp: "timestamp"}

func (t Type) String() string {
	if t >= 0 && int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// MarshalText writes the type's name, for JSON reports.
func (t Type) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads a type's name ("auto", "string", "int64", "double",
// "timestamp"), as in a flag or a configuration file.
func (t *Type) UnmarshalText(b []byte) error {
	i, err := parseName(typeNames[:], string(b), "type")
	if err == nil {
		*t = Type(i)
	}
	return err
}

// A Column is an output column: its name and the type of its values.
type Column struct {
	Name string `json:"name"`
	Type Type   `json:"type"`
}

// A Writer writes the released records. [Run] calls Begin once with the
// output columns, Write for every released record, in input order, and
// Close at the end; after an error from any of them the output is
// incomplete and must be discarded. Every value of a column of type Int64,
// Double or Timestamp is of that type, or empty (no value).
//
// CSV and NDJSON make Writers of text; package deid/parquet makes one of
// Parquet files with typed columns. A Writer that writes into an
// io.Writer should say which by a method Destination() io.Writer, as
// these do: Run then refuses a quarantine that is that writer (or the
// same file), whose raw records would otherwise go into the release.
type Writer interface {
	Begin(columns []Column) error
	// Write writes one record, its fields in the order of the columns.
	// The fields are only valid during the call.
	Write(fields [][]byte) error
	// Close writes what remains; it does not close the underlying file.
	Close() error
}

// CSV returns a Writer of RFC 4180 CSV with a header row, as the field
// stage writes it (values as text, whatever their type).
func CSV(w io.Writer) Writer {
	c := &csvWriter{}
	c.w = bufio.NewWriterSize(c.tee(w), 64<<10)
	return c
}

type csvWriter struct {
	digest
	w   *bufio.Writer
	buf []byte
}

func (c *csvWriter) Begin(cols []Column) error {
	c.buf = c.buf[:0]
	for i, col := range cols {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = csvrec.AppendField(c.buf, []byte(col.Name), ',')
	}
	_, err := c.w.Write(append(c.buf, '\n'))
	return err
}

func (c *csvWriter) Write(fields [][]byte) error {
	c.buf = c.appendRecord(c.buf[:0], fields)
	_, err := c.w.Write(c.buf)
	return err
}

func (c *csvWriter) Close() error { return c.w.Flush() }

// NDJSON returns a Writer of one flat JSON object per record, keys in
// column order: numbers of Int64 and Double columns as JSON numbers, other
// values as strings, and empty values as null. A release of NDJSON input
// without a k-anonymity stage or declared types is written by the field
// stage instead, its records keeping their nesting and JSON types.
func NDJSON(w io.Writer) Writer {
	n := &ndjsonWriter{}
	n.w = bufio.NewWriterSize(n.tee(w), 64<<10)
	return n
}

type ndjsonWriter struct {
	digest
	w     *bufio.Writer
	keys  [][]byte // `"name":`
	types []Type
	buf   []byte
}

func (n *ndjsonWriter) Begin(cols []Column) error {
	n.keys, n.types = n.keys[:0], n.types[:0]
	for _, c := range cols {
		n.keys = append(n.keys, append(jsonrec.AppendString(nil, []byte(c.Name)), ':'))
		n.types = append(n.types, c.Type)
	}
	return nil
}

func (n *ndjsonWriter) Write(fields [][]byte) error {
	b := append(n.buf[:0], '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, n.keys[i]...)
		switch {
		case len(f) == 0:
			b = append(b, "null"...)
		case (n.types[i] == Int64 || n.types[i] == Double) && jsonrec.IsNumber(f):
			b = append(b, f...)
		default:
			b = jsonrec.AppendString(b, f)
		}
	}
	b = append(b, "}\n"...)
	n.buf = b
	_, err := n.w.Write(b)
	return err
}

func (n *ndjsonWriter) Close() error { return n.w.Flush() }
