package ff1

import (
	"crypto/cipher"
	"encoding/binary"
)

// FF1's round function is a CBC-MAC (PRF in the standard) of P || Q, where
// P is one block describing the input and Q = T || 0^pad || [i] || [B],
// padded so that the round number i and the b-byte value of the right half
// B end the message. P and every block of Q that precedes the one holding
// [i] are the same in all ten rounds; macPrefix runs the MAC over them once
// per call so that a round pays only for the blocks that change.

// macPrefix sets state to the CBC-MAC state after P and the constant whole
// blocks of Q, and returns the offset of [i] within the first block that
// varies. The bytes of that block before [i] are tail, a suffix of the tweak
// zero-filled to offset bytes (tail may be shorter than offset: the rest is
// padding).
func macPrefix(state *[16]byte, block cipher.Block, radix uint64, n, u, b int, tweak []byte) (tail []byte, offset int) {
	t := len(tweak)
	*state = [16]byte{1, 2, 1, byte(radix >> 16), byte(radix >> 8), byte(radix), 10, byte(u)}
	binary.BigEndian.PutUint32(state[8:], uint32(n))
	binary.BigEndian.PutUint32(state[12:], uint32(t))
	block.Encrypt(state[:], state[:])

	pad := mod16(-t - b - 1)
	constant := (t + pad) / 16 * 16
	for off := 0; off < constant; off += 16 {
		if off < t {
			xorInto(state, tweak[off:min(off+16, t)])
		}
		block.Encrypt(state[:], state[:])
	}
	if constant < t {
		tail = tweak[constant:]
	}
	return tail, (t + pad) - constant
}

// mod16 returns x mod 16 in [0, 16), also for negative x.
func mod16(x int) int { return x & 15 }

// xorInto XORs p, at most 16 bytes, into the start of s.
func xorInto(s *[16]byte, p []byte) {
	for i, v := range p {
		s[i] ^= v
	}
}

// expandS fills s, a multiple of 16 bytes long, with FF1's S: the MAC
// output r followed by the encryptions of r XOR [j]^16 for j = 1, 2, ...
func expandS(block cipher.Block, s []byte, r *[16]byte) {
	copy(s, r[:])
	for j := 1; j*16 < len(s); j++ {
		x := *r
		var jb [8]byte
		binary.BigEndian.PutUint64(jb[:], uint64(j))
		for k := range jb {
			x[8+k] ^= jb[k]
		}
		block.Encrypt(s[j*16:j*16+16], x[:])
	}
}
