package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
)

// maxRecordSize bounds one CSV record, as the library's transformer does
// by default: a stray quote must not read a whole shard into memory.
const maxRecordSize = 64 << 20

// A csvShard reads the records of one CSV shard, each with its line and
// its raw text (for the quarantine), with encoding/csv: RFC 4180 quoting,
// newlines inside quotes, CRLF, a byte order mark, blank lines skipped.
type csvShard struct {
	cr   *csv.Reader
	raw  *rawBuffer
	prev int64 // input offset where the current record starts
}

func newCSVShard(r io.Reader) *csvShard {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	raw := &rawBuffer{r: br, limit: maxRecordSize}
	cr := csv.NewReader(raw)
	cr.FieldsPerRecord = -1 // the field stage reports a wrong count, as the library's transformer does
	cr.ReuseRecord = true
	return &csvShard{cr: cr, raw: raw}
}

// A shardRecord is one record as read: its fields, or the parse error
// (which names the field, never the value).
type shardRecord struct {
	File   string
	Line   int64
	Fields []string
	Raw    string
	Err    string
}

// next returns the next record, io.EOF at the end of the shard, or an
// error that stops reading the shard (an I/O error, a record too long).
func (s *csvShard) next() (shardRecord, error) {
	fields, err := s.cr.Read()
	if err == io.EOF {
		return shardRecord{}, io.EOF
	}
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return shardRecord{}, err
	}
	off := s.cr.InputOffset()
	raw := string(bytes.TrimRight(bytes.TrimLeft(s.raw.take(s.prev, off), "\r\n"), "\r\n"))
	s.prev = off
	if pe != nil {
		// encoding/csv locates the error by byte, not by field: the
		// reason names the record.
		return shardRecord{Line: int64(pe.StartLine), Raw: raw,
			Err: fmt.Sprintf("field \"(record)\" (parse): malformed record: %v", pe.Err)}, nil
	}
	line, _ := s.cr.FieldPos(0)
	return shardRecord{Line: int64(line), Fields: slices.Clone(fields), Raw: raw}, nil
}

// header reads the header row.
func (s *csvShard) header() ([]string, error) {
	h, err := s.next()
	switch {
	case err == io.EOF:
		return nil, errors.New("empty, no CSV header")
	case err != nil:
		return nil, err
	case h.Err != "":
		return nil, fmt.Errorf("line %d: malformed CSV header", h.Line)
	}
	return h.Fields, nil
}

// rawBuffer keeps the bytes the CSV reader has read ahead, so that the
// raw text of each record can be taken by input offset.
type rawBuffer struct {
	r     io.Reader
	buf   []byte
	base  int64 // input offset of buf[0]
	limit int   // bytes of one record
}

func (b *rawBuffer) Read(p []byte) (int, error) {
	if len(b.buf) > b.limit {
		return 0, fmt.Errorf("a record is longer than %d bytes", b.limit)
	}
	n, err := b.r.Read(p)
	b.buf = append(b.buf, p[:n]...)
	return n, err
}

// take returns the bytes from offset from to offset to, and forgets the
// bytes before to.
func (b *rawBuffer) take(from, to int64) []byte {
	out := bytes.Clone(b.buf[from-b.base : to-b.base])
	rest := copy(b.buf, b.buf[to-b.base:])
	b.buf = b.buf[:rest]
	b.base = to
	return out
}
