package ff1

import (
	"fmt"
	"unicode/utf8"
)

// Common alphabets, for NewAlphabet. A numeral is the index of its character
// in the alphabet, so the order of the characters is part of the format: the
// same key and tweak give different ciphertexts under a reordered alphabet.
const (
	// Digits are the decimal digits: radix 10.
	Digits = "0123456789"
	// LowerHex are the hexadecimal digits in lower case: radix 16.
	LowerHex = "0123456789abcdef"
	// LowerAlphanumeric are the digits and lower-case ASCII letters: radix
	// 36, the alphabet of the NIST FF1 samples.
	LowerAlphanumeric = "0123456789abcdefghijklmnopqrstuvwxyz"
	// Alphanumeric are the digits, upper-case and lower-case ASCII letters:
	// radix 62.
	Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// Alphabet maps the characters (Unicode code points) of a text format to
// FF1 numerals and back: the i-th character of the alphabet is numeral i.
// An Alphabet is immutable and safe for concurrent use.
type Alphabet struct {
	chars []rune
	// ascii maps an ASCII byte to its numeral plus one; zero means absent.
	ascii [utf8.RuneSelf]uint32
	// other maps the non-ASCII characters, if any, to their numerals.
	other    map[rune]uint16
	allASCII bool
}

// NewAlphabet returns the alphabet whose numerals are the characters of
// chars, in order. chars must be valid UTF-8 and hold between MinRadix and
// MaxRadix distinct characters.
func NewAlphabet(chars string) (*Alphabet, error) {
	if !utf8.ValidString(chars) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrInvalidAlphabet)
	}
	runes := []rune(chars)
	if len(runes) < MinRadix || len(runes) > MaxRadix {
		return nil, fmt.Errorf("%w: %d characters, want %d to %d", ErrInvalidAlphabet, len(runes), MinRadix, MaxRadix)
	}
	a := &Alphabet{chars: runes, allASCII: true}
	for i, r := range runes {
		if r < utf8.RuneSelf {
			if a.ascii[r] != 0 {
				return nil, fmt.Errorf("%w: character %d repeats an earlier one", ErrInvalidAlphabet, i)
			}
			a.ascii[r] = uint32(i) + 1
			continue
		}
		a.allASCII = false
		if a.other == nil {
			a.other = make(map[rune]uint16)
		}
		if _, dup := a.other[r]; dup {
			return nil, fmt.Errorf("%w: character %d repeats an earlier one", ErrInvalidAlphabet, i)
		}
		a.other[r] = uint16(i)
	}
	return a, nil
}

// Radix returns the number of characters in a.
func (a *Alphabet) Radix() int { return len(a.chars) }

// String returns the characters of a, in numeral order.
func (a *Alphabet) String() string { return string(a.chars) }

// Contains reports whether r is a character of a.
func (a *Alphabet) Contains(r rune) bool {
	if r >= 0 && r < utf8.RuneSelf {
		return a.ascii[r] != 0
	}
	_, ok := a.other[r]
	return ok
}

// AppendNumerals appends the numerals of the characters of the UTF-8 text s
// to dst and returns the updated slice. Its error wraps ErrNotInAlphabet and
// gives the index of the first offending character, not the character.
func (a *Alphabet) AppendNumerals(dst []uint16, s []byte) ([]uint16, error) {
	for i, pos := 0, 0; i < len(s); pos++ {
		if c := s[i]; c < utf8.RuneSelf {
			v := a.ascii[c]
			if v == 0 {
				return nil, notInAlphabet(pos)
			}
			dst = append(dst, uint16(v-1))
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		v, ok := a.other[r]
		if !ok || (r == utf8.RuneError && size == 1) {
			return nil, notInAlphabet(pos)
		}
		dst = append(dst, v)
		i += size
	}
	return dst, nil
}

func notInAlphabet(pos int) error {
	return fmt.Errorf("%w: character %d", ErrNotInAlphabet, pos)
}

// AppendText appends the characters of the numerals x to dst and returns
// the updated slice. Its error wraps ErrInvalidNumeral.
func (a *Alphabet) AppendText(dst []byte, x []uint16) ([]byte, error) {
	for i, d := range x {
		if int(d) >= len(a.chars) {
			return nil, fmt.Errorf("%w: numeral at position %d is not below radix %d", ErrInvalidNumeral, i, len(a.chars))
		}
		if a.allASCII {
			dst = append(dst, byte(a.chars[d]))
		} else {
			dst = utf8.AppendRune(dst, a.chars[d])
		}
	}
	return dst, nil
}
