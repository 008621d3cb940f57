package pseudo

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// Encoding is the text form of a pseudonym.
type Encoding int

const (
	// Hex is lowercase hexadecimal: 2 characters per byte.
	Hex Encoding = iota
	// Base32 is RFC 4648 base32 in lowercase without padding: case-insensitive
	// systems keep it intact.
	Base32
	// Base64URL is RFC 4648 URL-safe base64 without padding: the shortest.
	Base64URL
)

var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func (e Encoding) String() string {
	switch e {
	case Hex:
		return "hex"
	case Base32:
		return "base32"
	case Base64URL:
		return "base64url"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// ParseEncoding returns the Encoding named by s ("hex", "base32" or "base64url").
func ParseEncoding(s string) (Encoding, error) {
	for _, e := range []Encoding{Hex, Base32, Base64URL} {
		if e.String() == s {
			return e, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown encoding %q", ErrInvalidOption, s)
}

func (e Encoding) valid() bool { return e >= Hex && e <= Base64URL }

func (e Encoding) encodedLen(n int) int {
	switch e {
	case Base32:
		return lowerBase32.EncodedLen(n)
	case Base64URL:
		return base64.RawURLEncoding.EncodedLen(n)
	}
	return hex.EncodedLen(n)
}

func (e Encoding) append(dst, src []byte) []byte {
	switch e {
	case Base32:
		return lowerBase32.AppendEncode(dst, src)
	case Base64URL:
		return base64.RawURLEncoding.AppendEncode(dst, src)
	}
	return hex.AppendEncode(dst, src)
}
