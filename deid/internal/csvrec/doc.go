// Package csvrec reads and writes RFC 4180 CSV at memory speed for the
// streaming transformer.
//
// The model has three parts:
//
//   - A [Chunker] reads the header row, then cuts the rest of the input
//     into chunks of whole records (about 1 MiB each by default) without
//     parsing fields: it only jumps from quote to quote and from newline
//     to newline with the SIMD-backed [bytes.IndexByte]. One goroutine at
//     a time uses it. The caller supplies and recycles the chunk buffers,
//     which bounds memory by the number of buffers in flight times the
//     chunk size.
//   - A [Parser] runs on a worker goroutine over one chunk and yields one
//     record at a time. It finds records and delimiters through a
//     structural index of the chunk (one bit per byte for delimiters, one
//     for quotes and newlines, built sixteen bytes per instruction with
//     SSE2 on amd64, eight bytes at a time elsewhere or with the build tag
//     purego), so that a record without quotes costs a few word
//     operations, not a scan per byte. Its fields are byte slices into the
//     chunk (or, for quoted fields that need unescaping, into a scratch
//     buffer reused across records), built only when asked for: the
//     bounds of the unquoted fields before a record's first quoted one
//     (all of them, in most records) are enough for the transformer's
//     CSV-to-CSV path. Its steady state allocates nothing.
//   - [AppendField] and [AppendRecord] write records into a caller-owned
//     byte slice.
//
// The dialect is exactly that of [encoding/csv] with default settings
// (LazyQuotes off, FieldsPerRecord fixed by the header, LF output), so that
// a program written with encoding/csv and one written with this package
// read and write the same bytes. On top of that, a UTF-8 byte order mark at
// the very start of the input is skipped, the delimiter is any single
// ASCII byte other than '"', '\r', '\n' and NUL, and the text must be
// UTF-8: a record (or the header) that encoding/csv reads but that holds
// a field that is not valid UTF-8 is an error ([ErrUTF8]) naming the
// field, and an input that starts with a UTF-16 byte order mark is
// refused at its header. Each chunk is checked once, in one pass; only
// the records of a chunk that is not valid are checked one by one.
//
// Malformed records do not stop a Parser: [Parser.Err] reports the error of
// the current record, [Parser.Raw] returns its original bytes for a
// quarantine file, and the next call to [Parser.Next] resumes at the line
// after the one where the error was found, exactly where encoding/csv
// resumes. The Chunker applies the same resynchronization rule when it
// looks for record boundaries, so chunk boundaries and the records of a
// Parser agree on any input, well-formed or not: every input byte belongs
// to exactly one record, good or bad, or to a skipped blank line.
//
// Errors are [*ParseError] values wrapping one of the sentinel errors of
// this package. They carry line, column and field positions and never any
// field content.
package csvrec
