package release

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/deid/internal/jsonrec"
)

// peekSize is how much of the input a Profile's field names are read
// from.
const peekSize = 1 << 20

// peekFields returns the field names of the input without consuming it:
// the CSV header, or the union of the dotted paths of the NDJSON records
// that begin in the first peekSize bytes, in order of first appearance.
// A path first met later gets no rule from the profile, so the policy's
// default (drop) applies to it.
func peekFields(br *bufio.Reader, f deid.Format) ([]string, error) {
	head, err := br.Peek(peekSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("release: read input: %w", err)
	}
	complete := err == io.EOF
	if f == deid.CSV {
		c, err := csvrec.NewChunker(bytes.NewReader(head), csvrec.Options{MaxRecordSize: peekSize})
		if err != nil {
			return nil, fmt.Errorf("release: %w", err)
		}
		names, err := c.Header()
		if err != nil {
			return nil, fmt.Errorf("release: the CSV header (in the first %d bytes): %w", peekSize, err)
		}
		return names, nil
	}
	var (
		p      jsonrec.Parser
		path   jsonrec.Path
		events []jsonrec.Event
		seen   = map[string]bool{}
		names  []string
	)
	for len(head) > 0 {
		line := head
		i := bytes.IndexByte(head, '\n')
		if i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			if !complete {
				break // cut off by the peek
			}
			head = nil
		}
		if events, err = p.Parse(line, events[:0]); err != nil {
			continue // the field stage reports it, with its line
		}
		for k := range events {
			e := &events[k]
			name := path.Visit(e)
			if e.IsLeaf() && !seen[string(name)] {
				seen[string(name)] = true
				names = append(names, string(name))
			}
		}
	}
	return names, nil
}
