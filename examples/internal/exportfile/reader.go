package exportfile

import (
	"bufio"
	"io"
)

// PeekSize is how much of the input a Reader can return without
// consuming it (Peek): the head of the input that the field names are
// read from and the policy is checked on.
const PeekSize = 1 << 20

// A Reader is a buffered reader of an input whose head is read
// ahead (Peek). Once its buffer is drained, it reads from the input directly, so
// that large reads (chunks of records) are not copied through the buffer.
type Reader struct {
	*bufio.Reader
	r io.Reader
}

// NewReader returns a reader of r with a buffer of PeekSize bytes.
func NewReader(r io.Reader) *Reader { return &Reader{bufio.NewReaderSize(r, PeekSize), r} }

func (r *Reader) Read(p []byte) (int, error) {
	if r.Buffered() > 0 || len(p) < 4096 {
		return r.Reader.Read(p)
	}
	return r.r.Read(p)
}
