package pseudo

import (
	"fmt"

	"github.com/deidkit/deidkit/pseudo/internal/ff1"
)

// Alphabets for [NewFPE].
const (
	Digits        = ff1.Digits
	LowerAlphaNum = ff1.LowerAlphanumeric
	UpperAlphaNum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// ErrDomainTooSmall reports an FPE input with fewer than 1,000,000 possible
// values (radix^length), which NIST SP 800-38G Rev. 1 forbids: such a small
// domain can be tabulated by anyone who can submit values.
var ErrDomainTooSmall = ff1.ErrDomainTooSmall

// ErrNotInAlphabet reports an FPE input character outside the alphabet.
var ErrNotInAlphabet = ff1.ErrNotInAlphabet

// An FPE encrypts identifiers that must keep their format (a 10-digit
// account number stays 10 digits) with FF1 (NIST SP 800-38G) under AES-256.
// Its key is derived from a keyset's key and the domain, like pseudonym keys
// but for a different purpose, so the two never coincide.
//
// FPE is encryption, not hashing: whoever holds the keyset can decrypt.
// Prefer pseudonyms unless the format is a hard requirement, and keep the
// keyset of reversible transforms with the party allowed to reverse them.
// It is deterministic: equal inputs give equal outputs within a domain.
//
// An FPE is safe for concurrent use and never prints its key.
type FPE struct {
	redacted
	c      *ff1.StringCipher
	domain string
	keyID  uint32
}

// NewFPE returns an FPE over the characters of alphabet (such as [Digits])
// in domain. Only [WithKeyID] applies among the options; the others shape
// pseudonyms and are refused here.
func NewFPE(ks *Keyset, domain, alphabet string, opts ...Option) (*FPE, error) {
	if ks == nil {
		return nil, fmt.Errorf("%w: nil keyset", ErrKeyset)
	}
	c := config{keyID: ks.primary}
	for _, o := range opts {
		o(&c)
	}
	if len(c.optionErrs) > 0 {
		return nil, c.optionErrs[0]
	}
	if c.shapes {
		return nil, fmt.Errorf("%w: only WithKeyID applies to FPE", ErrInvalidOption)
	}
	a, err := ff1.NewAlphabet(alphabet)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidOption, err)
	}
	key, err := ks.derive(c.keyID, "fpe", domain)
	if err != nil {
		return nil, err
	}
	sc, err := ff1.NewStringCipher(key, a)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return &FPE{redacted: redacted{"FPE"}, c: sc, domain: domain, keyID: c.keyID}, nil
}

// AppendEncrypt appends the encryption of src to dst. src must consist of
// alphabet characters and have at least [FPE.MinLength] of them.
func (f *FPE) AppendEncrypt(dst, src []byte) ([]byte, error) {
	out, err := f.c.Encrypt(dst, src, nil)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// Encrypt returns the encryption of s.
func (f *FPE) Encrypt(s string) (string, error) { return f.c.EncryptString(s, nil) }

// Decrypt returns the plaintext of an output of Encrypt.
func (f *FPE) Decrypt(s string) (string, error) { return f.c.DecryptString(s, nil) }

// MinLength returns the shortest input accepted, in characters: the length
// at which the domain reaches 1,000,000 values.
func (f *FPE) MinLength() int { return f.c.MinLength() }

// Domain returns the domain of f.
func (f *FPE) Domain() string { return f.domain }

// KeyID returns the ID of the master key f's key was derived from.
func (f *FPE) KeyID() uint32 { return f.keyID }
