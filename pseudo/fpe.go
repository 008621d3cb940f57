package pseudo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/deidkit/deidkit/pseudo/internal/ff1"
	"github.com/deidkit/deidkit/pseudo/internal/keyio"
)

// Alphabets for [NewFPE].
const (
	Digits        = ff1.Digits
	LowerAlphaNum = ff1.LowerAlphanumeric
	UpperAlphaNum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// An FPE encrypts identifiers that must keep their format (a 10-digit
// account number stays 10 digits) with FF1 (NIST SP 800-38G) under AES-256.
// Its key is derived from a keyset's key and the domain, like pseudonym keys
// but for a different purpose, so the two never coincide: rotating the
// keyset changes FPE outputs as it changes pseudonyms ([WithKeyID] pins the
// old key).
//
// FPE is encryption, not hashing: whoever holds the keyset can decrypt.
// Prefer pseudonyms unless the format is a hard requirement, and keep the
// keyset of reversible transforms with the party allowed to reverse them.
// Decryption is a disclosure, audited like opening a token (see
// [WithAuditor]). It is deterministic: equal inputs give equal outputs
// within a domain.
//
// An FPE is safe for concurrent use and never prints its key.
type FPE struct {
	redacted
	c      *ff1.StringCipher
	name   string  // the alphabet as errors name it
	keep   runeSet // characters passed through unchanged
	domain string
	keyID  uint32
	rev    reversal
}

// NewFPE returns an FPE over the characters of alphabet (such as [Digits])
// in domain. It takes [WithKeyID], [WithPassThrough], and [WithAuditor] or
// [AllowUnauditedReversal] for [FPE.Decrypt]; the options that shape
// pseudonyms are refused.
func NewFPE(ks *Keyset, domain, alphabet string, opts ...Option) (*FPE, error) {
	if ks == nil {
		return nil, fmt.Errorf("%w: nil keyset", ErrKeyset)
	}
	if err := zero(ks, "Keyset"); err != nil {
		return nil, err
	}
	c, err := newConfig("NewFPE", fpeOptions, opts)
	if err != nil {
		return nil, err
	}
	a, err := ff1.NewAlphabet(alphabet)
	if err != nil {
		return nil, fmt.Errorf("%w: alphabet: %w", ErrInvalidOption, err)
	}
	keep := newRuneSet(c.passThrough)
	for _, r := range c.passThrough {
		if a.Contains(r) {
			return nil, fmt.Errorf("%w: WithPassThrough: character %q is also in the alphabet; a character is either encrypted or kept", ErrInvalidOption, r)
		}
	}
	keyID := c.keyIDOr(ks.primary)
	key, err := ks.derive(keyID, keyio.PurposeFPE, domain)
	if err != nil {
		return nil, err
	}
	sc, err := ff1.NewStringCipher(key, a)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return &FPE{
		redacted: redacted{"FPE"},
		c:        sc,
		name:     alphabetName(alphabet),
		keep:     keep,
		domain:   domain,
		keyID:    keyID,
		rev:      reversal{c.auditor, c.unaudited},
	}, nil
}

// WithPassThrough keeps the characters of chars unchanged, in place, in the
// input and output of an [FPE]: separators and fixed letters such as the
// "SN-" of "SN-004217" (with [Digits], pass "SN-"). Only the alphabet
// characters are encrypted, as one string, so the minimum length counts
// them alone, and values that differ only in their kept characters encrypt
// to the same alphabet characters. chars must not share a character with
// the alphabet. It applies to [NewFPE].
func WithPassThrough(chars string) Option {
	return func(c *config) {
		if chars == "" || !utf8.ValidString(chars) {
			c.optionErrs = append(c.optionErrs, fmt.Errorf("%w: WithPassThrough needs one or more characters in valid UTF-8", ErrInvalidOption))
			return
		}
		c.passThrough, c.given = chars, c.given|optPassThrough
	}
}

// AppendEncrypt appends the encryption of src to dst. src must consist of
// alphabet characters (and pass-through characters, see [WithPassThrough])
// with at least [FPE.MinLength] of the former. dst and src may overlap.
func (f *FPE) AppendEncrypt(dst, src []byte) ([]byte, error) {
	if err := zero(f, "FPE"); err != nil {
		return dst, err
	}
	return f.crypt(dst, src, true)
}

// Encrypt returns the encryption of s.
func (f *FPE) Encrypt(s string) (string, error) {
	if err := zero(f, "FPE"); err != nil {
		return "", err
	}
	return f.cryptString(s, true)
}

// Decrypt returns the plaintext of an output of Encrypt. It is a
// reversal: it is refused with [ErrNoAudit] unless f was made with
// [WithAuditor] (then ctx must carry [WithAuditInfo], and the auditor's
// hook receives one [AuditEvent]) or [AllowUnauditedReversal].
func (f *FPE) Decrypt(ctx context.Context, s string) (string, error) {
	if err := zero(f, "FPE"); err != nil {
		return "", err
	}
	ev := AuditEvent{Op: OpDecryptFPE, Domain: f.domain, KeyID: f.keyID}
	return audited(ctx, f.rev, ev, func(*AuditEvent) (string, string, error) {
		out, err := f.cryptString(s, false)
		return out, s, err
	})
}

// MinLength returns the shortest input accepted, in alphabet characters:
// the length at which the domain reaches 1,000,000 values.
func (f *FPE) MinLength() int { return f.c.MinLength() }

// Domain returns the domain of f.
func (f *FPE) Domain() string { return f.domain }

// KeyID returns the ID of the master key f's key was derived from.
func (f *FPE) KeyID() uint32 { return f.keyID }

// stackChars is the input length, in bytes, up to which a pass-through
// call needs no heap allocation besides its result.
const stackChars = 64

func (f *FPE) cryptString(s string, encrypt bool) (string, error) {
	if f.keep.empty() {
		crypt := f.c.DecryptString
		if encrypt {
			crypt = f.c.EncryptString
		}
		out, err := crypt(s, nil)
		if err != nil {
			return "", f.explain(err, []byte(s))
		}
		return out, nil
	}
	out, err := f.crypt(make([]byte, 0, len(s)), []byte(s), encrypt)
	return string(out), err
}

func (f *FPE) crypt(dst, src []byte, encrypt bool) ([]byte, error) {
	if len(src) > utf8.UTFMax*ff1.MaxLength {
		// Too long whatever its characters: refuse before copying it.
		return dst, fmt.Errorf("%w: more than %d bytes", ErrTooLong, utf8.UTFMax*ff1.MaxLength)
	}
	if f.keep.empty() {
		out, err := f.cipher(dst, src, encrypt)
		if err != nil {
			return dst, f.explain(err, src)
		}
		return out, nil
	}
	// Encrypt the alphabet characters as one string, then put the kept
	// characters back in place. The input is copied first: dst may share
	// its memory.
	var inBuf, coreBuf, outBuf [stackChars]byte
	in := append(inBuf[:0], src...)
	core := coreBuf[:0]
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		if !f.keep.has(r, n) {
			core = append(core, in[i:i+n]...)
		}
		i += n
	}
	enc, err := f.cipher(outBuf[:0], core, encrypt)
	if err != nil {
		return dst, f.explain(err, in)
	}
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		if f.keep.has(r, n) {
			dst = append(dst, in[i:i+n]...)
		} else {
			_, m := utf8.DecodeRune(enc)
			dst = append(dst, enc[:m]...)
			enc = enc[m:]
		}
		i += n
	}
	return dst, nil
}

