package kanon

import "math/bits"

// groupTable is an open-addressing hash table from 64-bit keys to dense
// group numbers, reused across lattice nodes. When keys are not exact
// (a mixed-radix code that did not fit in 64 bits), the caller confirms
// matches with same.
type groupTable struct {
	keys  []uint64
	vals  []int32
	shift uint
	// The arrays given up by the last grow, reused by the next.
	spareKeys []uint64
	spareVals []int32
}

func (h *groupTable) reset(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(h.vals) < size {
		h.keys, h.vals = h.spareKeys, h.spareVals
		h.spareKeys, h.spareVals = nil, nil
	}
	if cap(h.vals) < size {
		h.keys = make([]uint64, size)
		h.vals = make([]int32, size)
	}
	h.keys, h.vals = h.keys[:size], h.vals[:size]
	h.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for i := range h.vals {
		h.vals[i] = -1
	}
}

// grow doubles the table, keeping its entries, which stay distinct
// groups even when their keys are equal hashes.
func (h *groupTable) grow() {
	keys, vals := h.keys, h.vals
	h.keys, h.vals = nil, nil
	h.reset(len(vals))
	defer func() { h.spareKeys, h.spareVals = keys, vals }()
	distinct := func(int32) bool { return false }
	for i, v := range vals {
		if v >= 0 {
			h.lookup(keys[i], v, distinct)
		}
	}
}

// full reports whether the table holds groups enough to grow before
// adding more: it keeps a load below one half.
func (h *groupTable) full(groups int) bool { return 2*groups >= len(h.vals) }

// lookup returns the group of key, adding next as a new group if the key
// is absent (reporting added).
func (h *groupTable) lookup(key uint64, next int32, same func(int32) bool) (g int32, added bool) {
	mask := uint64(len(h.vals) - 1)
	i := (key * 0x9E3779B97F4A7C15) >> h.shift
	for {
		v := h.vals[i]
		if v < 0 {
			h.keys[i], h.vals[i] = key, next
			return next, true
		}
		if h.keys[i] == key && (same == nil || same(v)) {
			return v, false
		}
		i = (i + 1) & mask
	}
}

// radixKey combines codes into one key: exact mixed radix when the sizes
// allow, a hash otherwise.
type radixKey struct {
	sizes []uint64
	exact bool
}

func newRadixKey(sizes []uint64) radixKey {
	prod := uint64(1)
	exact := true
	for _, s := range sizes {
		hi, lo := bits.Mul64(prod, max(s, 1))
		if hi != 0 {
			exact = false
			break
		}
		prod = lo
	}
	return radixKey{sizes: sizes, exact: exact}
}

func (rk radixKey) step(k uint64, a int, code int32) uint64 {
	if rk.exact {
		return k*rk.sizes[a] + uint64(code)
	}
	return (k^uint64(code))*0x100000001B3 + uint64(a)
}
