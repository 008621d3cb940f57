package ff1_test

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"math/big"
	"slices"
	"testing"

	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/pseudo/internal/ff1"
)

// referenceFF1 is FF1 transcribed step by step from SP 800-38G
// (Algorithms 7 and 8), with none of the package's shortcuts: it builds
// the whole of P || Q every round, takes the PRF as the last block of a
// CBC encryption with a zero IV, and converts numerals to integers and
// back in every round. It is slow and only meant to check the package.
func referenceFF1(key []byte, radix int, x []uint16, tweak []byte, encrypt bool) []uint16 {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	bigRadix := big.NewInt(int64(radix))
	num := func(x []uint16) *big.Int { // NUM_radix
		z := new(big.Int)
		for _, d := range x {
			z.Mul(z, bigRadix)
			z.Add(z, big.NewInt(int64(d)))
		}
		return z
	}
	str := func(z *big.Int, m int) []uint16 { // STR^m_radix
		out := make([]uint16, m)
		z = new(big.Int).Set(z)
		r := new(big.Int)
		for i := m - 1; i >= 0; i-- {
			z.QuoRem(z, bigRadix, r)
			out[i] = uint16(r.Int64())
		}
		return out
	}
	prf := func(msg []byte) []byte {
		out := make([]byte, len(msg))
		cipher.NewCBCEncrypter(block, make([]byte, 16)).CryptBlocks(out, msg)
		return out[len(out)-16:]
	}

	n, t := len(x), len(tweak)
	u := n / 2
	v := n - u
	A, B := slices.Clone(x[:u]), slices.Clone(x[u:])
	// b = ceil(ceil(v*log2(radix))/8), as the byte length of radix^v - 1.
	rv := new(big.Int).Exp(bigRadix, big.NewInt(int64(v)), nil)
	b := (new(big.Int).Sub(rv, big.NewInt(1)).BitLen() + 7) / 8
	d := 4*((b+3)/4) + 4
	P := []byte{1, 2, 1, byte(radix >> 16), byte(radix >> 8), byte(radix), 10, byte(u % 256)}
	P = binary.BigEndian.AppendUint32(P, uint32(n))
	P = binary.BigEndian.AppendUint32(P, uint32(t))
	pad := ((-t-b-1)%16 + 16) % 16

	round := func(i int, half []uint16) *big.Int {
		Q := slices.Clone(tweak)
		Q = append(Q, make([]byte, pad)...)
		Q = append(Q, byte(i))
		Q = append(Q, num(half).FillBytes(make([]byte, b))...)
		R := prf(append(slices.Clone(P), Q...))
		S := slices.Clone(R)
		for j := 1; j < (d+15)/16; j++ {
			blk := slices.Clone(R)
			var jb [16]byte
			binary.BigEndian.PutUint64(jb[8:], uint64(j))
			for k := range blk {
				blk[k] ^= jb[k]
			}
			block.Encrypt(blk, blk)
			S = append(S, blk...)
		}
		return new(big.Int).SetBytes(S[:d])
	}
	m := func(i int) int {
		if i%2 == 0 {
			return u
		}
		return v
	}
	pow := func(e int) *big.Int { return new(big.Int).Exp(bigRadix, big.NewInt(int64(e)), nil) }

	if encrypt {
		for i := 0; i < 10; i++ {
			y := round(i, B)
			c := new(big.Int).Add(num(A), y)
			c.Mod(c, pow(m(i)))
			A, B = B, str(c, m(i))
		}
	} else {
		for i := 9; i >= 0; i-- {
			y := round(i, A)
			c := new(big.Int).Sub(num(B), y)
			c.Mod(c, pow(m(i)))
			A, B = str(c, m(i)), A
		}
	}
	return append(A, B...)
}

func TestReferenceMatchesNISTSamples(t *testing.T) {
	for _, tc := range nistSamples {
		a := sampleAlphabet(t, tc.radix)
		pt, _ := a.AppendNumerals(nil, []byte(tc.plaintext))
		got := referenceFF1(mustHex(t, tc.key), tc.radix, pt, mustHex(t, tc.tweak), true)
		text, _ := a.AppendText(nil, got)
		if string(text) != tc.ciphertext {
			t.Errorf("%s: reference gives %q, want %q", tc.name, text, tc.ciphertext)
		}
	}
}

// TestMatchesReference compares the package with the transcription of the
// standard on random inputs: any radix, lengths on both sides of the
// uint64 limit, tweaks of many blocks.
func TestMatchesReference(t *testing.T) {
	props := testenv.Properties(300)
	props.Property("Encrypt and Decrypt agree with the reference", prop.ForAll(
		func(tc fpeCase) bool {
			c, err := ff1.New(tc.Key, tc.Radix)
			if err != nil {
				return false
			}
			ct, err := c.Encrypt(nil, tc.X, tc.Tweak)
			if err != nil || !slices.Equal(ct, referenceFF1(tc.Key, tc.Radix, tc.X, tc.Tweak, true)) {
				return false
			}
			pt, err := c.Decrypt(nil, tc.X, tc.Tweak)
			return err == nil && slices.Equal(pt, referenceFF1(tc.Key, tc.Radix, tc.X, tc.Tweak, false))
		},
		genCase(0, 60),
	))
	props.TestingRun(t)
}

// TestTweakAlignmentMatchesReference walks every tweak length over five
// blocks, for a range of input lengths (hence of b, the byte length of a
// half): the tweak, the padding and [i] || [B] share blocks differently for
// each combination.
func TestTweakAlignmentMatchesReference(t *testing.T) {
	key := mustHex(t, nistKey128)
	tweak := make([]byte, 80)
	for i := range tweak {
		tweak[i] = byte(3*i + 1)
	}
	for _, radix := range []int{2, 10, 36, 256, ff1.MaxRadix} {
		c, err := ff1.New(key, radix)
		if err != nil {
			t.Fatal(err)
		}
		for n := c.MinLength(); n <= c.MinLength()+40; n += 3 {
			x := make([]uint16, n)
			for i := range x {
				x[i] = uint16((i*7 + 3) % radix)
			}
			for tl := range len(tweak) + 1 {
				got, err := c.Encrypt(nil, x, tweak[:tl])
				if err != nil {
					t.Fatal(err)
				}
				if want := referenceFF1(key, radix, x, tweak[:tl], true); !slices.Equal(got, want) {
					t.Fatalf("radix %d, %d numerals, tweak %d bytes: Encrypt = %v, reference %v", radix, n, tl, got, want)
				}
			}
		}
	}
}
