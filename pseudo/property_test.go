package pseudo

import (
	"bytes"
	"encoding/base64"
	"errors"
	"slices"
	"testing"

	"github.com/deidkit/deidkit/internal/idnorm"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func mustKeyset(t testing.TB) *Keyset {
	t.Helper()
	ks, err := NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

func mustNew(t testing.TB, ks *Keyset, domain string, opts ...Option) *Pseudonymizer {
	t.Helper()
	p, err := New(ks, domain, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// idGen generates identifiers of every shape: empty, ASCII, arbitrary
// Unicode, and longer than the memo holds.
func idGen() gopter.Gen {
	return gen.OneGenOf(gen.AnyString(), gen.Identifier(), gen.NumString(),
		gen.SliceOfN(100, gen.AlphaChar()).Map(func(r []rune) string { return string(r) }))
}

func TestPseudonymProperties(t *testing.T) {
	ks := mustKeyset(t)
	a := mustNew(t, ks, "research/partner-a")
	a2 := mustNew(t, ks, "research/partner-a")
	b := mustNew(t, ks, "research/partner-b")
	short := mustNew(t, ks, "research/partner-a", WithBits(MinBits))
	memo := a.NewMemo(16)

	props := testenv.Properties(200)
	props.Property("deterministic, with and without memo", prop.ForAll(func(id string) bool {
		p := a.Pseudonym(id)
		return p == a2.Pseudonym(id) && p == string(memo.Append(nil, []byte(id))) && len(p) == a.Len()
	}, idGen()))
	props.Property("the same ID differs across domains", prop.ForAll(func(id string) bool {
		return a.Pseudonym(id) != b.Pseudonym(id)
	}, idGen()))
	props.Property("distinct IDs never collide within a domain", prop.ForAll(func(ids []string) bool {
		seen := map[string]string{}
		for _, id := range ids {
			for _, p := range []*Pseudonymizer{a, short} {
				ps := p.Pseudonym(id)
				if prev, ok := seen[ps]; ok && prev != id {
					return false
				}
				seen[ps] = id
			}
		}
		return true
	}, gen.SliceOf(idGen())))
	props.TestingRun(t)
}

func TestRotationProperties(t *testing.T) {
	ks := mustKeyset(t)
	oldP := mustNew(t, ks, "ai-engine")
	rotated, err := ks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	newP := mustNew(t, rotated, "ai-engine")
	again := mustNew(t, rotated, "ai-engine", WithKeyID(ks.PrimaryKeyID()))

	props := testenv.Properties(200)
	props.Property("old pseudonyms stay computable after rotation", prop.ForAll(func(id string) bool {
		return again.Pseudonym(id) == oldP.Pseudonym(id) && newP.Pseudonym(id) != oldP.Pseudonym(id)
	}, idGen()))
	props.Property("the rotation map sends each old pseudonym to the new one, of the normalized ID, or refuses a malformed one", prop.ForAll(func(ids []string) bool {
		m, err := Remap(t.Context(), oldP, newP, slices.Values(ids), AllowUnauditedReversal())
		distinct := map[string]bool{}
		for _, id := range ids {
			norm := string(idnorm.Normalize([]byte(id)))
			if norm == "" {
				return errors.Is(err, ErrEmptyID)
			}
			if idnorm.ControlAt([]byte(norm)) >= 0 || idnorm.Scientific([]byte(norm)) {
				return errors.Is(err, ErrMalformedID)
			}
			distinct[norm] = true
		}
		if err != nil {
			return false
		}
		for id := range distinct {
			if m[oldP.Pseudonym(id)] != newP.Pseudonym(id) {
				return false
			}
		}
		return len(m) == len(distinct)
	}, gen.SliceOf(idGen())))
	props.TestingRun(t)
}

func TestTokenProperties(t *testing.T) {
	ks, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	other, err := NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	tok := mustTokenizer(t, ks, "cardio-check-up/partner-x")
	wrongCtx := mustTokenizer(t, ks, "cardio-check-up/partner-y")
	wrongKey := mustTokenizer(t, other, "cardio-check-up/partner-x")

	props := testenv.Properties(200)
	props.Property("tokens round-trip", prop.ForAll(func(id string) bool {
		s, err := tok.Token(id)
		if err != nil {
			return false
		}
		got, err := tok.Open(t.Context(), s)
		return err == nil && got == id
	}, idGen()))
	props.Property("a wrong context or keyset never opens a token", prop.ForAll(func(id string) bool {
		s, err := tok.Token(id)
		if err != nil {
			return false
		}
		_, e1 := wrongCtx.Open(t.Context(), s)
		_, e2 := wrongKey.Open(t.Context(), s)
		return errors.Is(e1, ErrInvalidToken) && errors.Is(e2, ErrInvalidToken)
	}, idGen()))
	props.Property("a tampered token never opens", prop.ForAll(func(id string, pos int, flip byte) bool {
		s, err := tok.Token(id)
		if err != nil {
			return false
		}
		raw, _ := base64.RawURLEncoding.DecodeString(s)
		bad := bytes.Clone(raw)
		bad[pos%len(bad)] ^= flip
		_, err = tok.Open(t.Context(), base64.RawURLEncoding.EncodeToString(bad))
		_, errTrunc := tok.Open(t.Context(), base64.RawURLEncoding.EncodeToString(raw[:pos%len(raw)]))
		return errors.Is(err, ErrInvalidToken) && errors.Is(errTrunc, ErrInvalidToken)
	}, idGen(), gen.IntRange(0, 1<<20), gen.UInt8Range(1, 255)))
	props.TestingRun(t)
}

// mustTokenizer returns a Tokenizer that opens without an audit hook, for
// the tests of sealing and opening; audit_test.go tests audited opening.
func mustTokenizer(t testing.TB, ks *TokenKeyset, ctx string) *Tokenizer {
	t.Helper()
	tk, err := NewTokenizer(ks, ctx, AllowUnauditedReversal())
	if err != nil {
		t.Fatal(err)
	}
	return tk
}
