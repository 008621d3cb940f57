package release

import "hash/maphash"

// maxShort is the length of the longest value a shortIndex holds.
const maxShort = 7

// shortIndex numbers the values of at most maxShort bytes of a column,
// each packed with its length into one word, in a table of fingerprints
// whose fingerprint is a bijection of the word: a look-up is a few
// multiplications and, mostly, one slot, with no string hashed or
// compared, and two values share a code only if they are equal. The
// quasi-identifiers of a measurement export are such values (years,
// "90+", ZIP3 prefixes, sex, state codes), looked up once per record; a
// Go map of strings spent most of the dictionaries' time hashing and
// comparing them.
//
// The bijection is keyed with a seed drawn for each run, so that an input
// cannot choose values that share a slot.
type shortIndex struct {
	seed uint64
	fps  *fingerprints
}

func newShortIndex() *shortIndex {
	return &shortIndex{seed: maphash.String(maphash.MakeSeed(), ""), fps: newFingerprints()}
}

// packShort returns the word of a value of at most maxShort bytes: its
// bytes, then its length plus one in the top byte, so that no two values
// pack alike, even those differing only by trailing zero bytes.
func packShort(v string) uint64 {
	k := uint64(len(v)+1) << 56
	for i := 0; i < len(v); i++ {
		k |= uint64(v[i]) << (8 * i)
	}
	return k
}

// fingerprint maps the word of a value one to one onto the low word of a
// fingerprint: a seeded xor, then the finalizer of MurmurHash3, whose
// steps are each invertible.
func (x *shortIndex) fingerprint(key uint64) fingerprint {
	h := key ^ x.seed
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return fingerprint{lo: h}
}

// code returns the code of the value packed as key.
func (x *shortIndex) code(key uint64) (int32, bool) { return x.fps.code(x.fingerprint(key)) }

// add numbers a value the index lacks, packed as key.
func (x *shortIndex) add(key uint64, code int32) { x.fps.add(x.fingerprint(key), code) }
