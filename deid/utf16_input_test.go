package deid

import (
	"errors"
	"strings"
	"testing"
)

// A CSV file saved as UTF-16 (NUL bytes between the letters of its
// header) is refused with an error that says so, not only that a name
// holds a control character or is not UTF-8: with a byte order mark or
// without.
func TestUTF16CSVSaysUTF16(t *testing.T) {
	for _, bom := range [][]byte{{0xff, 0xfe}, {0xfe, 0xff}, nil} {
		in := bom
		for _, c := range []byte("user_id,n\nu-1,2\n") {
			if bom != nil && bom[0] == 0xfe {
				in = append(in, 0, c)
			} else {
				in = append(in, c, 0)
			}
		}
		p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Drop}}}
		tr, err := NewTransformer(p, Keys{}, Options{Input: CSV})
		if err != nil {
			t.Fatal(err)
		}
		_, err = tr.Run(t.Context(), strings.NewReader(string(in)), &strings.Builder{})
		if !(errors.Is(err, ErrControlInName) || errors.Is(err, ErrMalformedRecord)) || !strings.Contains(err.Error(), "UTF-16") {
			t.Errorf("byte order mark % x: got %v, want an error naming UTF-16", bom, err)
		}
	}
}
