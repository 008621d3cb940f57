package release

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// A spill holds the fields of the field-level output that the k-anonymity
// stage does not need in memory (every column but the quasi-identifiers),
// from the moment a record leaves the field policy until the release is
// verified and written. Each record is its fields' lengths (uvarints) and
// their bytes; the quasi-identifiers, which the stage generalizes, are
// not spilled. The file is removed when the spill is closed.
//
// A spill rather than a second pass over the input: the input may be a
// pipe, and re-running the field policy would cost its keyed actions
// twice.
type spill struct {
	f    *os.File
	w    *bufio.Writer
	r    *bufio.Reader
	buf  []byte
	lens []int
	size int64
}

const spillBuffer = 1 << 20

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "deidkit-release-*.spill")
	if err != nil {
		return nil, fmt.Errorf("release: spill: %w", err)
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, spillBuffer)}, nil
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

// write appends records made by appendSpill.
func (s *spill) write(records []byte) error {
	if _, err := s.w.Write(records); err != nil {
		return fmt.Errorf("release: spill: %w", err)
	}
	s.size += int64(len(records))
	return nil
}

// rewind ends writing and starts reading from the first record.
func (s *spill) rewind() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("release: spill: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("release: spill: %w", err)
	}
	s.r = bufio.NewReaderSize(s.f, spillBuffer)
	return nil
}

var errSpill = errors.New("release: spill: truncated record")

// read reads the next record of n fields into fields, which alias the
// spill's buffer until the next read.
func (s *spill) read(n int, fields [][]byte) error {
	s.lens = s.lens[:0]
	total := 0
	for range n {
		l, err := binary.ReadUvarint(s.r)
		if err != nil {
			return errSpill
		}
		s.lens = append(s.lens, int(l))
		total += int(l)
	}
	if cap(s.buf) < total {
		s.buf = make([]byte, total)
	}
	b := s.buf[:total]
	if _, err := io.ReadFull(s.r, b); err != nil {
		return errSpill
	}
	for i, l := range s.lens {
		fields[i] = b[:l:l]
		b = b[l:]
	}
	return nil
}

// close removes the spill's file.
func (s *spill) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
