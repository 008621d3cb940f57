package release

import (
	"bufio"
	"fmt"
	"io"

	"github.com/deidkit/deidkit/deid"
)

// peekSize is how much of the input a Profile's field names are read
// from.
const peekSize = 1 << 20

// peekFields returns the field names of the input without consuming it,
// from its first peekSize bytes (deid.SampleFields): the CSV header, or
// the paths of the values of the NDJSON records that begin there, in
// order of first appearance. A path first met later gets no rule from the
// profile, so the policy's default (drop) applies to it.
func peekFields(br *bufio.Reader, f deid.Format, comma byte) ([]string, error) {
	head, err := br.Peek(peekSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("release: read input: %w", err)
	}
	if err == io.EOF && len(head) > 0 && head[len(head)-1] != '\n' {
		// The whole input: its last line is not cut off.
		head = append(head[:len(head):len(head)], '\n')
	}
	return deid.SampleFields(head, f, comma)
}
