// Package chunk holds what the CSV and NDJSON chunkers share: reading the
// input into the caller's chunk buffers, carrying the bytes read past a
// cut over to the next chunk, skipping a byte order mark, and numbering
// chunks with their first line and input offset. Where a chunk may be cut
// (at a record boundary) is the format's business: the chunkers of
// packages csvrec and jsonrec decide it and call [Stream.Cut].
package chunk

import (
	"bytes"
	"fmt"
	"io"
)

// Chunk is a run of whole records cut from the input.
type Chunk struct {
	Data   []byte // the records, as read; ends with '\n' unless it is the last chunk
	Line   int    // physical line number (1-based, counting '\n' bytes) of Data[0]
	Offset int64  // byte offset of Data[0] in the input, a skipped byte order mark included
	Seq    int    // position of the chunk in the input, from 0
	// Read is what the Stream read from the input while cutting this
	// chunk and did not pass to its tee: the bytes of the chunk's buffer
	// that came from the input rather than from the chunk before (Data's,
	// and those carried over to the next chunk). Nil without a tee.
	Read []byte
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// A Stream reads an input for a chunker. It is not safe for concurrent use.
type Stream struct {
	r      io.Reader
	name   string    // the chunker's package, for read errors
	tee    io.Writer // nil: no tee
	cut    bool      // a chunk was cut: the tee is fed through Chunk.Read
	fresh  int       // where the bytes not yet passed to the tee start in the buffer being filled
	carry  []byte    // bytes read past the last cut
	eof    bool
	line   int   // line number of the next chunk
	offset int64 // input offset of the next chunk
	seq    int
}

// NewStream returns a Stream reading r; name prefixes its read errors.
//
// A tee, when not nil, gets every byte read from r, in input order: the
// Stream writes those it reads before the first chunk is cut (a header, a
// byte order mark, the first chunk) to it as it reads them; the bytes
// read for each later chunk come with the chunk (Chunk.Read), for the
// caller to write to the tee in chunk order. This way the tee of a stream
// read under a lock by several workers (a hash of the input) can be fed
// by the goroutine that puts their chunks back in order, outside the
// lock. A chunk's Read shares its buffer: it is valid as long as Data.
func NewStream(r io.Reader, name string, tee io.Writer) *Stream {
	return &Stream{r: r, name: name, tee: tee, line: 1}
}

// Begin returns buf, with a capacity of at least size, holding the bytes
// carried over from the last cut.
func (s *Stream) Begin(buf []byte, size int) []byte {
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	buf = append(buf[:0], s.carry...)
	s.carry = s.carry[:0]
	s.fresh = len(buf)
	return buf
}

// Fill reads into buf until it holds need bytes or the input ends. A
// reader that returns no bytes and no error 100 times in a row is an
// io.ErrNoProgress.
func (s *Stream) Fill(buf []byte, need int) ([]byte, error) {
	from := len(buf)
	buf, err := s.fill(buf, need)
	if s.tee != nil && !s.cut {
		s.fresh = len(buf)
		if _, terr := s.tee.Write(buf[from:]); terr != nil && err == nil {
			err = fmt.Errorf("%s: tee: %w", s.name, terr)
		}
	}
	return buf, err
}

func (s *Stream) fill(buf []byte, need int) ([]byte, error) {
	if cap(buf) < need {
		nb := make([]byte, len(buf), need)
		copy(nb, buf)
		buf = nb
	}
	empty := 0
	for !s.eof && len(buf) < need {
		n, err := s.r.Read(buf[len(buf):need])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			return buf, fmt.Errorf("%s: read: %w", s.name, err)
		case n == 0:
			if empty++; empty >= 100 {
				return buf, io.ErrNoProgress
			}
		}
	}
	return buf, nil
}

// SkipBOM drops a UTF-8 byte order mark that starts buf, which must start
// the input, counting it in the offset.
func (s *Stream) SkipBOM(buf []byte) []byte {
	if !bytes.HasPrefix(buf, bom) {
		return buf
	}
	s.offset += int64(len(bom))
	return append(buf[:0], buf[len(bom):]...)
}

// Consume counts b, the bytes at the current position, as read (a header
// or blank lines that belong to no chunk).
func (s *Stream) Consume(b []byte) {
	s.line += bytes.Count(b, []byte{'\n'})
	s.offset += int64(len(b))
}

// Carry keeps rest, bytes read past the current position, for the next
// call to Begin.
func (s *Stream) Carry(rest []byte) { s.carry = append(s.carry[:0], rest...) }

// Cut returns buf[:end] as the next chunk and carries the rest over.
func (s *Stream) Cut(buf []byte, end int) Chunk {
	s.Carry(buf[end:])
	ch := Chunk{Data: buf[:end], Line: s.line, Offset: s.offset, Seq: s.seq}
	if s.tee != nil {
		// Before the first cut, fresh is the end of what was read (a
		// skipped byte order mark shortened buf): nothing is owed.
		ch.Read = buf[min(s.fresh, len(buf)):]
		s.cut = true
	}
	s.Consume(ch.Data)
	s.seq++
	return ch
}

// EOF reports whether the input has ended; Done, whether it has and
// nothing is carried over, so that the next Begin would hold no byte.
func (s *Stream) EOF() bool  { return s.eof }
func (s *Stream) Done() bool { return s.eof && len(s.carry) == 0 }

// Line returns the line number of the next chunk; Offset, the number of
// input bytes handed out (or consumed) so far.
func (s *Stream) Line() int     { return s.line }
func (s *Stream) Offset() int64 { return s.offset }
