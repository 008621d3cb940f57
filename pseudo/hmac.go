package pseudo

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
)

// macKey computes HMAC-SHA256 (RFC 2104) with the inner and outer pad
// blocks already absorbed: each MAC of a short message costs two SHA-256
// compressions instead of the four compressions and six allocations of
// hmac.New per message.
//
// Where the package has a SHA-256 block function of its own (amd64 with
// the SHA extensions; see sha256block_amd64.s), the pad states are kept as
// chaining values, and a message of up to 55 bytes (any pseudonymized ID)
// is padded into one block on the stack: the MAC is the two compressions
// and little else. Elsewhere, and for longer messages, the states are
// crypto/sha256 digest serialisations (which the standard library keeps
// stable) restored into a digest that does not escape, which costs about
// twice as much but uses the standard library's code for the CPU at hand.
type macKey struct {
	redacted
	fast         bool // use block and the chaining values
	in, out      [8]uint32
	inner, outer []byte
}

// maxOneBlock is the longest message whose inner hash is one block: the
// message, the 0x80 byte and the 8-byte length fit in 64 bytes.
const maxOneBlock = sha256.BlockSize - 9

func newMACKey(key []byte) *macKey {
	return newMACKeyWith(key, haveBlock)
}

func newMACKeyWith(key []byte, fast bool) *macKey {
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
	k := &macKey{
		redacted: redacted{"macKey"},
		fast:     fast,
		inner:    padState(ipad[:]),
		outer:    padState(opad[:]),
	}
	if fast {
		k.in, k.out = sha256IV, sha256IV
		block(&k.in, &ipad)
		block(&k.out, &opad)
	}
	return k
}

// sha256IV is the initial SHA-256 chaining value (FIPS 180-4, 5.3.3).
var sha256IV = [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}

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
	if !k.fast || len(msg) > maxOneBlock {
		k.sumStd(out, msg)
		return
	}
	// The pad blocks are absorbed; msg, 0x80, zeros and the length in
	// bits of pad and msg make the inner hash's second block, and the
	// outer's is made of the inner digest in the same way (in hmacBlock).
	var b [sha256.BlockSize]byte
	copy(b[:], msg)
	b[len(msg)] = 0x80
	binary.BigEndian.PutUint64(b[56:], uint64(sha256.BlockSize+len(msg))*8)
	hmacBlock(&k.in, &k.out, &b, out)
}

// sumStd is sum through crypto/sha256.
func (k *macKey) sumStd(out *[sha256.Size]byte, msg []byte) {
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
