package csvrec

import (
	"encoding/binary"
	"math/bits"
)

// The Parser finds records and fields through a structural index of its
// chunk, computed a window at a time: for every 64-byte block, one bit per
// byte that is the delimiter, and one bit per byte that is '"' or '\n'.
// Finding the end of an unquoted record, checking that it has no quote and
// locating its delimiters are then bit operations on a few words per
// record, instead of a byte-by-byte (or eight-bytes-at-a-time) scan and two
// searches per record. On amd64 the index is built with SSE2, sixteen bytes
// per instruction; elsewhere eight bytes at a time.

// indexWindow is how many 64-byte blocks the Parser indexes at once:
// 16 KiB of input, whose index (4 KiB) stays in the L1 cache while the
// records of the window are parsed.
const indexWindow = 256

// blockIndex returns the masks of the 64-byte block b: delims has bit i set
// when b[i] is the delimiter (pat holds it in every byte), specials when
// b[i] is '"' or '\n'. It is the reference for the assembly version and the
// implementation on other architectures.
func blockIndex(b *[64]byte, pat uint64) (delims, specials uint64) {
	const quotes, newlines = '"' * ones, '\n' * ones
	for i := 0; i < 64; i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		delims |= gather(equalBytes(x, pat)) << i
		specials |= gather(equalBytes(x, quotes)|equalBytes(x, newlines)) << i
	}
	return delims, specials
}

// equalBytes returns the high bit of every byte of x equal to the byte of
// pat in the same place, exactly: no carry crosses bytes.
func equalBytes(x, pat uint64) uint64 {
	x ^= pat
	return ^(((x & low7s) + low7s) | x | low7s)
}

// gather packs the high bits of the eight bytes of m into the low eight
// bits, byte i to bit i. The multiplication moves each byte's bit into the
// top byte; no two partial products land on the same bit, so nothing
// carries into it.
func gather(m uint64) uint64 {
	return ((m >> 7) * 0x0102040810204080) >> 56
}

// indexBlocks fills idx with the masks of the whole 64-byte blocks of
// data, two words per block (delimiters, then specials).
func indexBlocks(idx []uint64, data []byte, comma byte) {
	n := len(data) / 64
	if n == 0 {
		return
	}
	_ = idx[2*n-1] // the assembly version relies on the room
	indexBlocksArch(idx, data[:64*n], uint64(comma)*ones)
}

// indexBlocksGo is indexBlocks eight bytes at a time.
func indexBlocksGo(idx []uint64, data []byte, pat uint64) {
	for k := range len(data) / 64 {
		idx[2*k], idx[2*k+1] = blockIndex((*[64]byte)(data[64*k:]), pat)
	}
}

// index is a Parser's window of the structural index.
type index struct {
	words []uint64 // two per block, for blocks [lo, hi)
	lo    int
	hi    int
	tail  [64]byte // the last, partial block of the chunk, padded with NUL
}

// reset forgets the window (a new chunk).
func (x *index) reset() { x.lo, x.hi = 0, 0 }

// fill indexes a window of data from block k. Bytes past the end of data
// read as NUL, which is neither a delimiter nor special.
func (x *index) fill(data []byte, comma byte, k int) {
	nb := (len(data) + 63) / 64
	hi := min(k+indexWindow, nb)
	if cap(x.words) < 2*indexWindow {
		x.words = make([]uint64, 2*indexWindow)
	}
	x.words = x.words[:2*(hi-k)]
	full := min(hi, len(data)/64)
	if full > k {
		indexBlocks(x.words, data[64*k:64*full], comma)
	}
	if full < hi {
		// The partial last block, through a padded copy.
		x.tail = [64]byte{}
		copy(x.tail[:], data[64*full:])
		j := 2 * (full - k)
		x.words[j], x.words[j+1] = blockIndex(&x.tail, uint64(comma)*ones)
	}
	x.lo, x.hi = k, hi
}

// record appends to ends the offsets, relative to start, of the
// delimiters in data from start up to the first '"' or '\n', and returns
// where that byte is (len(data) if there is none): the end of a record
// without quotes, or the first quote of one with (which may be a bare
// quote, an error the Parser reports).
func (x *index) record(ends []int, data []byte, comma byte, start int) ([]int, int) {
	keep := ^uint64(0) << (start % 64)
	for k := start / 64; 64*k < len(data); k++ {
		if k < x.lo || k >= x.hi {
			x.fill(data, comma, k)
		}
		w := x.words[2*(k-x.lo) : 2*(k-x.lo)+2 : 2*(k-x.lo)+2]
		m, s := w[0]&keep, w[1]&keep
		keep = ^uint64(0)
		if s != 0 {
			m &= s&-s - 1 // the delimiters before the special byte
		}
		// Room for every bit, so that the loop stores without growing.
		n := len(ends)
		c := bits.OnesCount64(m)
		if cap(ends)-n < c {
			ends = append(ends, make([]int, c)...)
		}
		ends = ends[:n+c]
		out := ends[n:]
		base := 64*k - start
		for i := range out {
			out[i] = base + bits.TrailingZeros64(m)
			m &= m - 1
		}
		if s != 0 {
			return ends, 64*k + bits.TrailingZeros64(s)
		}
	}
	return ends, len(data)
}
