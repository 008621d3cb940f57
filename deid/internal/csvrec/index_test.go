package csvrec

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

// TestIndexBlocks checks the architecture's index against blockIndex and
// against the definition, byte by byte, on random blocks rich in the bytes
// it looks for.
func TestIndexBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{',', ';', '"', '\n', '\r', 'a', 0, 0x80, 0xff, '\t', ' ', 0x22 ^ 0x80, 0x0a ^ 0x80}
	for _, comma := range []byte{',', ';', '\t', '|'} {
		for range 200 {
			n := 1 + rng.IntN(9)
			data := make([]byte, 64*n+rng.IntN(64))
			for i := range data {
				data[i] = alphabet[rng.IntN(len(alphabet))]
			}
			got := make([]uint64, 2*n)
			indexBlocks(got, data, comma)
			for k := range n {
				d, s := blockIndex((*[64]byte)(data[64*k:]), uint64(comma)*ones)
				if got[2*k] != d || got[2*k+1] != s {
					t.Fatalf("comma %q block %d: index (%x, %x), reference (%x, %x)", comma, k, got[2*k], got[2*k+1], d, s)
				}
				for i := range 64 {
					c := data[64*k+i]
					if (d>>i&1 == 1) != (c == comma) || (s>>i&1 == 1) != (c == '"' || c == '\n') {
						t.Fatalf("comma %q block %d byte %d (%#x): delims %t specials %t", comma, k, i, c, d>>i&1 == 1, s>>i&1 == 1)
					}
				}
			}
		}
	}
}

// TestIndexWindow checks record across window and block boundaries
// against a plain scan, including a partial last block.
func TestIndexWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 50 {
		data := make([]byte, rng.IntN(3*64*indexWindow))
		for i := range data {
			switch r := rng.IntN(100); {
			case r < 3:
				data[i] = '\n'
			case r < 4:
				data[i] = '"'
			case r < 15:
				data[i] = ','
			default:
				data[i] = 'x'
			}
		}
		var x index
		pos := 0
		for pos < len(data) {
			want := pos
			for want < len(data) && data[want] != '"' && data[want] != '\n' {
				want++
			}
			var wantEnds []int
			for i := pos; i < want; i++ {
				if data[i] == ',' {
					wantEnds = append(wantEnds, i-pos)
				}
			}
			got, j := x.record(nil, data, ',', pos)
			if j != want {
				t.Fatalf("record(%d) ends at %d, want %d", pos, j, want)
			}
			if len(got) != len(wantEnds) {
				t.Fatalf("record(%d): %d delimiters, want %d", pos, len(got), len(wantEnds))
			}
			for i := range got {
				if got[i] != wantEnds[i] {
					t.Fatalf("record(%d) delimiter %d at %d, want %d", pos, i, got[i], wantEnds[i])
				}
			}
			pos = want + 1
		}
	}
}

func TestGather(t *testing.T) {
	for v := range 256 {
		var m uint64
		for i := range 8 {
			if v>>i&1 == 1 {
				m |= 0x80 << (8 * i)
			}
		}
		if g := gather(m); g != uint64(v) || bits.OnesCount64(g) != bits.OnesCount(uint(v)) {
			t.Fatalf("gather(%#x) = %#x, want %#x", m, g, v)
		}
	}
}

func BenchmarkIndexBlocks(b *testing.B) {
	data := benchData[:len(benchData)/64*64]
	idx := make([]uint64, 2*len(data)/64)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		indexBlocks(idx, data, ',')
	}
}

func BenchmarkIndexBlocksGo(b *testing.B) {
	data := benchData[:len(benchData)/64*64]
	idx := make([]uint64, 2*len(data)/64)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		indexBlocksGo(idx, data, ','*ones)
	}
}
