package pseudo

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The benchmarks compare the hot path with what a user writes by hand
// (hmac.New per call) and with the cost floor of the standard library API
// (two sha256.Sum256 calls of one block each). Report them as ratios from
// one run:
//
//	go test ./pseudo -run '^$' -bench 'Pseudonym|Baseline|Floor' -benchmem -count 5

// nextID increments the decimal counter at the end of id in place, so that
// every call sees a new identifier without touching memory beyond it.
func nextID(id []byte) {
	for i := len(id) - 1; i >= 0; i-- {
		if id[i] != '9' {
			id[i]++
			return
		}
		id[i] = '0'
	}
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
	dst := make([]byte, 0, 64)
	b.Run("distinct", func(b *testing.B) {
		id := []byte("user-000000000000")
		b.ReportAllocs()
		for b.Loop() {
			dst = p.Append(dst[:0], id)
			nextID(id)
		}
	})
	b.Run("repeated", func(b *testing.B) {
		m := p.NewMemo(1024)
		id := []byte("user-000012345678")
		b.ReportAllocs()
		for b.Loop() {
			dst = m.Append(dst[:0], id)
		}
	})
}

func BenchmarkBaselineHMACNew(b *testing.B) {
	key := make([]byte, 32)
	id := []byte("user-000000000000")
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		h := hmac.New(sha256.New, key)
		h.Write(id)
		out = hex.AppendEncode(out[:0], h.Sum(nil)[:16])
		nextID(id)
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
