package pseudo

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/deidkit/deidkit/internal/sealed"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// macPaths are the two ways a macKey computes: its own block function
// (where the platform has one) and crypto/sha256.
func macPaths(t testing.TB) []bool {
	if !haveBlock {
		t.Log("no SHA-256 block function on this platform: only the crypto/sha256 path is tested")
		return []bool{false}
	}
	return []bool{true, false}
}

// Both paths equal crypto/hmac on random keys (shorter and longer than a
// block) and messages (around the one-block limit of the fast path).
func TestMACPropertyMatchesStandardLibrary(t *testing.T) {
	for _, fast := range macPaths(t) {
		props := testenv.Properties(1000)
		props.Property("equals crypto/hmac", prop.ForAll(func(key, msg []byte) bool {
			var got [sha256.Size]byte
			newMACKeyWith(key, fast).sum(&got, msg)
			h := hmac.New(sha256.New, key)
			h.Write(msg)
			return bytes.Equal(got[:], h.Sum(nil))
		}, gen.SliceOfN(0, gen.UInt8()).FlatMap(func(any) gopter.Gen {
			return gen.IntRange(0, 150).FlatMap(func(n any) gopter.Gen { return gen.SliceOfN(n.(int), gen.UInt8()) }, nil)
		}, nil), gen.IntRange(0, 2*sha256.BlockSize).FlatMap(func(n any) gopter.Gen {
			return gen.SliceOfN(n.(int), gen.UInt8())
		}, nil)))
		props.TestingRun(t)
	}
}

// The fast path does not allocate.
func TestMACAllocs(t *testing.T) {
	for _, fast := range macPaths(t) {
		k := newMACKeyWith([]byte("key"), fast)
		msg := []byte("12345678")
		var out [sha256.Size]byte
		if n := testing.AllocsPerRun(100, func() { k.sum(&out, msg) }); n != 0 {
			t.Errorf("fast=%v: %v allocations per MAC", fast, n)
		}
	}
}

// BenchmarkFloorTwoBlocks is the floor of a MAC of a short message: two
// SHA-256 compressions with the package's block function.
func BenchmarkFloorTwoBlocks(b *testing.B) {
	if !haveBlock {
		b.Skip("no SHA-256 block function on this platform")
	}
	var h [8]uint32
	var p [64]byte
	for b.Loop() {
		block(&h, &p)
		block(&h, &p)
		p[0] = byte(h[0])
	}
}

// BenchmarkMAC is one MAC of an eight-byte ID through each path.
func BenchmarkMAC(b *testing.B) {
	for _, fast := range macPaths(b) {
		name := "crypto-sha256"
		if fast {
			name = "block"
		}
		b.Run(name, func(b *testing.B) {
			k := newMACKeyWith(bytes.Repeat([]byte{7}, 32), fast)
			id := []byte("12345678")
			var out [sha256.Size]byte
			b.ReportAllocs()
			for b.Loop() {
				k.sum(&out, id)
				id[0] = out[0]
			}
		})
	}
}

// BenchmarkPseudonymOverFloor measures the pseudonym of a distinct
// eight-digit ID (and, for comparison, the same through crypto/sha256)
// against the floor (two compressions with the block
// function) in one run: batches of each alternate, and the fastest batch of
// each is kept, so that the ratio holds on a loaded machine (noise only
// ever slows a batch down).
func BenchmarkPseudonymOverFloor(b *testing.B) {
	if !haveBlock {
		b.Skip("no SHA-256 block function on this platform")
	}
	key := bytes.Repeat([]byte{7}, 32)
	p := newPseudonymizer(key, config{bits: DefaultBits, enc: Hex})
	std := newPseudonymizer(key, config{bits: DefaultBits, enc: Hex})
	std.mac = sealed.New(newMACKeyWith(key, false))
	id := []byte("10000000")
	dst := make([]byte, 0, 64)
	var h [8]uint32
	var blk [64]byte
	const batch = 2000
	best := [3]time.Duration{time.Hour, time.Hour, time.Hour}
	for b.Loop() {
		start := time.Now()
		for range batch {
			block(&h, &blk)
			block(&h, &blk)
			blk[0] = byte(h[0])
		}
		best[0] = min(best[0], time.Since(start))
		start = time.Now()
		for range batch {
			dst = p.Append(dst[:0], id)
			nextID(id)
		}
		best[1] = min(best[1], time.Since(start))
		start = time.Now()
		for range batch {
			dst = std.Append(dst[:0], id)
			nextID(id)
		}
		best[2] = min(best[2], time.Since(start))
	}
	floor, pseudonym := float64(best[0].Nanoseconds())/batch, float64(best[1].Nanoseconds())/batch
	b.ReportMetric(floor, "floor-ns")
	b.ReportMetric(pseudonym, "pseudonym-ns")
	b.ReportMetric(pseudonym/floor, "x-floor")
	b.ReportMetric(float64(best[2].Nanoseconds())/batch, "via-crypto-sha256-ns")
}
