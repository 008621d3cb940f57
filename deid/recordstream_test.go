package deid

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
)

// Records of the record stream read back as encoded, fields of one-byte
// lengths and longer ones alike; a record cut short is errRecordStream,
// never a panic or fields out of its bytes.
func TestRecordStreamRoundTrip(t *testing.T) {
	props := testenv.Properties(500)
	field := gen.IntRange(0, 300).Map(func(n int) []byte {
		if n > 150 {
			n = n % 3
		}
		return bytes.Repeat([]byte{byte('a' + n%26)}, n)
	})
	props.Property("round trip", prop.ForAll(func(fields [][]byte) string {
		var row Row
		for _, f := range fields {
			row.buf = append(row.buf, f...)
			row.ends = append(row.ends, len(row.buf))
		}
		p := recordEncoder{}.appendRow(nil, &row)
		var rr recordReader
		tag, got, rest, err := rr.next(p)
		if err != nil || tag != recordTag || len(rest) != 0 {
			return fmt.Sprintf("tag %d, %d bytes left, %v", tag, len(rest), err)
		}
		if len(got) != len(fields) {
			return fmt.Sprintf("%d fields, want %d", len(got), len(fields))
		}
		for i := range fields {
			if !bytes.Equal(got[i], fields[i]) {
				return fmt.Sprintf("field %d: %q, want %q", i, got[i], fields[i])
			}
		}
		for cut := 1; cut < len(p); cut++ {
			if _, _, _, err := rr.next(p[:cut]); err != errRecordStream {
				return fmt.Sprintf("record cut at %d of %d: %v, want errRecordStream", cut, len(p), err)
			}
		}
		return ""
	}, gen.SliceOf(field)))
	props.TestingRun(t)
}
