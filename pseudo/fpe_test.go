package pseudo

import (
	"errors"
	"strings"
	"testing"

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
	word := gen.SliceOf(gen.OneGenOf(gen.NumChar(), gen.AlphaLowerChar())).
		SuchThat(func(r []rune) bool { return len(r) >= 4 }).
		Map(func(r []rune) string { return string(r) })
	props := properties(t)
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
