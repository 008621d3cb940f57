package ff1_test

import (
	"encoding/hex"
	"slices"
	"testing"

	"github.com/deidkit/deidkit/pseudo/internal/ff1"
)

// nistSample is one of the FF1 examples NIST published with SP 800-38G
// ("FF1samples.pdf"), Samples 1 to 9. The radix-36 samples use the
// alphabet 0-9a-z, the radix-10 ones the decimal digits.
type nistSample struct {
	name       string
	key        string // hex
	radix      int
	tweak      string // hex
	plaintext  string
	ciphertext string
}

const (
	nistKey128 = "2B7E151628AED2A6ABF7158809CF4F3C"
	nistKey192 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F"
	nistKey256 = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94"
)

var nistSamples = []nistSample{
	{"Sample1/AES128", nistKey128, 10, "", "0123456789", "2433477484"},
	{"Sample2/AES128/tweak", nistKey128, 10, "39383736353433323130", "0123456789", "6124200773"},
	{"Sample3/AES128/radix36", nistKey128, 36, "3737373770717273373737", "0123456789abcdefghi", "a9tv40mll9kdu509eum"},
	{"Sample4/AES192", nistKey192, 10, "", "0123456789", "2830668132"},
	{"Sample5/AES192/tweak", nistKey192, 10, "39383736353433323130", "0123456789", "2496655549"},
	{"Sample6/AES192/radix36", nistKey192, 36, "3737373770717273373737", "0123456789abcdefghi", "xbj3kv35jrawxv32ysr"},
	{"Sample7/AES256", nistKey256, 10, "", "0123456789", "6657667009"},
	{"Sample8/AES256/tweak", nistKey256, 10, "39383736353433323130", "0123456789", "1001623463"},
	{"Sample9/AES256/radix36", nistKey256, 36, "3737373770717273373737", "0123456789abcdefghi", "xs8a0azh2avyalyzuwd"},
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sampleAlphabet(t testing.TB, radix int) *ff1.Alphabet {
	t.Helper()
	chars := ff1.Digits
	if radix == 36 {
		chars = ff1.LowerAlphanumeric
	}
	a, err := ff1.NewAlphabet(chars)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestNISTSamplesStrings(t *testing.T) {
	for _, tc := range nistSamples {
		t.Run(tc.name, func(t *testing.T) {
			key, tweak := mustHex(t, tc.key), mustHex(t, tc.tweak)
			sc, err := ff1.NewStringCipher(key, sampleAlphabet(t, tc.radix))
			if err != nil {
				t.Fatal(err)
			}
			ct, err := sc.EncryptString(tc.plaintext, tweak)
			if err != nil {
				t.Fatalf("EncryptString: %v", err)
			}
			if ct != tc.ciphertext {
				t.Errorf("EncryptString = %q, want %q", ct, tc.ciphertext)
			}
			pt, err := sc.DecryptString(tc.ciphertext, tweak)
			if err != nil {
				t.Fatalf("DecryptString: %v", err)
			}
			if pt != tc.plaintext {
				t.Errorf("DecryptString = %q, want %q", pt, tc.plaintext)
			}
		})
	}
}

// TestNISTSamplesNumerals runs the samples through the numeral API, also
// appending to a non-empty dst and working in place.
func TestNISTSamplesNumerals(t *testing.T) {
	for _, tc := range nistSamples {
		t.Run(tc.name, func(t *testing.T) {
			key, tweak := mustHex(t, tc.key), mustHex(t, tc.tweak)
			a := sampleAlphabet(t, tc.radix)
			c, err := ff1.New(key, tc.radix)
			if err != nil {
				t.Fatal(err)
			}
			pt, err := a.AppendNumerals(nil, []byte(tc.plaintext))
			if err != nil {
				t.Fatal(err)
			}
			want, err := a.AppendNumerals(nil, []byte(tc.ciphertext))
			if err != nil {
				t.Fatal(err)
			}

			prefix := []uint16{7, 7}
			got, err := c.Encrypt(slices.Clone(prefix), pt, tweak)
			if err != nil {
				t.Fatalf("Encrypt: %v", err)
			}
			if !slices.Equal(got, append(slices.Clone(prefix), want...)) {
				t.Errorf("Encrypt appended %v to %v, want %v", got, prefix, want)
			}

			inPlace := slices.Clone(want)
			back, err := c.Decrypt(inPlace[:0], inPlace, tweak)
			if err != nil {
				t.Fatalf("Decrypt: %v", err)
			}
			if !slices.Equal(back, pt) || !slices.Equal(inPlace, pt) {
				t.Errorf("in-place Decrypt = %v, want %v", back, pt)
			}
		})
	}
}

// digitCiphers returns a radix-10 Cipher and a digits StringCipher (with
// its Alphabet) under the same key, for the tests that hold both to one
// behaviour.
func digitCiphers(t testing.TB, key []byte) (*ff1.Cipher, *ff1.Alphabet, *ff1.StringCipher) {
	t.Helper()
	c, err := ff1.New(key, 10)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ff1.NewAlphabet(ff1.Digits)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ff1.NewStringCipher(key, a)
	if err != nil {
		t.Fatal(err)
	}
	return c, a, sc
}
