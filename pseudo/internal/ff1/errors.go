package ff1

import "errors"

// Errors returned by this package, for use with errors.Is. The returned
// errors wrap them with context (lengths, positions, radixes) but never with
// key material or the value being encrypted.
var (
	// ErrInvalidKey reports a key that is not 16, 24 or 32 bytes long.
	ErrInvalidKey = errors.New("ff1: invalid AES key size")
	// ErrInvalidRadix reports a radix outside 2..65536.
	ErrInvalidRadix = errors.New("ff1: radix out of range")
	// ErrDomainTooSmall reports an input whose domain, radix^length, is below
	// the 1,000,000 values that SP 800-38G Rev. 1 requires: such a domain can
	// be tabulated by anyone able to query the cipher.
	ErrDomainTooSmall = errors.New("ff1: domain smaller than 1,000,000")
	// ErrInvalidLength reports an input longer than MaxLength.
	ErrInvalidLength = errors.New("ff1: input too long")
	// ErrTweakTooLong reports a tweak longer than MaxTweakLength.
	ErrTweakTooLong = errors.New("ff1: tweak too long")
	// ErrInvalidNumeral reports a numeral not below the radix.
	ErrInvalidNumeral = errors.New("ff1: numeral out of range")
	// ErrInvalidAlphabet reports an alphabet that is not a set of 2 to 65536
	// distinct characters in valid UTF-8.
	ErrInvalidAlphabet = errors.New("ff1: invalid alphabet")
	// ErrNotInAlphabet reports an input character that the alphabet does not
	// hold, or input that is not valid UTF-8.
	ErrNotInAlphabet = errors.New("ff1: character not in alphabet")
)
