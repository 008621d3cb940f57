package ff1

import (
	"encoding/binary"
	"math/bits"
)

// feistelUint64 runs FF1 when both halves of x fit in a uint64, which covers
// the inputs that format-preserving encryption is typically used for (up to
// 38 decimal digits, 24 characters of 0-9a-z). The halves then stay
// integers through all ten rounds: STR and NUM are inverse, so converting C
// to numerals only for the next round to convert it back is skipped. It
// reports false, having written nothing, when the input is too long.
func (c *Cipher) feistelUint64(out, x []uint16, tweak []byte, encrypt bool) bool {
	n := len(x)
	u := n / 2
	v := n - u
	r := c.radix
	modU, ok := pow64(r, u)
	if !ok {
		return false
	}
	modV, ok := pow64(r, v)
	if !ok {
		return false
	}
	// b is ceil(ceil(v*log2(radix))/8) of the standard, computed exactly: the
	// byte length of the largest v-numeral value.
	b := (bits.Len64(modV-1) + 7) / 8
	// d = 4*ceil(b/4)+4: 8 bytes of S for b <= 4, 12 for b <= 8.
	d := 4*((b+3)/4) + 4

	// One pooled block serves the whole call: a buffer handed to
	// cipher.Block's methods escapes, so a local one would be allocated.
	blk := c.blocks.Get().(*[16]byte)
	defer c.blocks.Put(blk)
	tail, offset := macPrefix(blk, c.block, r, n, u, b, tweak)
	// With b < 16, [i] and [B] fit in one block after the constant ones:
	// offset = 15-b bytes of tweak or padding, [i], then B's b bytes. That
	// block is the template XOR the round's i and B, and B, below 2^(8b),
	// XORed into the low word touches only its own b bytes.
	xorInto(blk, tail)
	w0 := binary.BigEndian.Uint64(blk[:8])
	w1 := binary.BigEndian.Uint64(blk[8:])
	iShift := uint(8 * (7 - offset%8))
	iInLow := offset >= 8

	var a, bb uint64
	for _, d := range x[:u] {
		a = a*r + uint64(d)
	}
	for _, d := range x[u:] {
		bb = bb*r + uint64(d)
	}

	for k := range rounds {
		i := k
		if !encrypt {
			i = rounds - 1 - k
		}
		m := modU
		if i%2 == 1 {
			m = modV
		}
		// The round function reads B when encrypting and A when decrypting.
		in := bb
		if !encrypt {
			in = a
		}
		x0, x1 := w0, w1^in
		if iInLow {
			x1 ^= uint64(i) << iShift
		} else {
			x0 ^= uint64(i) << iShift
		}
		binary.BigEndian.PutUint64(blk[:8], x0)
		binary.BigEndian.PutUint64(blk[8:], x1)
		c.block.Encrypt(blk[:], blk[:])
		r0 := binary.BigEndian.Uint64(blk[:8])
		var y uint64
		if d == 8 {
			y = r0 % m
		} else {
			// y = NUM(S[:12]); its high word is below 2^32, usually below
			// m, and then needs no reduction of its own.
			r1 := binary.BigEndian.Uint64(blk[8:])
			hi, lo := r0>>32, r0<<32|r1>>32
			if hi >= m {
				hi %= m
			}
			_, y = bits.Div64(hi, lo, m)
		}
		if encrypt {
			a, bb = bb, addMod(a, y, m)
		} else {
			a, bb = subMod(bb, y, m), a
		}
	}

	for j := u - 1; j >= 0; j-- {
		out[j] = uint16(a % r)
		a /= r
	}
	for j := n - 1; j >= u; j-- {
		out[j] = uint16(bb % r)
		bb /= r
	}
	return true
}

// pow64 returns r^e and whether it is below 2^64.
func pow64(r uint64, e int) (uint64, bool) {
	p := uint64(1)
	for range e {
		hi, lo := bits.Mul64(p, r)
		if hi != 0 {
			return 0, false
		}
		p = lo
	}
	return p, true
}

// addMod returns (a+y) mod m for a, y < m.
func addMod(a, y, m uint64) uint64 {
	s, carry := bits.Add64(a, y, 0)
	if carry != 0 || s >= m {
		s -= m // wraps back into range when the sum carried out
	}
	return s
}

// subMod returns (a-y) mod m for a, y < m.
func subMod(a, y, m uint64) uint64 {
	s, borrow := bits.Sub64(a, y, 0)
	if borrow != 0 {
		s += m
	}
	return s
}
