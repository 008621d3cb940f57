package parquet

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A header longer than MaxRecordSize is a header error, whether it comes
// in one write or in several.
func TestHeaderTooLong(t *testing.T) {
	long := strings.Repeat("h", 100)
	for _, in := range []string{long, long + "\n1\n"} {
		var out bytes.Buffer
		w := NewWriter(&out, Options{MaxRecordSize: 64})
		_, err := w.Write([]byte(in))
		if err == nil {
			err = w.Close()
		}
		var re *RecordError
		if !errors.Is(err, ErrRecordTooLong) || !errors.Is(err, ErrMalformedCSV) || errors.As(err, &re) {
			t.Errorf("%q: %v", in[len(in)-3:], err)
		}
	}
}
