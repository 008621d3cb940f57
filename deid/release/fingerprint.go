package release

import "hash/maphash"

// fingerprints numbers the values of the person column by a 96-bit
// fingerprint of each, keyed with seeds drawn for each run, in an
// open-addressing table of 16-byte slots: a look-up reads one slot, and
// the table of 250,000 people (10M rows of a measurement export) takes
// 8 MiB, which stays in the processor's last-level cache, where a Go map
// of the same strings (its groups, then each key's bytes) misses it two
// or three times per look-up.
//
// Two different people would share a code only if their fingerprints
// collide: about n²/2⁹⁷ for n people (below 10⁻¹³ for 10⁸ people), with
// seeds an input cannot know. Even then the release stays k-anonymous: k
// would count the two as one person, so every class would hold at least
// as many people as the stage counted; only the report's count of people
// would be one short. The person values written are each record's own,
// from the spill, never the dictionary's. Columns whose values are
// released (quasi-identifiers, the sensitive column) are numbered exactly.
type fingerprints struct {
	seeds [2]maphash.Seed
	slots []fpSlot
	n     int
}

// A fingerprint is 96 bits of two seeded hashes of a value.
type fingerprint struct {
	lo uint64
	hi uint32
}

type fpSlot struct {
	fp   fingerprint
	code int32 // code + 1; 0: empty
}

// fpMinSlots is the size of a new table; it doubles when half full.
const fpMinSlots = 1 << 10

func newFingerprints() *fingerprints {
	return &fingerprints{
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		slots: make([]fpSlot, fpMinSlots),
	}
}

func (f *fingerprints) of(v string) fingerprint {
	return fingerprint{lo: maphash.String(f.seeds[0], v), hi: uint32(maphash.String(f.seeds[1], v))}
}

// code returns the code of the value whose fingerprint is fp.
func (f *fingerprints) code(fp fingerprint) (int32, bool) {
	mask := uint64(len(f.slots) - 1)
	for i := fp.lo & mask; ; i = (i + 1) & mask {
		s := &f.slots[i]
		if s.code == 0 {
			return 0, false
		}
		if s.fp == fp {
			return s.code - 1, true
		}
	}
}

// add numbers a value whose fingerprint the table lacks.
func (f *fingerprints) add(fp fingerprint, code int32) {
	if 2*(f.n+1) > len(f.slots) {
		old := f.slots
		f.slots = make([]fpSlot, 2*len(old))
		for _, s := range old {
			if s.code != 0 {
				f.place(s)
			}
		}
	}
	f.place(fpSlot{fp: fp, code: code + 1})
	f.n++
}

func (f *fingerprints) place(s fpSlot) {
	mask := uint64(len(f.slots) - 1)
	i := s.fp.lo & mask
	for f.slots[i].code != 0 {
		i = (i + 1) & mask
	}
	f.slots[i] = s
}
