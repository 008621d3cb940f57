package ff1

import (
	"fmt"
	"unicode/utf8"
)

// StringCipher is FF1 over the text of an Alphabet: it encrypts a string of
// the alphabet's characters to another string of as many characters from
// the same alphabet. A StringCipher is safe for concurrent use. Formatting
// it with any fmt verb prints a redacted placeholder, never the key.
type StringCipher struct {
	redacted
	cipher   *Cipher
	alphabet *Alphabet
}

// NewStringCipher returns a StringCipher for the characters of alphabet
// under an AES-128, AES-192 or AES-256 key (16, 24 or 32 bytes).
func NewStringCipher(key []byte, alphabet *Alphabet) (*StringCipher, error) {
	if alphabet == nil {
		return nil, fmt.Errorf("%w: nil", ErrInvalidAlphabet)
	}
	c, err := New(key, alphabet.Radix())
	if err != nil {
		return nil, err
	}
	return &StringCipher{redacted: redacted{name: "ff1.StringCipher"}, cipher: c, alphabet: alphabet}, nil
}

// Alphabet returns the alphabet of s.
func (s *StringCipher) Alphabet() *Alphabet { return s.alphabet }

// MinLength returns the shortest text s accepts, in characters.
func (s *StringCipher) MinLength() int { return s.cipher.MinLength() }

// stackNumerals is the input length, in characters, up to which a call
// needs no heap allocation besides its result.
const stackNumerals = 64

// Encrypt appends the encryption of the UTF-8 text src under tweak to dst
// and returns the updated slice. The result has as many characters as src,
// all from the alphabet, though not necessarily as many bytes when the
// alphabet mixes ASCII and other characters. The length limits of
// Cipher.Encrypt apply, counted in characters. dst and src may overlap.
//
// On error, Encrypt returns nil and an error that wraps one of this
// package's sentinel errors and never includes src.
func (s *StringCipher) Encrypt(dst, src, tweak []byte) ([]byte, error) {
	return s.crypt(dst, src, tweak, true)
}

// Decrypt appends the decryption of the UTF-8 text src under tweak to dst
// and returns the updated slice. It inverts Encrypt under the same key,
// alphabet and tweak.
func (s *StringCipher) Decrypt(dst, src, tweak []byte) ([]byte, error) {
	return s.crypt(dst, src, tweak, false)
}

// EncryptString returns the encryption of plaintext under tweak, as
// Encrypt.
func (s *StringCipher) EncryptString(plaintext string, tweak []byte) (string, error) {
	return s.cryptString(plaintext, tweak, true)
}

// DecryptString returns the decryption of ciphertext under tweak, as
// Decrypt.
func (s *StringCipher) DecryptString(ciphertext string, tweak []byte) (string, error) {
	return s.cryptString(ciphertext, tweak, false)
}

func (s *StringCipher) cryptString(text string, tweak []byte, encrypt bool) (string, error) {
	var buf [4 * stackNumerals]byte
	in := append(buf[:0], text...)
	out, err := s.crypt(in[len(in):], in, tweak, encrypt)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

func (s *StringCipher) crypt(dst, src, tweak []byte, encrypt bool) ([]byte, error) {
	if len(src) > utf8.UTFMax*MaxLength {
		// Too long whatever its characters: refuse before decoding it.
		return nil, fmt.Errorf("%w: more than %d characters", ErrInvalidLength, MaxLength)
	}
	var buf [stackNumerals]uint16
	x, err := s.alphabet.AppendNumerals(buf[:0], src)
	if err != nil {
		return nil, err
	}
	// The numerals are encrypted in place: src is not read again, so dst
	// may share its memory.
	if encrypt {
		x, err = s.cipher.Encrypt(x[:0], x, tweak)
	} else {
		x, err = s.cipher.Decrypt(x[:0], x, tweak)
	}
	if err != nil {
		return nil, err
	}
	return s.alphabet.AppendText(dst, x)
}
