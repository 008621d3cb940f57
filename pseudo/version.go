package pseudo

import (
	"encoding/binary"
	"encoding/hex"
)

// versionLen is the length of a key-version prefix: "v", 8 hex digits, ".".
const versionLen = 10

func appendVersion(dst []byte, id uint32) []byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], id)
	dst = append(dst, 'v')
	dst = hex.AppendEncode(dst, b[:])
	return append(dst, '.')
}

// ParseKeyVersion returns the key ID carried by a pseudonym made with
// [WithKeyVersion], and the pseudonym without its prefix. ok is false when
// s has no well-formed prefix.
func ParseKeyVersion(s string) (keyID uint32, rest string, ok bool) {
	if len(s) < versionLen || s[0] != 'v' || s[versionLen-1] != '.' {
		return 0, s, false
	}
	var b [4]byte
	if _, err := hex.Decode(b[:], []byte(s[1:versionLen-1])); err != nil {
		return 0, s, false
	}
	for _, c := range s[1 : versionLen-1] {
		if c >= 'A' && c <= 'F' {
			return 0, s, false // only the canonical lowercase form
		}
	}
	return binary.BigEndian.Uint32(b[:]), s[versionLen:], true
}
