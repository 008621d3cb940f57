package ff1

import (
	"math/big"
)

// feistelBig runs FF1 on inputs of any supported length, with the halves
// held as big integers. Like feistelUint64, it keeps the halves as integers
// between rounds and converts numerals only at the ends.
func (c *Cipher) feistelBig(out, x []uint16, tweak []byte, encrypt bool) {
	n := len(x)
	u := n / 2
	v := n - u
	r := new(big.Int).SetUint64(c.radix)
	modU := new(big.Int).Exp(r, big.NewInt(int64(u)), nil)
	modV := new(big.Int).Exp(r, big.NewInt(int64(v)), nil)
	b := (new(big.Int).Sub(modV, big.NewInt(1)).BitLen() + 7) / 8
	d := 4*((b+3)/4) + 4

	var state [16]byte
	tail, offset := macPrefix(&state, c.block, c.radix, n, u, b, tweak)
	// The varying blocks: offset bytes of tweak or padding, [i], then [B].
	q := make([]byte, offset+1+b)
	copy(q, tail)
	s := make([]byte, (d+15)/16*16)

	a, bb := new(big.Int), new(big.Int)
	c.numToBig(a, x[:u])
	c.numToBig(bb, x[u:])
	y, sum := new(big.Int), new(big.Int)

	for k := range rounds {
		i := k
		if !encrypt {
			i = rounds - 1 - k
		}
		m := modU
		if i%2 == 1 {
			m = modV
		}
		in := bb
		if !encrypt {
			in = a
		}
		q[offset] = byte(i)
		in.FillBytes(q[offset+1:])
		mac := state
		for off := 0; off < len(q); off += 16 {
			xorInto(&mac, q[off:off+16])
			c.block.Encrypt(mac[:], mac[:])
		}
		expandS(c.block, s, &mac)
		y.SetBytes(s[:d])
		if encrypt {
			// C = (A + y) mod m; A, B = B, C.
			sum.Add(a, y)
			a.Mod(sum, m)
		} else {
			// C = (B - y) mod m; A, B = C, A. Mod is Euclidean: C >= 0.
			sum.Sub(bb, y)
			bb.Mod(sum, m)
		}
		a, bb = bb, a
	}

	c.bigToNum(out[:u], a)
	c.bigToNum(out[u:], bb)
}

// numToBig sets z to NUM_radix(x), the value of x with its first numeral
// most significant, taking one word's worth of numerals per step.
func (c *Cipher) numToBig(z *big.Int, x []uint16) {
	z.SetUint64(0)
	var w big.Int
	for len(x) > 0 {
		k := min(c.chunkLen, len(x))
		var v uint64
		for _, d := range x[:k] {
			v = v*c.radix + uint64(d)
		}
		scale, _ := pow64(c.radix, k)
		z.Mul(z, w.SetUint64(scale))
		z.Add(z, w.SetUint64(v))
		x = x[k:]
	}
}

// bigToNum writes STR^len(out)_radix(z), the len(out)-numeral representation
// of z < radix^len(out), to out. It does not modify z.
func (c *Cipher) bigToNum(out []uint16, z *big.Int) {
	q := new(big.Int).Set(z)
	pw := new(big.Int).SetUint64(c.chunkPow)
	var rem big.Int
	for j := len(out); j > 0; {
		k := min(c.chunkLen, j)
		var v uint64
		if j > c.chunkLen {
			q.QuoRem(q, pw, &rem)
			v = rem.Uint64()
		} else {
			v = q.Uint64()
		}
		for range k {
			j--
			out[j] = uint16(v % c.radix)
			v /= c.radix
		}
	}
}
