package baseline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// CSV applies the research policy to CSV with a header row read from r and
// writes CSV to w. A UTF-8 byte order mark at the start is skipped. It
// checks ctx every 1024 rows.
func CSV(ctx context.Context, r io.Reader, w io.Writer, p Params) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	header, err := cr.Read()
	if err == io.EOF {
		return errors.New("baseline: no header row")
	}
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	actions := make([]action, len(header))
	var outHeader []string
	for i, name := range header {
		actions[i] = policy[name]
		if actions[i] != drop {
			outHeader = append(outHeader, name)
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(outHeader); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	out := make([]string, 0, len(outHeader))
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		line, _ := cr.FieldPos(0)
		out = out[:0]
		for i, v := range rec {
			switch actions[i] {
			case keep:
				out = append(out, v)
			case pseudonymize:
				out = append(out, pseudonym(p.DomainKey, v))
			case birthYear:
				y, err := birthYearOf(v, p.RefDate)
				if err != nil {
					return &FieldError{Line: line, Field: header[i], Err: err}
				}
				out = append(out, y)
			case zip3:
				z, err := zip3Of(v)
				if err != nil {
					return &FieldError{Line: line, Field: header[i], Err: err}
				}
				out = append(out, z)
			}
		}
		if err := cw.Write(out); err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	return nil
}
