package kanon

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readHeader starts reading CSV input with a header line: it detects the
// delimiter when comma is 0, reads the header, and returns the reader,
// positioned on the first data line and expecting as many fields as the
// header has, with the position of each of the named columns.
func readHeader(r io.Reader, comma rune, names []string) (*csv.Reader, []int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if comma == 0 {
		head, err := br.Peek(br.Size())
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, nil, fmt.Errorf("%w: reading the header: %w", ErrInput, err)
		}
		comma = detectComma(head)
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, nil, &InputError{Line: 1, Reason: "no header line"}
		}
		return nil, nil, csvError(err)
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.TrimSpace(h)
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	cols := make([]int, len(names))
	for i, name := range names {
		j, ok := index[name]
		if !ok {
			return nil, nil, fmt.Errorf("%w: column %q is not in the header", ErrSchema, name)
		}
		cols[i] = j
	}
	cr.FieldsPerRecord = len(header)
	return cr, cols, nil
}
