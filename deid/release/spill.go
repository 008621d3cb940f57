package release

import (
	"errors"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/deidkit/deidkit/deid/internal/fieldrec"
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
// keeps the place of every chunk in input order (add), and the release
// reads them back in that order.
//
// A spill rather than a second pass over the input: the input may be a
// pipe, and re-running the field policy would cost its keyed actions
// twice.
type spill struct {
	f      *os.File
	end    atomic.Int64 // room reserved so far
	chunks []span       // in input order
}

// A span is where a chunk's records are in the spill's file, and how
// many.
type span struct{ off, n, rows int64 }

func newSpill(dir string) (*spill, error) {
	f, err := os.CreateTemp(dir, "deidkit-release-*.spill")
	if err != nil {
		return nil, fmt.Errorf("release: spill: %w", err)
	}
	return &spill{f: f}, nil
}

// appendSpill appends to dst the spill record of the fields of the
// columns cols.
func appendSpill(dst []byte, fields [][]byte, cols []int) []byte {
	for _, i := range cols {
		dst = fieldrec.AppendLen(dst, len(fields[i]))
	}
	for _, i := range cols {
		dst = append(dst, fields[i]...)
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

// add appends a chunk of rows records that write wrote to those to
// read back, in order.
func (s *spill) add(sp span, rows int) {
	if rows > 0 {
		sp.rows = int64(rows)
		s.chunks = append(s.chunks, sp)
	}
}

var errSpill = errors.New("release: spill: truncated record")

// readChunk reads the records of a chunk into buf, grown if need be, and
// returns them.
func (s *spill) readChunk(sp span, buf []byte) ([]byte, error) {
	if int64(cap(buf)) < sp.n {
		buf = make([]byte, sp.n)
	}
	buf = buf[:sp.n]
	if _, err := s.f.ReadAt(buf, sp.off); err != nil {
		return buf, fmt.Errorf("release: spill: %w", err)
	}
	return buf, nil
}

// nextSpilled decodes the record at the start of p into fields, which
// alias p, and returns the fields' bytes, one after the other, and the
// rest of p; lens is scratch.
func nextSpilled(p []byte, fields [][]byte, lens *[]int) (body, rest []byte, err error) {
	if _, body, rest, err = fieldrec.Split(p, len(fields), fields, lens); err != nil {
		return nil, nil, errSpill
	}
	return body, rest, nil
}

// close removes the spill's file.
func (s *spill) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
