package deid

import (
	"errors"
	"strings"
	"testing"
)

// A CSV file saved as UTF-16 (NUL bytes between the letters of its
// header) is refused with an error that says so, not only that a name
// holds a control character.
func TestUTF16CSVSaysUTF16(t *testing.T) {
	var in []byte
	in = append(in, 0xff, 0xfe)
	for _, c := range []byte("user_id,n\nu-1,2\n") {
		in = append(in, c, 0)
	}
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Drop}}}
	tr, err := NewTransformer(p, Keys{}, Options{Input: CSV})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tr.Run(t.Context(), strings.NewReader(string(in)), &strings.Builder{})
	if !errors.Is(err, ErrControlInName) || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("got %v, want an error naming UTF-16", err)
	}
}
