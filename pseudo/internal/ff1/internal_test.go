package ff1

import (
	"encoding/hex"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The NIST samples are all short enough for the uint64 path; these tests
// hold the math/big path to the same answers.

// TestBigPathNISTSamples runs NIST Samples 1, 3, 6 and 9 through the big
// path directly.
func TestBigPathNISTSamples(t *testing.T) {
	const digits36 = "0123456789abcdefghijklmnopqrstuvwxyz"
	tests := []struct {
		key, tweak    string
		radix         int
		plain, cipher string
	}{
		{"2B7E151628AED2A6ABF7158809CF4F3C", "", 10, "0123456789", "2433477484"},
		{"2B7E151628AED2A6ABF7158809CF4F3C", "3737373770717273373737", 36, "0123456789abcdefghi", "a9tv40mll9kdu509eum"},
		{"2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F", "3737373770717273373737", 36, "0123456789abcdefghi", "xbj3kv35jrawxv32ysr"},
		{"2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94", "3737373770717273373737", 36, "0123456789abcdefghi", "xs8a0azh2avyalyzuwd"},
	}
	numerals := func(s string) []uint16 {
		x := make([]uint16, len(s))
		for i := range s {
			x[i] = uint16(strings.IndexByte(digits36, s[i]))
		}
		return x
	}
	for _, tc := range tests {
		key, _ := hex.DecodeString(tc.key)
		tweak, _ := hex.DecodeString(tc.tweak)
		c, err := New(key, tc.radix)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]uint16, len(tc.plain))
		c.feistelBig(got, numerals(tc.plain), tweak, true)
		if want := numerals(tc.cipher); !slices.Equal(got, want) {
			t.Errorf("radix %d: big-path encrypt = %v, want %v", tc.radix, got, want)
		}
		c.feistelBig(got, numerals(tc.cipher), tweak, false)
		if want := numerals(tc.plain); !slices.Equal(got, want) {
			t.Errorf("radix %d: big-path decrypt = %v, want %v", tc.radix, got, want)
		}
	}
}

// TestNumeralConversions checks numToBig and bigToNum against
// big.Int's own radix conversion, over lengths that span several words.
func TestNumeralConversions(t *testing.T) {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	rng := rand.New(rand.NewPCG(1, 2))
	key := make([]byte, 16)
	for radix := 2; radix <= 36; radix++ {
		c, err := New(key, radix)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, c.chunkLen - 1, c.chunkLen, c.chunkLen + 1, 3*c.chunkLen + 5, 500} {
			if n < 1 {
				continue
			}
			x := make([]uint16, n)
			var text strings.Builder
			for i := range x {
				x[i] = uint16(rng.IntN(radix))
				text.WriteByte(digits[x[i]])
			}
			want, ok := new(big.Int).SetString(text.String(), radix)
			if !ok {
				t.Fatalf("SetString(%q, %d) failed", text.String(), radix)
			}
			var got big.Int
			c.numToBig(&got, x)
			if got.Cmp(want) != 0 {
				t.Errorf("radix %d, %d numerals: numToBig = %v, want %v", radix, n, &got, want)
			}
			back := make([]uint16, n)
			c.bigToNum(back, want)
			if !slices.Equal(back, x) {
				t.Errorf("radix %d, %d numerals: bigToNum = %v, want %v", radix, n, back, x)
			}
		}
	}
}

// TestPathsAgree holds the uint64 path to the math/big path on random
// inputs that both can take, in both directions.
func TestPathsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		key := make([]byte, []int{16, 24, 32}[rng.IntN(3)])
		for i := range key {
			key[i] = byte(rng.Uint32())
		}
		radix := 2 + rng.IntN(MaxRadix-1)
		if rng.IntN(2) == 0 {
			radix = 2 + rng.IntN(62)
		}
		c, err := New(key, radix)
		if err != nil {
			t.Fatal(err)
		}
		maxLen := c.minLen
		for {
			if _, ok := pow64(uint64(radix), (maxLen+2)/2); !ok {
				break
			}
			maxLen++
		}
		n := c.minLen + rng.IntN(maxLen-c.minLen+1)
		x := make([]uint16, n)
		for i := range x {
			x[i] = uint16(rng.IntN(radix))
		}
		tweak := make([]byte, rng.IntN(40))
		for i := range tweak {
			tweak[i] = byte(rng.Uint32())
		}
		for _, encrypt := range []bool{true, false} {
			fast := make([]uint16, n)
			if !c.feistelUint64(fast, x, tweak, encrypt) {
				t.Fatalf("radix %d, %d numerals: uint64 path refused", radix, n)
			}
			slow := make([]uint16, n)
			c.feistelBig(slow, x, tweak, encrypt)
			if !slices.Equal(fast, slow) {
				t.Fatalf("radix %d, %d numerals, tweak %d bytes, encrypt %v: uint64 path %v, big path %v",
					radix, n, len(tweak), encrypt, fast, slow)
			}
		}
	}
}
