package pseudo

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// Every function and method that returns an error refuses a zero value of
// the package's types (made with a composite literal instead of its
// constructor) with ErrZeroValue, and never panics.
func TestZeroValuesRefused(t *testing.T) {
	ks := mustKeyset(t)
	p := mustNew(t, ks, "d")
	ctx := WithAuditInfo(context.Background(), "who", "why")
	ids := slices.Values([]string{"u-1"})
	noAudit := AllowUnauditedReversal()
	cases := map[string]func() error{
		"New(&Keyset{})":               func() error { _, err := New(&Keyset{}, "d"); return err },
		"NewFPE(&Keyset{})":            func() error { _, err := NewFPE(&Keyset{}, "d", Digits); return err },
		"NewAuditor(hook, &Keyset{})":  func() error { _, err := NewAuditor((&recorder{}).hook, &Keyset{}); return err },
		"NewTokenizer(&TokenKeyset{})": func() error { _, err := NewTokenizer(&TokenKeyset{}, "c"); return err },
		"NewTokenizer(WithAuditor(&Auditor{}))": func() error {
			_, err := NewTokenizer(mustTokenKeyset(t), "c", WithAuditor(&Auditor{}))
			return err
		},
		"NewFPE(WithAuditor(&Auditor{}))": func() error {
			_, err := NewFPE(ks, "d", Digits, WithAuditor(&Auditor{}))
			return err
		},
		"Remap(&Pseudonymizer{}, p)": func() error { _, err := Remap(ctx, &Pseudonymizer{}, p, ids, noAudit); return err },
		"Remap(p, &Pseudonymizer{})": func() error { _, err := Remap(ctx, p, &Pseudonymizer{}, ids, noAudit); return err },
		"Remap(WithAuditor(&Auditor{}))": func() error {
			_, err := Remap(ctx, p, p, ids, WithAuditor(&Auditor{}))
			return err
		},
		"Keyset{}.Write":          func() error { return (&Keyset{}).Write(&bytes.Buffer{}, nil) },
		"Keyset{}.Rotate":         func() error { _, err := (&Keyset{}).Rotate(); return err },
		"Keyset{}.AddKey":         func() error { _, _, err := (&Keyset{}).AddKey(); return err },
		"Keyset{}.SetPrimary":     func() error { _, err := (&Keyset{}).SetPrimary(1); return err },
		"Keyset{}.DisableKey":     func() error { _, err := (&Keyset{}).DisableKey(1); return err },
		"Keyset{}.DeleteKey":      func() error { _, err := (&Keyset{}).DeleteKey(1); return err },
		"TokenKeyset{}.Write":     func() error { return (&TokenKeyset{}).Write(&bytes.Buffer{}, nil) },
		"TokenKeyset{}.Rotate":    func() error { _, err := (&TokenKeyset{}).Rotate(); return err },
		"Tokenizer{}.Token":       func() error { _, err := (&Tokenizer{}).Token("u-1"); return err },
		"Tokenizer{}.AppendToken": func() error { _, err := (&Tokenizer{}).AppendToken(nil, []byte("u-1")); return err },
		"Tokenizer{}.Open":        func() error { _, err := (&Tokenizer{}).Open(ctx, "AAAA"); return err },
		"FPE{}.Encrypt":           func() error { _, err := (&FPE{}).Encrypt("1234567"); return err },
		"FPE{}.AppendEncrypt":     func() error { _, err := (&FPE{}).AppendEncrypt(nil, []byte("1234567")); return err },
		"FPE{}.Decrypt":           func() error { _, err := (&FPE{}).Decrypt(ctx, "1234567"); return err },
	}
	for name, call := range cases {
		t.Run(name, func(t *testing.T) { testenv.Refuses(t, call, ErrZeroValue) })
	}
}
