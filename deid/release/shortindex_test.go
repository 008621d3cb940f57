package release

import (
	"fmt"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
)

// A dict numbers values in order of first appearance and finds each
// again, whatever their lengths (about maxShort, in its short index or
// its map) and bytes (zero bytes, which pack like padding, included):
// as a map of the values would.
func TestDictNumbersAsAMap(t *testing.T) {
	props := testenv.Properties(300)
	value := gen.SliceOfN(2, gen.IntRange(0, 1<<16)).Map(func(p []int) string {
		const alphabet = "\x00a0\xff"
		b := make([]byte, p[0]%(maxShort+3))
		for i := range b {
			b[i] = alphabet[(p[1]>>(2*i))&3]
		}
		return string(b)
	})
	props.Property("codes", prop.ForAll(func(values []string) string {
		d, want := newDict(), map[string]int32{}
		for i, v := range values {
			code, ok := d.code(v)
			w, wok := want[v]
			if ok != wok || (ok && code != w) {
				return fmt.Sprintf("value %d %q: code %d, %v; want %d, %v", i, v, code, ok, w, wok)
			}
			if !ok {
				want[v] = d.number(v)
			}
		}
		for v, w := range want {
			if code, ok := d.code(v); !ok || code != w || d.values[code] != v {
				return fmt.Sprintf("%q: code %d, %v; want %d", v, code, ok, w)
			}
		}
		if len(d.values) != len(want) {
			return fmt.Sprintf("%d values numbered, want %d", len(d.values), len(want))
		}
		return ""
	}, gen.SliceOfN(400, value)))
	props.TestingRun(t)
}
