package pseudo

import (
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func TestFPE(t *testing.T) {
	ks := mustKeyset(t)
	f, err := NewFPE(ks, "accounts", Digits, AllowUnauditedReversal())
	if err != nil {
		t.Fatal(err)
	}
	if f.MinLength() != 6 {
		t.Fatalf("MinLength = %d, want 6 (10^6 values)", f.MinLength())
	}
	tests := []struct {
		in      string
		wantErr error
	}{
		{"123456", nil},
		{"0000000000", nil},
		{"12345", ErrDomainTooSmall},
		{"", ErrDomainTooSmall},
		{"12345a", ErrNotInAlphabet},
		{"١٢٣٤٥٦", ErrNotInAlphabet},
	}
	for _, tc := range tests {
		ct, err := f.Encrypt(tc.in)
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("Encrypt(%q): err %v, want %v", tc.in, err, tc.wantErr)
			continue
		}
		if err != nil {
			if strings.Contains(err.Error(), tc.in) && tc.in != "" {
				t.Errorf("error %q reveals the input", err)
			}
			continue
		}
		if len(ct) != len(tc.in) || strings.Trim(ct, Digits) != "" {
			t.Errorf("Encrypt(%q) = %q: format not preserved", tc.in, ct)
		}
		pt, err := f.Decrypt(t.Context(), ct)
		if err != nil || pt != tc.in {
			t.Errorf("Decrypt(Encrypt(%q)) = %q, %v", tc.in, pt, err)
		}
	}
	for _, bad := range [][]Option{{WithBits(64)}, {WithEncoding(Base32)}, {WithEncoding(Hex)}, {WithKeyVersion()}} {
		if _, err := NewFPE(ks, "accounts", Digits, bad...); !errors.Is(err, ErrInvalidOption) {
			t.Errorf("NewFPE with a pseudonym option: %v", err)
		}
	}
	if _, err := NewFPE(ks, "accounts", "aa"); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("duplicate alphabet characters: %v", err)
	}
	if _, err := NewFPE(ks, "", Digits); !errors.Is(err, ErrInvalidDomain) {
		t.Errorf("empty domain: %v", err)
	}
}

func TestFPEProperties(t *testing.T) {
	ks := mustKeyset(t)
	a, err := NewFPE(ks, "accounts", LowerAlphaNum, AllowUnauditedReversal())
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewFPE(ks, "other", LowerAlphaNum)
	if err != nil {
		t.Fatal(err)
	}
	rotated, err := ks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	old, err := NewFPE(rotated, "accounts", LowerAlphaNum, WithKeyID(ks.PrimaryKeyID()))
	if err != nil {
		t.Fatal(err)
	}
	// Radix 36 needs at least 4 characters for 10^6 values.
	word := gen.SliceOf(testenv.OneOf(gen.NumChar(), gen.AlphaLowerChar())).
		SuchThat(func(r []rune) bool { return len(r) >= 4 }).
		Map(func(r []rune) string { return string(r) })
	props := testenv.Properties(200)
	props.Property("round trip, same length and alphabet, domain-separated", prop.ForAll(func(s string) bool {
		ct, err := a.Encrypt(s)
		if err != nil || len(ct) != len(s) || strings.Trim(ct, LowerAlphaNum) != "" {
			return false
		}
		pt, err := a.Decrypt(t.Context(), ct)
		ctB, _ := b.Encrypt(s)
		ctOld, _ := old.Encrypt(s)
		return err == nil && pt == s && ctB != ct && ctOld == ct
	}, word))
	props.TestingRun(t)
}

type namedValue struct {
	name  string
	value any
}

func fpeValuesForRedaction(t *testing.T, ks *Keyset) []namedValue {
	f, err := NewFPE(ks, "d", Digits)
	if err != nil {
		t.Fatal(err)
	}
	return []namedValue{{"FPE", f}}
}

func derefFPE(v any) any {
	if f, ok := v.(*FPE); ok {
		return *f
	}
	return v
}

