package ff1_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/pseudo/internal/ff1"
)

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name    string
		keyLen  int
		radix   int
		wantErr error
	}{
		{"key 0 bytes", 0, 10, ff1.ErrInvalidKey},
		{"key 15 bytes", 15, 10, ff1.ErrInvalidKey},
		{"key 17 bytes", 17, 10, ff1.ErrInvalidKey},
		{"key 64 bytes", 64, 10, ff1.ErrInvalidKey},
		{"radix 1", 16, 1, ff1.ErrInvalidRadix},
		{"radix 0", 16, 0, ff1.ErrInvalidRadix},
		{"radix -10", 16, -10, ff1.ErrInvalidRadix},
		{"radix 65537", 16, ff1.MaxRadix + 1, ff1.ErrInvalidRadix},
		{"AES-128", 16, 10, nil},
		{"AES-192", 24, 2, nil},
		{"AES-256", 32, ff1.MaxRadix, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ff1.New(make([]byte, tc.keyLen), tc.radix)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("New error = %v, want %v", err, tc.wantErr)
			}
			if (c == nil) != (tc.wantErr != nil) {
				t.Errorf("New returned cipher %v with error %v", c != nil, err)
			}
		})
	}
}

// TestDomainLimits checks the SP 800-38G Rev. 1 minimum domain: inputs
// with radix^length below 1,000,000 are refused, the first length at or
// above it is accepted.
func TestDomainLimits(t *testing.T) {
	tests := []struct {
		radix   int
		minLen  int // the smallest n with radix^n >= 1,000,000
		comment string
	}{
		{10, 6, "10^5 = 100,000 < 10^6"},
		{2, 20, "2^19 = 524,288 < 2^20 = 1,048,576"},
		{3, 13, "3^12 = 531,441 < 3^13 = 1,594,323"},
		{16, 5, "16^4 = 65,536 < 16^5 = 1,048,576"},
		{36, 4, "36^3 = 46,656 < 36^4 = 1,679,616"},
		{62, 4, "62^3 = 238,328 < 62^4"},
		{100, 3, "100^3 = 10^6 exactly"},
		{999, 3, "999^2 = 998,001 < 10^6"},
		{1000, 2, "1000^2 = 10^6 exactly"},
		{ff1.MaxRadix, 2, "length 1 is never allowed"},
	}
	key := make([]byte, 16)
	for _, tc := range tests {
		c, err := ff1.New(key, tc.radix)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.MinLength(); got != tc.minLen {
			t.Errorf("radix %d: MinLength = %d, want %d (%s)", tc.radix, got, tc.minLen, tc.comment)
		}
		for n := 0; n <= tc.minLen+1; n++ {
			_, err := c.Encrypt(nil, make([]uint16, n), nil)
			if n < tc.minLen && !errors.Is(err, ff1.ErrDomainTooSmall) {
				t.Errorf("radix %d, length %d: Encrypt error = %v, want ErrDomainTooSmall", tc.radix, n, err)
			}
			if n >= tc.minLen && err != nil {
				t.Errorf("radix %d, length %d: Encrypt error = %v, want nil", tc.radix, n, err)
			}
			_, err = c.Decrypt(nil, make([]uint16, n), nil)
			if (n < tc.minLen) != errors.Is(err, ff1.ErrDomainTooSmall) {
				t.Errorf("radix %d, length %d: Decrypt error = %v", tc.radix, n, err)
			}
		}
	}
}

func TestDecimalDigitsMinimum(t *testing.T) {
	a, err := ff1.NewAlphabet(ff1.Digits)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ff1.NewStringCipher(make([]byte, 32), a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.EncryptString("12345", nil); !errors.Is(err, ff1.ErrDomainTooSmall) {
		t.Errorf("5 digits: error = %v, want ErrDomainTooSmall", err)
	}
	if _, err := sc.DecryptString("12345", nil); !errors.Is(err, ff1.ErrDomainTooSmall) {
		t.Errorf("5 digits: Decrypt error = %v, want ErrDomainTooSmall", err)
	}
	ct, err := sc.EncryptString("123456", nil)
	if err != nil {
		t.Fatalf("6 digits: %v", err)
	}
	if pt, err := sc.DecryptString(ct, nil); err != nil || pt != "123456" {
		t.Errorf("6 digits: DecryptString = %q, %v", pt, err)
	}
}

// secretDigits is a plaintext that error messages must not echo, in whole
// or in part.
const secretDigits = "9876543210987654"

func checkNoLeak(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error %q contains input %q", err, s)
		}
	}
}

func TestCipherRejects(t *testing.T) {
	c, err := ff1.New(make([]byte, 16), 10)
	if err != nil {
		t.Fatal(err)
	}
	digits := func(s string) []uint16 {
		x := make([]uint16, len(s))
		for i := range s {
			x[i] = uint16(s[i] - '0')
		}
		return x
	}
	badNumeral := digits(secretDigits)
	badNumeral[3] = 10
	tests := []struct {
		name    string
		x       []uint16
		tweak   []byte
		wantErr error
	}{
		{"empty", nil, nil, ff1.ErrDomainTooSmall},
		{"one numeral", []uint16{4}, nil, ff1.ErrDomainTooSmall},
		{"numeral equal to radix", badNumeral, nil, ff1.ErrInvalidNumeral},
		{"numeral far above radix", []uint16{1, 2, 3, 4, 5, 6, 65535}, nil, ff1.ErrInvalidNumeral},
		{"too long", make([]uint16, ff1.MaxLength+1), nil, ff1.ErrInvalidLength},
		{"longest", make([]uint16, ff1.MaxLength), nil, nil},
		{"tweak too long", digits(secretDigits), make([]byte, ff1.MaxTweakLength+1), ff1.ErrTweakTooLong},
		{"longest tweak", digits(secretDigits), make([]byte, ff1.MaxTweakLength), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, op := range []struct {
				name string
				f    func(dst, x []uint16, tweak []byte) ([]uint16, error)
			}{{"Encrypt", c.Encrypt}, {"Decrypt", c.Decrypt}} {
				out, err := op.f(nil, tc.x, tc.tweak)
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("%s error = %v, want %v", op.name, err, tc.wantErr)
				}
				if err != nil && out != nil {
					t.Errorf("%s returned output with an error", op.name)
				}
				checkNoLeak(t, err, secretDigits, secretDigits[:6])
			}
		})
	}
}

