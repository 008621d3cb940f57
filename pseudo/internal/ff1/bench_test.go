package ff1

import (
	"testing"
)

func BenchmarkEncrypt(b *testing.B) {
	key := make([]byte, 16)
	c, err := New(key, 10)
	if err != nil {
		b.Fatal(err)
	}
	x := []uint16{4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	out := make([]uint16, 0, 16)
	b.ReportAllocs()
	for b.Loop() {
		out, err = c.Encrypt(out[:0], x, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
}
