package ff1_test

import (
	"math/big"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/pseudo/internal/ff1"
)

// fpeCase is one random FF1 input: a key, a radix, numerals and a tweak.
type fpeCase struct {
	Key   []byte
	Radix int
	X     []uint16
	Tweak []byte
}

// minLength returns the shortest length whose domain radix^n holds at least
// 1,000,000 values, computed independently of the package.
func minLength(radix int) int {
	n := 2
	for new(big.Int).Exp(big.NewInt(int64(radix)), big.NewInt(int64(n)), nil).Cmp(big.NewInt(1_000_000)) < 0 {
		n++
	}
	return n
}

// lengthFor returns the shortest length whose domain holds at least 2^bits
// values.
func lengthFor(radix, bits int) int {
	n := 1
	limit := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	for new(big.Int).Exp(big.NewInt(int64(radix)), big.NewInt(int64(n)), nil).Cmp(limit) < 0 {
		n++
	}
	return n
}

func genKey() gopter.Gen {
	return gen.OneConstOf(16, 24, 32).FlatMap(func(v any) gopter.Gen {
		return gen.SliceOfN(v.(int), gen.UInt8())
	}, reflect.TypeOf([]byte(nil)))
}

func genRadix() gopter.Gen {
	// Small radixes are the common case and the ones whose minimum length
	// is longest; the full range covers the 3-byte radix field of P.
	return gen.OneGenOf(gen.IntRange(2, 64), gen.IntRange(2, ff1.MaxRadix), gen.OneConstOf(2, 10, 36, 62, 255, 256, 257, ff1.MaxRadix))
}

// genCase generates inputs of at least minBits bits of domain (and never
// below the standard's minimum), from the shortest such length to
// extraLen numerals longer, which spans the uint64 and math/big paths.
func genCase(minBits, extraLen int) gopter.Gen {
	return genRadix().FlatMap(func(v any) gopter.Gen {
		radix := v.(int)
		lo := max(minLength(radix), lengthFor(radix, minBits))
		numerals := gen.IntRange(lo, lo+extraLen).FlatMap(func(n any) gopter.Gen {
			return gen.SliceOfN(n.(int), gen.UInt16Range(0, uint16(radix-1)))
		}, reflect.TypeOf([]uint16(nil)))
		return gopter.CombineGens(genKey(), numerals, gen.SliceOf(gen.UInt8())).Map(func(vs []any) fpeCase {
			return fpeCase{Key: vs[0].([]byte), Radix: radix, X: vs[1].([]uint16), Tweak: vs[2].([]byte)}
		})
	}, reflect.TypeOf(fpeCase{}))
}

func TestCipherProperties(t *testing.T) {
	props := testenv.Properties(300)

	props.Property("Decrypt inverts Encrypt, keeping length and radix", prop.ForAll(
		func(tc fpeCase) (string, error) {
			c, err := ff1.New(tc.Key, tc.Radix)
			if err != nil {
				return "", err
			}
			ct, err := c.Encrypt(nil, tc.X, tc.Tweak)
			if err != nil {
				return "", err
			}
			if len(ct) != len(tc.X) {
				return "length changed", nil
			}
			for _, d := range ct {
				if int(d) >= tc.Radix {
					return "numeral out of radix", nil
				}
			}
			pt, err := c.Decrypt(nil, ct, tc.Tweak)
			if err != nil {
				return "", err
			}
			if !slices.Equal(pt, tc.X) {
				return "round trip changed the input", nil
			}
			return "", nil
		},
		genCase(0, 40),
	))

	// At 2^40 values and more, two tweaks (or two keys) agree on an output
	// with probability below 2^-40 per case: a failure is a bug.
	props.Property("different tweaks give different outputs", prop.ForAll(
		func(tc fpeCase, other []byte) bool {
			if slices.Equal(other, tc.Tweak) {
				other = append(other, 0)
			}
			c, err := ff1.New(tc.Key, tc.Radix)
			if err != nil {
				return false
			}
			ct1, err1 := c.Encrypt(nil, tc.X, tc.Tweak)
			ct2, err2 := c.Encrypt(nil, tc.X, other)
			return err1 == nil && err2 == nil && !slices.Equal(ct1, ct2)
		},
		genCase(40, 20), gen.SliceOf(gen.UInt8()),
	))

	props.Property("different keys give different outputs", prop.ForAll(
		func(tc fpeCase) bool {
			other := slices.Clone(tc.Key)
			other[len(other)-1] ^= 1
			c1, err1 := ff1.New(tc.Key, tc.Radix)
			c2, err2 := ff1.New(other, tc.Radix)
			if err1 != nil || err2 != nil {
				return false
			}
			ct1, err1 := c1.Encrypt(nil, tc.X, tc.Tweak)
			ct2, err2 := c2.Encrypt(nil, tc.X, tc.Tweak)
			return err1 == nil && err2 == nil && !slices.Equal(ct1, ct2)
		},
		genCase(40, 20),
	))

	props.Property("in-place encryption matches fresh output", prop.ForAll(
		func(tc fpeCase) bool {
			c, err := ff1.New(tc.Key, tc.Radix)
			if err != nil {
				return false
			}
			want, err := c.Encrypt(nil, tc.X, tc.Tweak)
			if err != nil {
				return false
			}
			buf := slices.Clone(tc.X)
			got, err := c.Encrypt(buf[:0], buf, tc.Tweak)
			return err == nil && slices.Equal(got, want) && &got[0] == &buf[0]
		},
		genCase(0, 40),
	))

	props.TestingRun(t)
}