func (f *FPE) cipher(dst, src []byte, encrypt bool) ([]byte, error) {
	if encrypt {
		return f.c.Encrypt(dst, src, nil)
	}
	return f.c.Decrypt(dst, src, nil)
}

// explain turns an error of FF1 into one of this package's sentinels,
// naming the alphabet and, for a foreign character, its position in src:
// never the character or the value.
func (f *FPE) explain(err error, src []byte) error {
	switch {
	case errors.Is(err, ff1.ErrNotInAlphabet):
		hint := "; keep separators in place with WithPassThrough"
		if !f.keep.empty() {
			hint = ""
		}
		return fmt.Errorf("%w: character %d is not in the alphabet %s%s", ErrNotInAlphabet, f.foreign(src), f.name, hint)
	case errors.Is(err, ff1.ErrDomainTooSmall):
		return fmt.Errorf("%w: an input needs at least %d characters of the alphabet %s", ErrDomainTooSmall, f.MinLength(), f.name)
	case errors.Is(err, ff1.ErrInvalidLength):
		return fmt.Errorf("%w: more than %d characters of the alphabet %s", ErrTooLong, ff1.MaxLength, f.name)
	}
	return fmt.Errorf("pseudo: FPE: %w", err)
}

// foreign returns the position, in characters, of the first character of
// src that is neither in the alphabet nor passed through.
func (f *FPE) foreign(src []byte) int {
	a := f.c.Alphabet()
	pos := 0
	for i := 0; i < len(src); pos++ {
		r, n := utf8.DecodeRune(src[i:])
		invalid := r == utf8.RuneError && n == 1
		if invalid || !a.Contains(r) && !f.keep.has(r, n) {
			return pos
		}
		i += n
	}
	return pos
}

