package deid

import (
	"errors"
	"fmt"

	"github.com/deidkit/deidkit/pseudo"
)

// pseudonymize replaces a value with its keyed pseudonym, through the
// Applier's memo of recent values.
type pseudonymize struct{ memo int }

func (b *binding) newPseudonymize(r *Rule) (transform, error) {
	p, err := b.pseudonymizer(r)
	if err != nil {
		return nil, err
	}
	b.memoFor = append(b.memoFor, p)
	return pseudonymize{memo: len(b.memoFor) - 1}, nil
}

func (b *binding) pseudonymizer(r *Rule) (*pseudo.Pseudonymizer, error) {
	if err := b.needPseudonyms(r); err != nil {
		return nil, err
	}
	var opts []pseudo.Option
	if r.Bits != 0 {
		opts = append(opts, pseudo.WithBits(r.Bits))
	}
	if r.Encoding != "" {
		e, err := pseudo.ParseEncoding(r.Encoding)
		if err != nil {
			return nil, err
		}
		opts = append(opts, pseudo.WithEncoding(e))
	}
	if r.KeyVersion {
		opts = append(opts, pseudo.WithKeyVersion())
	}
	return pseudo.New(b.keys.Pseudonyms, r.Domain, opts...)
}

func (t pseudonymize) apply(dst, v []byte, c *applyCtx) ([]byte, error) {
	return c.memos[t.memo].Append(dst, v), nil
}

// tokenize seals a value into a reversible token.
type tokenize struct{ t *pseudo.Tokenizer }

func (b *binding) newTokenize(r *Rule) (transform, error) {
	if b.keys.Tokens == nil {
		return nil, fmt.Errorf("tokenize needs a token keyset (Keys.Tokens)")
	}
	t, err := pseudo.NewTokenizer(b.keys.Tokens, r.Context)
	if err != nil {
		return nil, err
	}
	return tokenize{t}, nil
}

func (t tokenize) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	return t.t.AppendToken(dst, v)
}

// fpe encrypts a value with FF1, keeping its length and alphabet.
type fpe struct{ f *pseudo.FPE }

var alphabets = map[string]string{
	"":             pseudo.Digits,
	"digits":       pseudo.Digits,
	"alphanumeric": pseudo.LowerAlphaNum,
	"ALPHANUMERIC": pseudo.UpperAlphaNum,
}

func (b *binding) newFPE(r *Rule) (transform, error) {
	if err := b.needPseudonyms(r); err != nil {
		return nil, err
	}
	a, ok := alphabets[r.Alphabet]
	if !ok {
		a = r.Alphabet
	}
	f, err := pseudo.NewFPE(b.keys.Pseudonyms, r.Domain, a)
	if err != nil {
		return nil, err
	}
	return fpe{f}, nil
}

func (t fpe) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	out, err := t.f.AppendEncrypt(dst, v)
	switch {
	case err == nil:
		return out, nil
	case errors.Is(err, pseudo.ErrNotInAlphabet):
		return dst, err // names the alphabet and the position
	case errors.Is(err, pseudo.ErrDomainTooSmall):
		return dst, fmt.Errorf("%w: too short for FF1 (fewer than %d characters)", ErrOutOfRange, t.f.MinLength())
	}
	return dst, fmt.Errorf("%w: FF1 refused the value", ErrOutOfRange)
}

// plainOutput: every pseudonym encoding writes letters, digits, '-', '_'
// and, with a key version, 'v' and '.'.
func (t pseudonymize) plainOutput(comma byte) bool {
	return !isPseudonymByte(comma)
}

func isPseudonymByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
