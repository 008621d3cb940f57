package release

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
)

// Spill records read back as written, fields of one-byte lengths and
// longer ones alike, one record after the other; a record cut short is an
// error, never a panic or fields out of its bytes.
func TestSpillRecords(t *testing.T) {
	props := testenv.Properties(500)
	field := gen.IntRange(0, 300).Map(func(n int) []byte {
		if n > 150 {
			n = n % 3 // mostly short, as measurements are
		}
		return bytes.Repeat([]byte{byte('a' + n%26)}, n)
	})
	props.Property("round trip", prop.ForAll(func(fields [][]byte, mask uint16) string {
		var cols []int
		for i := range fields {
			if mask>>(i%16)&1 != 0 {
				cols = append(cols, i)
			}
		}
		var p []byte
		for range 2 {
			p = appendSpill(p, fields, cols)
		}
		got := make([][]byte, len(cols))
		var lens []int
		rest := p
		for range 2 {
			body, r, err := nextSpilled(rest, got, &lens)
			if err != nil {
				return err.Error()
			}
			var joined []byte
			for j, i := range cols {
				if !bytes.Equal(got[j], fields[i]) {
					return fmt.Sprintf("field %d: %q, want %q", i, got[j], fields[i])
				}
				joined = append(joined, got[j]...)
			}
			if !bytes.Equal(body, joined) {
				return fmt.Sprintf("body %q, want %q", body, joined)
			}
			rest = r
		}
		if len(rest) != 0 {
			return fmt.Sprintf("%d bytes left", len(rest))
		}
		one := len(p) / 2
		for cut := range one {
			if len(cols) == 0 {
				break
			}
			if _, _, err := nextSpilled(p[:cut], got, &lens); err != errSpill {
				return fmt.Sprintf("record cut at %d of %d: %v, want errSpill", cut, one, err)
			}
		}
		return ""
	}, gen.SliceOfN(12, field), gen.UInt16()))
	props.TestingRun(t)
}
