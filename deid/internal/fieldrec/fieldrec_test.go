package fieldrec

import (
	"bytes"
	"errors"
	"testing"
)

// Records of short and long fields split as appended, one after the
// other; a record cut anywhere is ErrTruncated.
func TestSplit(t *testing.T) {
	for _, rec := range [][][]byte{
		nil,
		{{}},
		{[]byte("a"), {}, []byte("bc")},
		{bytes.Repeat([]byte("x"), 127), bytes.Repeat([]byte("y"), 128), []byte("z")},
	} {
		var p []byte
		for range 2 {
			for _, f := range rec {
				p = AppendLen(p, len(f))
			}
			for _, f := range rec {
				p = append(p, f...)
			}
		}
		var lens []int
		rest := p
		for range 2 {
			fields, body, r, err := Split(rest, len(rec), nil, &lens)
			if err != nil {
				t.Fatalf("%q: %v", rec, err)
			}
			if !bytes.Equal(body, bytes.Join(rec, nil)) {
				t.Fatalf("%q: body %q", rec, body)
			}
			for i := range rec {
				if !bytes.Equal(fields[i], rec[i]) {
					t.Fatalf("%q: field %d is %q", rec, i, fields[i])
				}
			}
			rest = r
		}
		if len(rest) != 0 {
			t.Fatalf("%q: %d bytes left", rec, len(rest))
		}
		for cut := range len(p) / 2 {
			if _, _, _, err := Split(p[:cut], len(rec), nil, &lens); !errors.Is(err, ErrTruncated) {
				t.Fatalf("%q cut at %d: %v, want ErrTruncated", rec, cut, err)
			}
		}
	}
}
