// Package parquet writes the output of the streaming transformer of package
// deid as an Apache Parquet file.
//
// # Model
//
// A [Writer] is an [io.WriteCloser] that takes a CSV stream, header row
// first, and writes a Parquet file to the underlying writer. It is the
// output of a deid.Transformer whose Output is deid.CSV:
//
//	tr, err := deid.NewTransformer(policy, keys, deid.Options{Input: deid.CSV, Output: deid.CSV})
//	...
//	pw := parquet.NewWriter(file, parquet.Options{})
//	if _, err := tr.Run(ctx, in, pw); err != nil {
//		return err // the file is incomplete: delete it
//	}
//	if err := pw.Close(); err != nil { // the last row group and the footer
//		return err
//	}
//
// A [RecordWriter] writes the release of package deid/release instead: it
// receives each record's fields and the type of each column, with no CSV
// between them, so that measurements, counts and timestamps become DOUBLE,
// INT64 and TIMESTAMP columns:
//
//	rep, err := release.Run(ctx, in, parquet.NewRecordWriter(file, parquet.Options{}), cfg)
//
// Parquet output lives in this package, not in deid, so that a program that
// imports deid without writing Parquet does not link a Parquet library and
// its compression codecs.
//
// The transformer and the Writer meet on CSV because CSV is already what
// the transformer writes: its pipeline (parallel chunks, output in input
// order, quarantine, exclusion, the report) stays as it is, and the Writer
// plugs into Run like a file. Parsing the CSV again costs little next to
// Parquet's encoding: the parser of deid/internal/csvrec reads about 1 GB/s
// on one core, while encoding and compressing the columns runs at about
// 100 MB/s of CSV. The Writer accepts the stream in pieces of any size,
// cut anywhere, even inside a quoted field.
//
// # Columns
//
// The columns are those of the header row, in its order, which is the
// order of the policy's output. Every column is optional. By default every
// column is a string column (BYTE_ARRAY with the STRING logical type):
// de-identified values are text ("90+", the ZIP3 "941", ranges such as
// "[70, 80)", pseudonyms), and guessing numbers from the text would be
// fragile, since one "90+" in a column of ages would change its type. A
// column declared in [Options.Types] is INT64, DOUBLE or TIMESTAMP (INT64
// microseconds, adjusted to UTC) instead, and a value that does not parse
// as that type stops the conversion with an error naming the record and
// the column.
//
// CSV has no null, only empty fields. An empty field becomes a null, as
// most CSV readers (pandas, Spark, DuckDB, PostgreSQL's COPY) would read
// it, so that the Parquet file means what the CSV meant; string columns can
// keep empty strings instead with [Options.EmptyStrings]. The transformer
// writes an empty value as an empty field, and leaves empty values empty
// under every action but replace.
//
// # Memory
//
// The Writer never holds the file. It holds the current row group, which
// it writes out once it reaches [Options.RowGroupRows] rows or
// [Options.RowGroupBytes] bytes of field content, whichever comes first;
// the Parquet encoder's buffers (one page per column, up to 256 KiB, a
// dictionary of up to 1 MiB for the columns of [Options.Dictionary], and
// 32 KiB of output); a batch of up to 256 rows or 1 MiB on its way to the
// columns; and the unfinished end of the input, at most one record of up
// to [Options.MaxRecordSize] bytes. The row group dominates: with the
// defaults it is at most 64 MiB of field content, held encoded and
// compressed, so in practice a few tens of megabytes.
//
// # Compression
//
// Columns are compressed with zstd by default: on a measurement table it
// makes files about 40% smaller than Snappy does, for about a third more
// CPU time. The files are written once, then moved, stored and often sent
// outside the company, so size matters more than the last bit of writing
// speed; Snappy and no compression are options.
//
// # Errors
//
// Errors name the record (its 1-based number after the header, which is
// its row in the file) and the column, never a value, so they are safe to
// log even when the data is identified: see [RecordError]. The first error
// stops the Writer: later calls return it, and the output must be
// discarded. Malformed CSV, a value of the wrong type and an oversized
// record are errors ([ErrMalformedCSV], [ErrInvalidValue],
// [ErrRecordTooLong]); the Writer has no quarantine, since its input is the
// transformer's own output, which quarantines bad input records upstream.
package parquet