func TestAlphabetRejects(t *testing.T) {
	tests := []struct {
		name  string
		chars string
	}{
		{"empty", ""},
		{"one character", "a"},
		{"repeated ASCII", "0123456789a0"},
		{"repeated non-ASCII", "αβγδα"},
		{"invalid UTF-8", "01\xff"},
		{"too many characters", string(manyRunes(ff1.MaxRadix + 1))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ff1.NewAlphabet(tc.chars)
			if !errors.Is(err, ff1.ErrInvalidAlphabet) || a != nil {
				t.Errorf("NewAlphabet = %v, %v; want ErrInvalidAlphabet", a, err)
			}
		})
	}
	if _, err := ff1.NewStringCipher(make([]byte, 16), nil); !errors.Is(err, ff1.ErrInvalidAlphabet) {
		t.Errorf("NewStringCipher(nil alphabet) error = %v", err)
	}
	a, err := ff1.NewAlphabet(string(manyRunes(ff1.MaxRadix)))
	if err != nil || a.Radix() != ff1.MaxRadix {
		t.Errorf("alphabet of %d characters: %v", ff1.MaxRadix, err)
	}
}

// manyRunes returns n distinct valid runes, skipping the surrogate range.
func manyRunes(n int) []rune {
	rs := make([]rune, 0, n)
	for r := rune(0x20); len(rs) < n; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		rs = append(rs, r)
	}
	return rs
}

func TestStringCipherRejects(t *testing.T) {
	tests := []struct {
		name    string
		chars   string
		text    string
		wantErr error
		wantPos string // the position the error must name
	}{
		{"letter in digits", ff1.Digits, "98765x3210987654", ff1.ErrNotInAlphabet, "character 5"},
		{"space in digits", ff1.Digits, "9876543210 ", ff1.ErrNotInAlphabet, "character 10"},
		{"upper case in lower alphabet", ff1.LowerAlphanumeric, "abcDef0123", ff1.ErrNotInAlphabet, "character 3"},
		{"non-ASCII not in alphabet", ff1.Digits, "12345é7890", ff1.ErrNotInAlphabet, "character 5"},
		{"invalid UTF-8", ff1.Digits, "123456\xff789", ff1.ErrNotInAlphabet, "character 6"},
		{"invalid UTF-8 with U+FFFD in alphabet", "0123456789\uFFFD", "123456\xff789", ff1.ErrNotInAlphabet, "character 6"},
		{"ASCII not in non-ASCII alphabet", "αβγδεζηθικ", "αβγδεζaηθι", ff1.ErrNotInAlphabet, "character 6"},
		{"too short", ff1.Digits, "98765", ff1.ErrDomainTooSmall, ""},
		{"too long", ff1.Digits, strings.Repeat("1", ff1.MaxLength+1), ff1.ErrInvalidLength, ""},
		{"far too long", ff1.Digits, strings.Repeat("1", 4*ff1.MaxLength+1), ff1.ErrInvalidLength, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ff1.NewAlphabet(tc.chars)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := ff1.NewStringCipher(make([]byte, 16), a)
			if err != nil {
				t.Fatal(err)
			}
			_, errE := sc.EncryptString(tc.text, nil)
			_, errD := sc.DecryptString(tc.text, nil)
			out, errB := sc.Encrypt(nil, []byte(tc.text), nil)
			for _, err := range []error{errE, errD, errB} {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error = %v, want %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantPos) {
					t.Errorf("error %q does not name %q", err, tc.wantPos)
				}
				checkNoLeak(t, err, tc.text, tc.text[:4])
				// The whole message is fixed text and the position: not
				// even the offending character gets through.
				if tc.wantErr == ff1.ErrNotInAlphabet && err.Error() != ff1.ErrNotInAlphabet.Error()+": "+tc.wantPos {
					t.Errorf("error %q says more than the position", err)
				}
			}
			if out != nil {
				t.Errorf("Encrypt returned output with an error")
			}
		})
	}
}

func TestAlphabetAppendText(t *testing.T) {
	a, err := ff1.NewAlphabet("αβγ01")
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.AppendText([]byte("x="), []uint16{0, 3, 2, 4, 1})
	if err != nil || !bytes.Equal(got, []byte("x=α0γ1β")) {
		t.Errorf("AppendText = %q, %v", got, err)
	}
	if _, err := a.AppendText(nil, []uint16{0, 5}); !errors.Is(err, ff1.ErrInvalidNumeral) {
		t.Errorf("AppendText(numeral 5 at radix 5) error = %v", err)
	}
	if a.String() != "αβγ01" || a.Radix() != 5 {
		t.Errorf("String, Radix = %q, %d", a.String(), a.Radix())
	}
}
