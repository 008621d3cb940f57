package kanon

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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
// is near, as the end of an error message. Header names are column names,
// not data, so they may be shown.
func closestNames(name string, header []string) string {
	const most = 3
	limit := max(2, utf8.RuneCountInString(name)/3)
	type scored struct {
		name string
		d    int
	}
	var near []scored
	for _, h := range header {
		if d := editDistance(strings.ToLower(name), strings.ToLower(h)); d <= limit {
			near = append(near, scored{h, d})
		}
	}
	slices.SortStableFunc(near, func(a, b scored) int { return cmp.Compare(a.d, b.d) })
	quoted := func(names []string) string {
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = strconv.Quote(n)
		}
		return strings.Join(q, ", ")
	}
	if len(near) > 0 {
		names := make([]string, 0, most)
		for _, n := range near[:min(len(near), most)] {
			names = append(names, n.name)
		}
		return "; did you mean " + quoted(names) + "?"
	}
	if len(header) > 2*most {
		return fmt.Sprintf("; its %d columns begin %s", len(header), quoted(header[:2*most]))
	}
	return "; its columns are " + quoted(header)
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := range ra {
		cur[0] = i + 1
		for j := range rb {
			sub := prev[j]
			if ra[i] != rb[j] {
				sub++
			}
			cur[j+1] = min(sub, prev[j+1]+1, cur[j]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
