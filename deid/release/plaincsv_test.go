package release

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/internal/testenv"
)

// A record encoded with the spilled fields marked plain when plainCSV
// holds for their bytes is the record AppendField encodes field by field,
// whatever the fields: the bytes that quote a field wherever they are,
// those that quote it first (ASCII and Unicode spaces), `\.`, and long
// fields that plainCSV reads eight bytes at a time.
func TestPlainCSVRecords(t *testing.T) {
	// The cases a property finds rarely.
	for _, fields := range [][][]byte{{[]byte(`\.`), []byte("a")}, {[]byte(" a"), nil}, {[]byte("\u00a0a"), []byte("b")}, {[]byte(`\a`), []byte(`.\`)}} {
		all := []bool{true, true}
		if got, want := (&csvWriter{}).appendRecordOf(nil, fields, all), csvrec.AppendRecord(nil, fields, ','); !bytes.Equal(got, want) {
			t.Errorf("%q: %q, want %q", fields, got, want)
		}
	}
	props := testenv.Properties(2000)
	pieces := []string{"a", "7", ".", "\\", ",", "\"", "\n", "\r", " ", "\t", "\v", "\u00a0", "\u3000", "é", "-", "2024-01-01T00:00:00Z"}
	field := gen.SliceOfN(3, gen.IntRange(0, 1<<20)).Map(func(p []int) []byte {
		var b []byte
		for i := range p[0] % 12 {
			b = append(b, pieces[(p[1+i%2]>>(i%5*4))%len(pieces)]...)
		}
		return b
	})
	props.Property("encoding", prop.ForAll(func(fields [][]byte, mask uint32) string {
		if len(fields) == 1 && len(fields[0]) == 0 {
			fields = append(fields, nil) // a lone empty field is encoded apart
		}
		spilled := make([]bool, len(fields))
		var body []byte
		for i, f := range fields {
			if spilled[i] = mask>>(i%32)&1 != 0; spilled[i] {
				body = append(body, f...)
			}
		}
		var plain []bool
		if plainCSV(body) {
			plain = spilled
		}
		got := (&csvWriter{}).appendRecordOf(nil, fields, plain)
		if want := csvrec.AppendRecord(nil, fields, ','); !bytes.Equal(got, want) {
			return fmt.Sprintf("%q (plain %v): %q, want %q", fields, plain, got, want)
		}
		return ""
	}, gen.SliceOfN(9, field), gen.UInt32()))
	props.Property("plainCSV", prop.ForAll(func(b []byte) string {
		want := !slices.ContainsFunc(b, func(c byte) bool { return c == ',' || c == '"' || c == '\n' || c == '\r' })
		if got := plainCSV(b); got != want {
			return fmt.Sprintf("%q: %v, want %v", b, got, want)
		}
		return ""
	}, gen.SliceOf(gen.OneConstOf(byte('a'), byte(','), byte('"'), byte('\n'), byte('\r'), byte(0), byte(0xff), byte('-')))))
	props.TestingRun(t)
}