// genAlphabet generates alphabets of 2 to about 300 distinct characters,
// mixing ASCII with multi-byte runes.
func genAlphabet() gopter.Gen {
	// One range mapped onto printable ASCII, 2-byte and 3-byte UTF-8, and
	// 4-byte emoji: a slice of OneGenOf elements would apply the first
	// element's range check to all of them.
	char := gen.Int32Range(0, 0x3000).Map(func(i int32) rune {
		switch {
		case i < 0x100:
			return 0x20 + i%0x5f
		case i < 0x1000:
			return 0xa0 + i
		case i < 0x2000:
			return 0x1000 + i
		default:
			return 0x1f300 + i%0x300
		}
	})
	return gen.IntRange(2, 300).FlatMap(func(v any) gopter.Gen {
		return gen.SliceOfN(v.(int), char)
	}, reflect.TypeOf([]int32(nil))).Map(func(rs []int32) string {
		seen := make(map[rune]bool)
		var out []rune
		// Duplicates are dropped; the fallback characters keep at least two.
		for _, r := range append(rs, '0', '1') {
			if !seen[r] && utf8.ValidRune(r) {
				seen[r] = true
				out = append(out, r)
			}
		}
		return string(out)
	})
}

func TestStringCipherProperties(t *testing.T) {
	props := testenv.Properties(200)

	type textCase struct {
		Key   []byte
		Chars string
		Text  string
		Tweak []byte
	}
	genText := genAlphabet().FlatMap(func(v any) gopter.Gen {
		chars := []rune(v.(string))
		lo := minLength(len(chars))
		text := gen.IntRange(lo, lo+30).FlatMap(func(n any) gopter.Gen {
			return gen.SliceOfN(n.(int), gen.IntRange(0, len(chars)-1)).Map(func(idx []int) string {
				out := make([]rune, len(idx))
				for i, j := range idx {
					out[i] = chars[j]
				}
				return string(out)
			})
		}, reflect.TypeOf(""))
		return gopter.CombineGens(genKey(), text, gen.SliceOf(gen.UInt8())).Map(func(vs []any) textCase {
			return textCase{Key: vs[0].([]byte), Chars: string(chars), Text: vs[1].(string), Tweak: vs[2].([]byte)}
		})
	}, reflect.TypeOf(textCase{}))

	props.Property("DecryptString inverts EncryptString, keeping alphabet and length", prop.ForAll(
		func(tc textCase) (string, error) {
			a, err := ff1.NewAlphabet(tc.Chars)
			if err != nil {
				return "", err
			}
			sc, err := ff1.NewStringCipher(tc.Key, a)
			if err != nil {
				return "", err
			}
			ct, err := sc.EncryptString(tc.Text, tc.Tweak)
			if err != nil {
				return "", err
			}
			if utf8.RuneCountInString(ct) != utf8.RuneCountInString(tc.Text) {
				return "character count changed", nil
			}
			inAlphabet := make(map[rune]bool)
			for _, r := range tc.Chars {
				inAlphabet[r] = true
			}
			for _, r := range ct {
				if !inAlphabet[r] {
					return "output character outside the alphabet", nil
				}
			}
			pt, err := sc.DecryptString(ct, tc.Tweak)
			if err != nil {
				return "", err
			}
			if pt != tc.Text {
				return "round trip changed the text", nil
			}
			// The byte API agrees with the string API.
			ctBytes, err := sc.Encrypt([]byte("prefix:"), []byte(tc.Text), tc.Tweak)
			if err != nil {
				return "", err
			}
			if string(ctBytes) != "prefix:"+ct {
				return "Encrypt and EncryptString disagree", nil
			}
			return "", nil
		},
		genText,
	))

	props.TestingRun(t)
}