// Pass-through characters stay in place; only the alphabet's characters
// are encrypted, and they alone count towards the minimum length.
func TestFPEPassThrough(t *testing.T) {
	ks := mustKeyset(t)
	f, err := NewFPE(ks, "serials", Digits, WithPassThrough("SN-/é"), AllowUnauditedReversal())
	if err != nil {
		t.Fatal(err)
	}
	plain, err := NewFPE(ks, "serials", Digits)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in      string
		wantErr error
	}{
		{"SN-004217-93", nil},
		{"004217", nil},
		{"é12/34/56é", nil},
		{"--------", ErrDomainTooSmall},
		{"SN-00421", ErrDomainTooSmall},
		{"SN-0042x7-93", ErrNotInAlphabet},
		{"SN-004217-9\xff", ErrNotInAlphabet},
	}
	for _, tc := range tests {
		ct, err := f.Encrypt(tc.in)
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("Encrypt(%q): %v, want %v", tc.in, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		digits := strings.Map(func(r rune) rune {
			if strings.ContainsRune(Digits, r) {
				return r
			}
			return -1
		}, tc.in)
		want, _ := plain.Encrypt(digits)
		var gotDigits []rune
		for i, r := range []rune(ct) {
			if strings.ContainsRune(Digits, r) {
				gotDigits = append(gotDigits, r)
			} else if r != []rune(tc.in)[i] {
				t.Errorf("Encrypt(%q) = %q: character %d moved or changed", tc.in, ct, i)
			}
		}
		if string(gotDigits) != want || len([]rune(ct)) != len([]rune(tc.in)) {
			t.Errorf("Encrypt(%q) = %q; its digits are not the encryption of %q (%q)", tc.in, ct, digits, want)
		}
		if pt, err := f.Decrypt(t.Context(), ct); err != nil || pt != tc.in {
			t.Errorf("Decrypt(%q) = %q, %v", ct, pt, err)
		}
		// In place: dst shares src's memory.
		buf := []byte(tc.in)
		if out, err := f.AppendEncrypt(buf[:0], buf); err != nil || string(out) != ct {
			t.Errorf("AppendEncrypt in place: %q, %v", out, err)
		}
	}
	if _, err := NewFPE(ks, "serials", Digits, WithPassThrough("-5")); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("a pass-through character in the alphabet: %v", err)
	}
}

// FPE errors name the alphabet and the position of the offending
// character, and say what to do; they never contain the value.
func TestFPEErrorsNameTheAlphabet(t *testing.T) {
	ks := mustKeyset(t)
	tests := []struct {
		alphabet, in string
		opts         []Option
		want         []string
		wantErr      error
	}{
		{Digits, "4006-123456", nil, []string{"character 4 is not in the alphabet Digits [0-9]", "WithPassThrough"}, ErrNotInAlphabet},
		{UpperAlphaNum, "AB12cd99", nil, []string{"character 4 is not in the alphabet UpperAlphaNum [0-9A-Z]"}, ErrNotInAlphabet},
		{"ABCDEFGHJKLMNPQRSTUVWXYZ23456789", "ABCIEF", nil, []string{`character 3 is not in the alphabet [A-HJ-NP-Z2-9]`}, ErrNotInAlphabet},
		{Digits, "SN-12x456", []Option{WithPassThrough("SN-")}, []string{"character 5 is not in the alphabet Digits [0-9]"}, ErrNotInAlphabet},
		{LowerAlphaNum, "abc", nil, []string{"at least 4 characters of the alphabet LowerAlphaNum [0-9a-z]"}, ErrDomainTooSmall},
		{Digits, strings.Repeat("1", 5000), nil, []string{"more than"}, ErrTooLong},
		{Digits, strings.Repeat("1", 20000), []Option{WithPassThrough("-")}, []string{"more than"}, ErrTooLong},
	}
	for _, tc := range tests {
		f, err := NewFPE(ks, "d", tc.alphabet, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.Encrypt(tc.in)
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("Encrypt(%.20q): %v, want %v", tc.in, err, tc.wantErr)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not say %q", err, w)
			}
		}
		if len(tc.in) < 100 && strings.Contains(err.Error(), tc.in) {
			t.Errorf("error %q holds the value", err)
		}
	}
	if got := alphabetName(strings.Repeat("ab", 1) + "\x01xyz" + string(rune(0x4e00)) + string(rune(0x4e02))); got != `[ab\x01x-z一丂]` {
		t.Errorf("alphabetName = %q", got)
	}
	long := make([]rune, 300)
	for i := range long {
		long[i] = rune(0x100 + 2*i)
	}
	if got := alphabetName(string(long)); !strings.HasSuffix(got, "... (300 characters)]") || len([]rune(got)) > 80 {
		t.Errorf("long alphabet named %q", got)
	}
}

// No input that FPE refuses appears in its error, whatever its characters.
func TestFPEErrorsHoldNoValue(t *testing.T) {
	ks := mustKeyset(t)
	f, err := NewFPE(ks, "d", Digits, WithPassThrough("-"))
	if err != nil {
		t.Fatal(err)
	}
	props := testenv.Properties(200)
	props.Property("errors never contain the input", prop.ForAll(func(s string) bool {
		_, err := f.Encrypt(s)
		return err == nil || len(s) < 4 || !strings.Contains(err.Error(), s)
	}, gen.AnyString()))
	props.Property("round trip with separators anywhere", prop.ForAll(func(digits []rune, at []int) bool {
		s := []rune(string(digits))
		for _, i := range at {
			i %= len(s) + 1
			s = append(s[:i], append([]rune{'-'}, s[i:]...)...)
		}
		in := string(s)
		ct, err := f.Encrypt(in)
		if err != nil || len(ct) != len(in) {
			return false
		}
		for i := range in {
			if (in[i] == '-') != (ct[i] == '-') {
				return false
			}
		}
		u, _ := NewFPE(ks, "d", Digits, WithPassThrough("-"), AllowUnauditedReversal())
		pt, err := u.Decrypt(t.Context(), ct)
		return err == nil && pt == in
	}, gen.SliceOfN(8, gen.NumChar()), gen.SliceOf(gen.IntRange(0, 100))))
	props.TestingRun(t)
}
