package baseline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// maxLine bounds an NDJSON line.
const maxLine = 64 << 20

// NDJSON applies the research policy to the top-level keys of each JSON
// object read from r, one per line, and writes one object per line to w
// with json.Encoder: keys sorted, numbers as float64, as users get them.
// Blank lines are skipped. It checks ctx every 1024 lines.
func NDJSON(ctx context.Context, r io.Reader, w io.Writer, p Params) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	for line := 1; sc.Scan(); line++ {
		if line%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		text := sc.Bytes()
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal(text, &obj); err != nil {
			return fmt.Errorf("baseline: line %d: %w", line, err)
		}
		for key, v := range obj {
			a := policy[key]
			if a == keep {
				continue
			}
			if a == drop {
				delete(obj, key)
				continue
			}
			s, ok := v.(string)
			if !ok {
				return &FieldError{Line: line, Field: key, Err: ErrValue}
			}
			var err error
			switch a {
			case pseudonymize:
				obj[key] = pseudonym(p.DomainKey, s)
			case birthYear:
				obj[key], err = birthYearOf(s, p.RefDate)
			case zip3:
				obj[key], err = zip3Of(s)
			}
			if err != nil {
				return &FieldError{Line: line, Field: key, Err: err}
			}
		}
		if err := enc.Encode(obj); err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	return bw.Flush()
}
