package deid

import (
	"cmp"
	"errors"
	"fmt"
	"strings"

	"github.com/deidkit/deidkit/pseudo"
)

// pseudonymize replaces a value with its keyed pseudonym, through the
// Applier's memo of recent values. The value is normalized as exclusion
// normalizes IDs ([NormalizeID]) first: " u-1" and "\"u-1\"" are the
// person u-1 for exclusion, so they are for pseudonyms too, and k-anonymity
// counted in pseudonyms counts them as one person, not three. A value that
// is empty once normalized stays empty, as an empty value does.
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
	opts := b.pinned(r)
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
	v, err := personID(v)
	if err != nil || len(v) == 0 {
		return dst, err
	}
	return c.memos[t.memo].Append(dst, v), nil
}

// tokenize seals a value into a reversible token, of the value normalized
// as pseudonymize normalizes it: one person, one token, whatever the
// white space and quotes around their ID.
type tokenize struct{ t *pseudo.Tokenizer }

func (b *binding) newTokenize(r *Rule) (transform, error) {
	if b.keys.Tokens == nil {
		return nil, fmt.Errorf("tokenize needs a token keyset (Keys.Tokens)")
	}
	t, err := pseudo.NewTokenizer(b.keys.Tokens, r.Context, b.pinned(r)...)
	if err != nil {
		return nil, err
	}
	return tokenize{t}, nil
}

func (t tokenize) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	v, err := personID(v)
	if err != nil || len(v) == 0 {
		return dst, err
	}
	return t.t.AppendToken(dst, v)
}

// fpe encrypts a value with FF1, keeping its length and alphabet, and the
// characters of pass_through in place.
type fpe struct {
	f        *pseudo.FPE
	alphabet string // its name in the policy ("digits"), for errors
	chars    string // the characters of the alphabet
	keep     string // pass_through
}

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
	opts := b.pinned(r)
	if r.PassThrough != "" {
		opts = append(opts, pseudo.WithPassThrough(r.PassThrough))
	}
	f, err := pseudo.NewFPE(b.keys.Pseudonyms, r.Domain, fpeAlphabet(r), opts...)
	if err != nil {
		return nil, err
	}
	chars := fpeAlphabet(r)
	name := fmt.Sprintf("%q", chars)
	if _, named := alphabets[r.Alphabet]; named {
		name = cmp.Or(r.Alphabet, "digits") + " " + name
	}
	return fpe{f: f, alphabet: name, chars: chars, keep: r.PassThrough}, nil
}

// fpeAlphabet returns the characters of the alphabet of an fpe rule.
func fpeAlphabet(r *Rule) string {
	if a, ok := alphabets[r.Alphabet]; ok {
		return a
	}
	return r.Alphabet
}

func (t fpe) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	out, err := t.f.AppendEncrypt(dst, v)
	switch {
	case err == nil:
		return out, nil
	case errors.Is(err, pseudo.ErrNotInAlphabet):
		return dst, t.notInAlphabet(v)
	case errors.Is(err, pseudo.ErrDomainTooSmall):
		return dst, fmt.Errorf("%w: too short for FF1 (fewer than %d characters of the alphabet %s)", ErrOutOfRange, t.f.MinLength(), t.alphabet)
	}
	return dst, fmt.Errorf("%w: FF1 refused the value", ErrOutOfRange)
}

// notInAlphabet says which character of v (by position, never the
// character) is neither in the alphabet nor passed through, and how to
// keep separators.
func (t fpe) notInAlphabet(v []byte) error {
	pos := 0
	for _, c := range string(v) {
		pos++
		if !strings.ContainsRune(t.chars, c) && !strings.ContainsRune(t.keep, c) {
			break
		}
	}
	hint := `; to keep separators in place, list them in "pass_through" (pass_through= in a struct tag)`
	if t.keep != "" {
		hint = ""
	}
	return fmt.Errorf("%w: character %d of the value is not in the alphabet %s%s", ErrNotInAlphabet, pos, t.alphabet, hint)
}

// plainOutput: every pseudonym encoding writes letters, digits, '-', '_'
// and, with a key version, 'v' and '.'.
func (t pseudonymize) plainOutput(comma byte) bool {
	return !isPseudonymByte(comma)
}

func isPseudonymByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
