package csvrec

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
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
	data := benchData()[:len(benchData())/64*64]
	idx := make([]uint64, 2*len(data)/64)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		indexBlocks(idx, data, ',')
	}
}

func BenchmarkIndexBlocksGo(b *testing.B) {
	data := benchData()[:len(benchData())/64*64]
	idx := make([]uint64, 2*len(data)/64)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		indexBlocksGo(idx, data, ','*ones)
	}
}

// TestParserAcrossIndexWindows checks the Parser against encoding/csv on
// records long enough to cross the index's 16 KiB windows and 64-byte
// blocks anywhere: quoted fields with escaped quotes and newlines, CRLF,
// a bare quote, a wrong field count, and a last line without a newline.
func TestParserAcrossIndexWindows(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	field := func() string {
		n := rng.IntN(64)
		if rng.IntN(8) == 0 {
			n = rng.IntN(40 << 10)
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc xyz019"[rng.IntN(10)]
		}
		switch rng.IntN(10) {
		case 0:
			return `"` + string(b[:n/2]) + `""` + "\n" + string(b[n/2:]) + `"`
		case 1:
			return `"` + string(b) + `"`
		case 2:
			if n > 2 {
				b[n/2] = '"' // a bare quote
			}
		}
		return string(b)
	}
	for round := range 40 {
		var in strings.Builder
		in.WriteString("a,b,c\n")
		for range 2 + rng.IntN(30) {
			nf := 3
			if rng.IntN(20) == 0 {
				nf = 2 + rng.IntN(3)
			}
			for i := range nf {
				if i > 0 {
					in.WriteByte(',')
				}
				in.WriteString(field())
			}
			if rng.IntN(4) == 0 {
				in.WriteByte('\r')
			}
			in.WriteByte('\n')
		}
		data := []byte(in.String())
		if round%3 == 0 {
			data = data[:len(data)-1] // no final newline
		}
		for _, chunk := range []int{0, 1 + rng.IntN(100<<10)} {
			if err := compareWithStd(data, Options{ChunkSize: chunk}, nil); err != nil {
				t.Fatalf("round %d, chunk size %d: %v", round, chunk, err)
			}
		}
	}
}

// The zero Parser reads comma-separated records: NUL, which pads the
// index, is a field's byte like any other.
func TestZeroParser(t *testing.T) {
	var p Parser
	p.Reset(Chunk{Data: []byte("a\x00b,c\nd,\x00")})
	var got []string
	for p.Next() {
		if p.Err() != nil {
			t.Fatal(p.Err())
		}
		for _, f := range p.Fields() {
			got = append(got, string(f))
		}
	}
	if want := []string{"a\x00b", "c", "d", "\x00"}; !slices.Equal(got, want) {
		t.Fatalf("fields %q, want %q", got, want)
	}
}
