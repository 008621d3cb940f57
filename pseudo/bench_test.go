package pseudo

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"
)

// The benchmarks compare the hot path with what a user writes by hand
// (hmac.New per call) and with the cost floor of the standard library API
// (two sha256.Sum256 calls of one block each). Report them as ratios from
// one run:
//
//	go test ./pseudo -run '^$' -bench 'Pseudonym|Baseline|Floor' -benchmem -count 5

func benchIDs(n int) [][]byte {
	ids := make([][]byte, n)
	for i := range ids {
		ids[i] = []byte("user-" + strconv.Itoa(10_000_000+i))
	}
	return ids
}

func BenchmarkPseudonym(b *testing.B) {
	ks, err := NewKeyset()
	if err != nil {
		b.Fatal(err)
	}
	p, err := New(ks, "research/partner-x")
	if err != nil {
		b.Fatal(err)
	}
	ids := benchIDs(1 << 16)
	dst := make([]byte, 0, 64)
	b.Run("distinct", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			dst = p.Append(dst[:0], ids[i&(len(ids)-1)])
			i++
		}
	})
	b.Run("repeated", func(b *testing.B) {
		m := p.NewMemo(1024)
		id := ids[0]
		b.ReportAllocs()
		for b.Loop() {
			dst = m.Append(dst[:0], id)
		}
	})
}

func BenchmarkBaselineHMACNew(b *testing.B) {
	key := make([]byte, 32)
	ids := benchIDs(1 << 16)
	b.ReportAllocs()
	i := 0
	var out []byte
	for b.Loop() {
		h := hmac.New(sha256.New, key)
		h.Write(ids[i&(len(ids)-1)])
		out = hex.AppendEncode(out[:0], h.Sum(nil)[:16])
		i++
	}
}

func BenchmarkFloorTwoSHA256(b *testing.B) {
	var in55 [55]byte
	var in32 [32]byte
	b.ReportAllocs()
	for b.Loop() {
		s := sha256.Sum256(in55[:])
		in32 = sha256.Sum256(in32[:])
		in55[0] = s[0]
	}
}
