package parquet

import (
	"fmt"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// Defaults for [Options].
const (
	// DefaultRowGroupRows keeps row groups large enough that readers'
	// per-group costs (metadata, seeks) stay negligible, and small enough
	// that the writer's memory stays in the tens of megabytes.
	DefaultRowGroupRows = 128 << 10
	// DefaultRowGroupBytes caps a row group of wide records.
	DefaultRowGroupBytes = 64 << 20
	// DefaultMaxRecordSize matches the transformer's own record bound.
	DefaultMaxRecordSize = 64 << 20
	// MaxRecordSizeLimit is the largest MaxRecordSize: Parquet's byte
	// array pages count in 32 bits, and no record needs to come close.
	MaxRecordSizeLimit = 1 << 30
)

// Options configure a [Writer]. The zero value writes comma-separated
// input as zstd-compressed string columns in row groups of at most
// [DefaultRowGroupRows] rows and [DefaultRowGroupBytes] bytes.
type Options struct {
	// Comma is the CSV field delimiter, the transformer's OutputComma:
	// any ASCII byte but '"', '\r', '\n' and NUL. Zero means ','.
	Comma byte
	// RowGroupRows is the number of rows after which the current row group
	// is written out. Zero means DefaultRowGroupRows.
	RowGroupRows int
	// RowGroupBytes is the number of field bytes (the values as they are in
	// the CSV, before encoding and compression) after which the current row
	// group is written out, whatever its number of rows. Zero means
	// DefaultRowGroupBytes.
	RowGroupBytes int
	// MaxRecordSize bounds one CSV record in bytes, since an unterminated
	// record would otherwise be buffered without limit. Zero means
	// DefaultMaxRecordSize; at most MaxRecordSizeLimit.
	MaxRecordSize int
	// Compression is the codec of every column. Zero means Zstd.
	Compression Compression
	// Types declares the type of some columns by name; the other columns
	// are strings. Naming a column that the header lacks is an error, so
	// that a typo does not silently leave a column as text.
	Types map[string]Type
	// Dictionary names string columns to dictionary-encode: each distinct
	// value is stored once per row group and rows refer to it by index.
	// That makes files of columns with few distinct values (years, ZIP3,
	// sex, device models, the pseudonyms of users with many measurements)
	// smaller and often faster to write, but costs a hash-table insert per
	// value, which makes a column of mostly unique values (timestamps,
	// measurements) several times slower to write. A dictionary that grows
	// past 1 MiB falls back to plain encoding for the rest of its row
	// group, which bounds its memory. Naming a column that the header
	// lacks, or that is not a string column, is an error.
	Dictionary []string
	// EmptyStrings keeps the empty fields of string columns as empty
	// strings. By default every empty field is null, as most CSV readers
	// (pandas, Spark, DuckDB, PostgreSQL's COPY) read it; columns of other
	// types always read an empty field as null.
	EmptyStrings bool
}

// A Type is the Parquet type of a column.
type Type int

// The column types. Every column is optional (nullable).
const (
	// String is a BYTE_ARRAY column with the STRING logical type: the
	// field's bytes as they are. The CSV must be UTF-8, as the
	// transformer's output is when its input is.
	String Type = iota
	// Int64 is an INT64 column holding a decimal integer as it is written
	// back ("42", "-7"): no plus sign, leading zeros or spaces, within the
	// range of int64. A field the column would store under another
	// spelling ("0042", a ZIP code or an ID whose leading zeros would be
	// lost; "+7") is an invalid value: keep such a column a string.
	Int64
	// Double is a DOUBLE column holding a number in decimal or scientific
	// notation ("72.5", "-1e-3"), as strconv.ParseFloat reads it, "NaN"
	// and "Inf" included, but not with a plus sign, leading zeros
	// ("0042.5") or a base prefix ("0x1p4"), which it would not keep.
	Double
	// Timestamp is an INT64 column with the TIMESTAMP logical type, in
	// microseconds since the Unix epoch, adjusted to UTC: it holds an RFC
	// 3339 time with a zone ("2025-05-30T19:29:39Z", "2025-05-30T21:29:39+02:00"),
	// to the microsecond. A time without a zone names no instant, and a
	// finer fraction would be rounded: both are invalid values.
	Timestamp
)

func (t Type) String() string {
	switch t {
	case String:
		return "string"
	case Int64:
		return "int64"
	case Double:
		return "double"
	case Timestamp:
		return "timestamp"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

func (t Type) node(dictionary bool) pq.Node {
	switch t {
	case Int64:
		return pq.Optional(pq.Int(64))
	case Double:
		return pq.Optional(pq.Leaf(pq.DoubleType))
	case Timestamp:
		return pq.Optional(pq.Timestamp(pq.Microsecond))
	}
	if dictionary {
		return pq.Optional(pq.Encoded(pq.String(), &pq.RLEDictionary))
	}
	return pq.Optional(pq.String())
}

// dictionaryMaxBytes is the size past which a column's dictionary falls
// back to plain encoding, as Parquet writers commonly do at 1 MiB.
const dictionaryMaxBytes = 1 << 20

// Compression is the codec that compresses the column data.
type Compression int

// The codecs.
const (
	// Zstd, the default, makes the smallest files of the three at a
	// writing speed close to Snappy's: the files are written once and
	// then moved and stored, often outside the company.
	Zstd Compression = iota + 1
	// Snappy writes faster, and larger files.
	Snappy
	// Uncompressed stores the encoded pages as they are.
	Uncompressed
)

func (c Compression) String() string {
	switch c {
	case Zstd:
		return "zstd"
	case Snappy:
		return "snappy"
	case Uncompressed:
		return "uncompressed"
	}
	return fmt.Sprintf("Compression(%d)", int(c))
}

func (c Compression) codec() compress.Codec {
	switch c {
	case Snappy:
		return &pq.Snappy
	case Uncompressed:
		return &pq.Uncompressed
	}
	return &pq.Zstd
}

// withDefaults validates o and fills in its defaults.
func (o Options) withDefaults() (Options, error) {
	if o.Comma == 0 {
		o.Comma = ','
	}
	if o.Comma == '"' || o.Comma == '\r' || o.Comma == '\n' || o.Comma >= 0x80 {
		return o, fmt.Errorf("parquet: %w: delimiter %q", ErrOptions, o.Comma)
	}
	if o.RowGroupRows < 0 || o.RowGroupBytes < 0 || o.MaxRecordSize < 0 {
		return o, fmt.Errorf("parquet: %w: negative size", ErrOptions)
	}
	if o.RowGroupRows == 0 {
		o.RowGroupRows = DefaultRowGroupRows
	}
	if o.RowGroupBytes == 0 {
		o.RowGroupBytes = DefaultRowGroupBytes
	}
	if o.MaxRecordSize == 0 {
		o.MaxRecordSize = DefaultMaxRecordSize
	}
	if o.MaxRecordSize > MaxRecordSizeLimit {
		return o, fmt.Errorf("parquet: %w: MaxRecordSize over %d", ErrOptions, MaxRecordSizeLimit)
	}
	switch o.Compression {
	case 0:
		o.Compression = Zstd
	case Zstd, Snappy, Uncompressed:
	default:
		return o, fmt.Errorf("parquet: %w: unknown %v", ErrOptions, o.Compression)
	}
	for name, t := range o.Types {
		if t != String && t != Int64 && t != Double && t != Timestamp {
			return o, fmt.Errorf("parquet: %w: column %q has unknown %v", ErrOptions, name, t)
		}
	}
	return o, nil
}
