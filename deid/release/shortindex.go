package release

import (
	"hash/maphash"
	"math/bits"
)

// maxShort is the length of the longest value a shortIndex holds.
const maxShort = 7

// shortIndex numbers the values of at most maxShort bytes of a column,
// each packed with its length into one word, in an open-addressing table
// of 16-byte slots: a look-up is a multiplication and, mostly, one slot,
// with no string hashed or compared. The quasi-identifiers of a
// measurement export are such values (years, "90+", ZIP3 prefixes, sex,
// state codes), looked up once per record; a Go map of strings spent most
// of the dictionaries' time hashing and comparing them.
//
// The hash is keyed with a seed drawn for each run, so that an input
// cannot choose values that share a slot.
type shortIndex struct {
	seed  uint64
	slots []shortSlot
	n     int
}

type shortSlot struct {
	key  uint64 // packed value; 0: empty
	code int32
}

// shortMinSlots is the size of a new table; it doubles when half full.
const shortMinSlots = 1 << 6

func newShortIndex() *shortIndex {
	seed := maphash.String(maphash.MakeSeed(), "")
	return &shortIndex{seed: seed, slots: make([]shortSlot, shortMinSlots)}
}

// packShort returns the word of a value of at most maxShort bytes: its
// bytes, then its length plus one in the top byte, so that no value packs
// to 0 and values differing only by trailing zero bytes differ.
func packShort(v string) uint64 {
	k := uint64(len(v)+1) << 56
	for i := 0; i < len(v); i++ {
		k |= uint64(v[i]) << (8 * i)
	}
	return k
}

func (x *shortIndex) slot(key uint64) uint64 {
	hi, lo := bits.Mul64(key^x.seed, 0x9e3779b97f4a7c15)
	return hi ^ lo
}

// code returns the code of the value packed as key.
func (x *shortIndex) code(key uint64) (int32, bool) {
	mask := uint64(len(x.slots) - 1)
	for i := x.slot(key) & mask; ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.key == key {
			return s.code, true
		}
		if s.key == 0 {
			return 0, false
		}
	}
}

// add numbers a value the table lacks, packed as key.
func (x *shortIndex) add(key uint64, code int32) {
	if 2*(x.n+1) > len(x.slots) {
		old := x.slots
		x.slots = make([]shortSlot, 2*len(old))
		for _, s := range old {
			if s.key != 0 {
				x.place(s)
			}
		}
	}
	x.place(shortSlot{key: key, code: code})
	x.n++
}

func (x *shortIndex) place(s shortSlot) {
	mask := uint64(len(x.slots) - 1)
	i := x.slot(s.key) & mask
	for x.slots[i].key != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = s
}
