package pseudo

import (
	"crypto/sha256"
	"encoding"
)

// macKey computes HMAC-SHA256 (RFC 2104) with the inner and outer pad
// blocks already absorbed: each MAC of a short message costs two SHA-256
// compressions, the same as two sha256.Sum256 calls, instead of the four
// compressions and six allocations of hmac.New per message.
//
// The states are the SHA-256 digest serialisations of crypto/sha256, which
// the standard library keeps stable. sha256.New is inlined and its digest
// does not escape sum, so a MAC allocates nothing.
type macKey struct {
	redacted
	inner, outer []byte
}

func newMACKey(key []byte) *macKey {
	if len(key) > sha256.BlockSize {
		k := sha256.Sum256(key)
		key = k[:]
	}
	var ipad, opad [sha256.BlockSize]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	return &macKey{
		redacted: redacted{"macKey"},
		inner:    padState(ipad[:]),
		outer:    padState(opad[:]),
	}
}

func padState(pad []byte) []byte {
	h := sha256.New()
	h.Write(pad)
	st, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		// crypto/sha256 digests always marshal; reaching this means the
		// standard library changed under us.
		panic("pseudo: sha256 state cannot be saved")
	}
	return st
}

// sum writes HMAC-SHA256(key, msg) into out.
func (k *macKey) sum(out *[sha256.Size]byte, msg []byte) {
	h := sha256.New()
	u := h.(encoding.BinaryUnmarshaler)
	if u.UnmarshalBinary(k.inner) != nil {
		panic("pseudo: sha256 state cannot be restored")
	}
	h.Write(msg)
	in := h.Sum(out[:0])
	if u.UnmarshalBinary(k.outer) != nil {
		panic("pseudo: sha256 state cannot be restored")
	}
	h.Write(in)
	h.Sum(out[:0])
}
