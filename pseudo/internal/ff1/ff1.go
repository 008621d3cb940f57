package ff1

import (
	"crypto/aes"
	"crypto/cipher"
	"fmt"
	"math/bits"
	"sync"
)

// Limits of this implementation. SP 800-38G Rev. 1 lets an implementation
// choose its maximum input and tweak lengths below 2^32; these caps bound the
// work and memory one call can be made to spend, since the cost of a long
// input grows with the square of its length.
const (
	// MinRadix and MaxRadix bound the radix accepted by New.
	MinRadix = 2
	MaxRadix = 1 << 16
	// MinDomain is the smallest number of distinct values, radix^length,
	// that an input's domain may have.
	MinDomain = 1_000_000
	// MaxLength is the longest input, in numerals.
	MaxLength = 1 << 12
	// MaxTweakLength is the longest tweak, in bytes.
	MaxTweakLength = 1 << 12
)

// rounds is the number of Feistel rounds FF1 specifies.
const rounds = 10

// Cipher is FF1 under one AES key for numeral strings of one radix. A
// Cipher is safe for concurrent use. Formatting a Cipher with any fmt verb
// prints a redacted placeholder, never the key.
type Cipher struct {
	redacted
	block cipher.Block
	radix uint64
	// minLen is the shortest input whose domain holds MinDomain values.
	minLen int
	// chunkLen numerals, whose value is below chunkPow = radix^chunkLen <
	// 2^64, make one machine word: long inputs convert to and from big
	// integers a word at a time.
	chunkLen int
	chunkPow uint64
	// blocks holds *[16]byte scratch for the short-input path; a pointer,
	// so that copies of a Cipher stay usable.
	blocks *sync.Pool
}

// New returns a Cipher for numerals in [0, radix) under an AES-128, AES-192
// or AES-256 key (16, 24 or 32 bytes). The key is expanded at once and not
// retained. radix must lie in [MinRadix, MaxRadix].
func New(key []byte, radix int) (*Cipher, error) {
	switch len(key) {
	case 16, 24, 32:
	default:
		return nil, fmt.Errorf("%w: %d bytes", ErrInvalidKey, len(key))
	}
	if radix < MinRadix || radix > MaxRadix {
		return nil, fmt.Errorf("%w: %d not in [%d, %d]", ErrInvalidRadix, radix, MinRadix, MaxRadix)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		// Unreachable with the sizes checked above; never wrap err's text
		// blindly in case it ever describes the key.
		return nil, fmt.Errorf("%w: %d bytes", ErrInvalidKey, len(key))
	}
	c := &Cipher{
		redacted: redacted{name: "ff1.Cipher"},
		block:    block,
		radix:    uint64(radix),
		blocks:   &sync.Pool{New: func() any { return new([16]byte) }},
	}
	r := c.radix
	c.minLen = 2
	for d := r * r; d < MinDomain; d *= r {
		c.minLen++
	}
	c.chunkLen, c.chunkPow = 1, r
	for {
		hi, lo := bits.Mul64(c.chunkPow, r)
		if hi != 0 {
			break
		}
		c.chunkLen, c.chunkPow = c.chunkLen+1, lo
	}
	return c, nil
}

// Radix returns the radix of the numerals c encrypts.
func (c *Cipher) Radix() int { return int(c.radix) }

// MinLength returns the shortest input c accepts: the smallest length whose
// domain, radix^length, holds at least MinDomain values.
func (c *Cipher) MinLength() int { return c.minLen }

// Encrypt appends the encryption of the numeral string x under tweak to dst
// and returns the updated slice. The result has len(x) numerals in
// [0, radix). x must hold between MinLength and MaxLength numerals, each
// below the radix; tweak may be empty and at most MaxTweakLength bytes.
//
// x is read in full before anything is written, so dst may be x[:0] to
// encrypt in place. On error, Encrypt returns nil and an error that wraps
// one of this package's sentinel errors and never includes x.
func (c *Cipher) Encrypt(dst, x []uint16, tweak []byte) ([]uint16, error) {
	return c.crypt(dst, x, tweak, true)
}

// Decrypt appends the decryption of the numeral string x under tweak to dst
// and returns the updated slice. It inverts Encrypt under the same key,
// radix and tweak, and accepts the same inputs.
func (c *Cipher) Decrypt(dst, x []uint16, tweak []byte) ([]uint16, error) {
	return c.crypt(dst, x, tweak, false)
}

func (c *Cipher) crypt(dst, x []uint16, tweak []byte, encrypt bool) ([]uint16, error) {
	if err := c.check(x, tweak); err != nil {
		return nil, err
	}
	ret, out := sliceForAppend(dst, len(x))
	if !c.feistelUint64(out, x, tweak, encrypt) {
		c.feistelBig(out, x, tweak, encrypt)
	}
	return ret, nil
}

// check validates an input against the radix and the limits. Its errors
// give lengths and positions, which a caller needs to find the bad value,
// but not the numerals themselves.
func (c *Cipher) check(x []uint16, tweak []byte) error {
	if len(tweak) > MaxTweakLength {
		return fmt.Errorf("%w: %d bytes, maximum %d", ErrTweakTooLong, len(tweak), MaxTweakLength)
	}
	if len(x) < c.minLen {
		return fmt.Errorf("%w: %d numerals at radix %d, minimum %d", ErrDomainTooSmall, len(x), c.radix, c.minLen)
	}
	if len(x) > MaxLength {
		return fmt.Errorf("%w: %d numerals, maximum %d", ErrInvalidLength, len(x), MaxLength)
	}
	for i, d := range x {
		if uint64(d) >= c.radix {
			return fmt.Errorf("%w: numeral at position %d is not below radix %d", ErrInvalidNumeral, i, c.radix)
		}
	}
	return nil
}

// sliceForAppend extends in by n elements and returns the whole slice and
// the n new elements, reusing in's capacity when it suffices.
func sliceForAppend(in []uint16, n int) (head, tail []uint16) {
	if total := len(in) + n; cap(in) >= total {
		head = in[:total]
	} else {
		head = make([]uint16, total)
		copy(head, in)
	}
	tail = head[len(in):]
	return head, tail
}
