package ff1

import (
	"crypto/aes"
	"strings"
	"testing"
)

// The baselines: one AES block encryption (FF1 needs at least eleven per
// call) and the math/big path on the same input as the uint64 path.

func BenchmarkAESBlock(b *testing.B) {
	block, err := aes.NewCipher(make([]byte, 16))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 16)
	b.ReportAllocs()
	for b.Loop() {
		block.Encrypt(buf, buf)
	}
}

func digits16() []uint16 {
	return []uint16{4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
}

func newBenchCipher(b *testing.B, radix int) *Cipher {
	b.Helper()
	c, err := New(make([]byte, 16), radix)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// benchDigits measures one call of crypt (a Cipher's Encrypt or Decrypt)
// on x, reusing the output buffer as a caller on the hot path would.
func benchDigits(b *testing.B, crypt func(dst, x []uint16, tweak []byte) ([]uint16, error), x []uint16, tweak []byte) {
	b.Helper()
	out := make([]uint16, 0, len(x))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if out, err = crypt(out[:0], x, tweak); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncryptDigits16(b *testing.B) {
	c := newBenchCipher(b, 10)
	x := digits16()
	benchDigits(b, c.Encrypt, x, nil)
}

func BenchmarkDecryptDigits16(b *testing.B) {
	c := newBenchCipher(b, 10)
	x := digits16()
	benchDigits(b, c.Decrypt, x, nil)
}

// BenchmarkEncryptDigits16Big is the same input forced through math/big.
func BenchmarkEncryptDigits16Big(b *testing.B) {
	c := newBenchCipher(b, 10)
	x := digits16()
	out := make([]uint16, len(x))
	b.ReportAllocs()
	for b.Loop() {
		c.feistelBig(out, x, nil, true)
	}
}

func BenchmarkEncryptDigits16Tweak(b *testing.B) {
	c := newBenchCipher(b, 10)
	x := digits16()
	tweak := []byte("research-partner-7/patient.phone")
	benchDigits(b, c.Encrypt, x, tweak)
}

func BenchmarkEncryptDigits16Parallel(b *testing.B) {
	c := newBenchCipher(b, 10)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		x := digits16()
		out := make([]uint16, 0, len(x))
		for pb.Next() {
			var err error
			if out, err = c.Encrypt(out[:0], x, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkEncryptDigits100(b *testing.B) {
	c := newBenchCipher(b, 10)
	x := make([]uint16, 100)
	benchDigits(b, c.Encrypt, x, nil)
}

func BenchmarkEncryptDigitsMaxLength(b *testing.B) {
	c := newBenchCipher(b, 10)
	x := make([]uint16, MaxLength)
	benchDigits(b, c.Encrypt, x, nil)
}

func newBenchStringCipher(b *testing.B, chars string) *StringCipher {
	b.Helper()
	a, err := NewAlphabet(chars)
	if err != nil {
		b.Fatal(err)
	}
	sc, err := NewStringCipher(make([]byte, 16), a)
	if err != nil {
		b.Fatal(err)
	}
	return sc
}

func BenchmarkEncryptStringDigits16(b *testing.B) {
	sc := newBenchStringCipher(b, Digits)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sc.EncryptString("4111111111111111", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncryptBytesDigits16(b *testing.B) {
	sc := newBenchStringCipher(b, Digits)
	src := []byte("4111111111111111")
	dst := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if dst, err = sc.Encrypt(dst[:0], src, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncryptStringAlphanumeric20(b *testing.B) {
	sc := newBenchStringCipher(b, Alphanumeric)
	s := strings.Repeat("aZ3", 7)[:20]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sc.EncryptString(s, nil); err != nil {
			b.Fatal(err)
		}
	}
}