// alphabetName names an alphabet in errors: by its constant when it is
// one, and as a character class with runs written as ranges ("[0-9]",
// "[A-HJ-NP-Z2-9]"), so that no input value is spelled out in it, cut
// after 40 characters.
func alphabetName(a string) string {
	class := charClass(a)
	switch a {
	case Digits:
		return "Digits " + class
	case LowerAlphaNum:
		return "LowerAlphaNum " + class
	case UpperAlphaNum:
		return "UpperAlphaNum " + class
	}
	return class
}

func charClass(a string) string {
	const show = 40
	r := []rune(a)
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < len(r); {
		j := i
		for j+1 < len(r) && r[j+1] == r[j]+1 {
			j++
		}
		if b.Len() > show {
			fmt.Fprintf(&b, "... (%d characters)", len(r))
			break
		}
		switch {
		case j-i >= 2:
			fmt.Fprintf(&b, "%s-%s", quoteRune(r[i]), quoteRune(r[j]))
		default:
			for _, c := range r[i : j+1] {
				b.WriteString(quoteRune(c))
			}
		}
		i = j + 1
	}
	b.WriteByte(']')
	return b.String()
}

// quoteRune writes a printable character as itself and any other as a Go
// escape.
func quoteRune(r rune) string {
	if unicode.IsPrint(r) && r != ' ' {
		return string(r)
	}
	q := strconv.QuoteRune(r)
	return q[1 : len(q)-1]
}

// runeSet is a set of characters, looked up without hashing for ASCII.
type runeSet struct {
	ascii [utf8.RuneSelf]bool
	other map[rune]bool
	n     int
}

func newRuneSet(chars string) runeSet {
	var s runeSet
	for _, r := range chars {
		if r < utf8.RuneSelf {
			s.ascii[r] = true
		} else {
			if s.other == nil {
				s.other = make(map[rune]bool)
			}
			s.other[r] = true
		}
		s.n++
	}
	return s
}

func (s *runeSet) empty() bool { return s.n == 0 }

// has reports whether the character r, n bytes long in its text, is in s;
// invalid UTF-8 never is.
func (s *runeSet) has(r rune, n int) bool {
	if r < utf8.RuneSelf {
		return s.ascii[r]
	}
	return !(r == utf8.RuneError && n == 1) && s.other[r]
}
