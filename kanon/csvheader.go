package kanon

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/deidkit/deidkit/internal/fieldname"
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
	fields := make([]string, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.TrimSpace(h)
		fields[i] = h
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	cols := make([]int, len(names))
	for i, name := range names {
		j, ok := index[name]
		if !ok {
			return nil, nil, fmt.Errorf("%w: column %q is not in the header%s", ErrSchema, name, closestNames(name, fields))
		}
		cols[i] = j
	}
	cr.FieldsPerRecord = len(header)
	return cr, cols, nil
}

// closestNames suggests the header's names nearest to a missing one (a
// typo, another case, a missing underscore), or lists the header when none
// is near, as the end of an error message. A header that looks like data
// (a file without a header row: its first record is e-mails, dates, IDs)
// is never repeated: the message says which column looks like what.
func closestNames(name string, header []string) string {
	const most = 3
	sc := fieldname.NewValueScrubber()
	for i, h := range header {
		if what, ok := fieldname.LooksLikeData(sc, h); ok {
			return fmt.Sprintf("; the header's column %d looks like %s (is the header row missing?)", i+1, what)
		}
	}
	quoted := func(names []string) string {
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = strconv.Quote(n)
		}
		return strings.Join(q, ", ")
	}
	if near := fieldname.Closest(name, header, most); len(near) > 0 {
		return "; did you mean " + quoted(near) + "?"
	}
	if len(header) > 2*most {
		return fmt.Sprintf("; its %d columns begin %s", len(header), quoted(header[:2*most]))
	}
	return "; its columns are " + quoted(header)
}
