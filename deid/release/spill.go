package release

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
)

// A spill holds the fields of the field-level output that the k-anonymity
// stage does not need in memory (every column but the quasi-identifiers),
// from the moment a record leaves the field policy until the release is
// verified and written. Each record is its fields' lengths (uvarints) and
// their bytes; the quasi-identifiers, which the stage generalizes, are
// not spilled. The file is removed when the spill is closed.
//
// The field stage's workers write the records of each chunk of the input
// at once, in parallel, wherever they reserve room in the file; the stage
// keeps the place of every chunk in input order (add) and reads them
// back in that order.
//
// A spill rather than a second pass over the input: the input may be a
// pipe, and re-running the field policy would cost its keyed actions
// twice.
type spill struct {
	f      *os.File
	end    atomic.Int64 // room reserved so far
	chunks []span       // in input order

	// Reading: the chunk read, the position in it, the next chunk.
	buf  []byte
	pos  int
	next int
	lens []int
}

// A span is where a chunk's records are in the spill's file.
type span struct{ off, n int64 }

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "deidkit-release-*.spill")
	if err != nil {
		return nil, fmt.Errorf("release: spill: %w", err)
	}
	return &spill{f: f}, nil
}

// appendSpill appends to dst the spill record of the fields whose keep
// entry is true.
func appendSpill(dst []byte, fields [][]byte, keep []bool) []byte {
	for i, f := range fields {
		if keep[i] {
			dst = binary.AppendUvarint(dst, uint64(len(f)))
		}
	}
	for i, f := range fields {
		if keep[i] {
			dst = append(dst, f...)
		}
	}
	return dst
}

// write writes a chunk of records made by appendSpill, from any
// goroutine, and returns where they are.
func (s *spill) write(records []byte) (span, error) {
	n := int64(len(records))
	sp := span{off: s.end.Add(n) - n, n: n}
	if _, err := s.f.WriteAt(records, sp.off); err != nil {
		return span{}, fmt.Errorf("release: spill: %w", err)
	}
	return sp, nil
}

// add appends a chunk that write wrote to those to read back, in order.
func (s *spill) add(sp span) {
	if sp.n > 0 {
		s.chunks = append(s.chunks, sp)
	}
}

// rewind starts reading from the first record.
func (s *spill) rewind() { s.buf, s.pos, s.next = s.buf[:0], 0, 0 }

var errSpill = errors.New("release: spill: truncated record")

// read reads the next record of n fields into fields, which alias the
// spill's buffer until the next read.
func (s *spill) read(n int, fields [][]byte) error {
	if s.pos == len(s.buf) {
		if s.next == len(s.chunks) {
			return errSpill
		}
		sp := s.chunks[s.next]
		s.next++
		if int64(cap(s.buf)) < sp.n {
			s.buf = make([]byte, sp.n)
		}
		s.buf, s.pos = s.buf[:sp.n], 0
		if _, err := s.f.ReadAt(s.buf, sp.off); err != nil {
			return fmt.Errorf("release: spill: %w", err)
		}
	}
	p := s.buf[s.pos:]
	s.lens = s.lens[:0]
	total := 0
	for range n {
		l, k := binary.Uvarint(p)
		if k <= 0 || l > uint64(len(p)) {
			return errSpill
		}
		p = p[k:]
		s.lens = append(s.lens, int(l))
		total += int(l)
	}
	if total > len(p) {
		return errSpill
	}
	for i, l := range s.lens {
		fields[i] = p[:l:l]
		p = p[l:]
	}
	s.pos = len(s.buf) - len(p)
	return nil
}

// close removes the spill's file.
func (s *spill) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
