package pseudo

import "hash/maphash"

// Bounds of what a memo slot holds: longer identifiers bypass the memo.
const (
	memoMaxID  = 64
	memoMaxOut = versionLen + 2*MaxBits/8
)

type memoSlot struct {
	idLen, outLen uint8
	id            [memoMaxID]byte
	out           [memoMaxOut]byte
}

func (s *memoSlot) holds(id []byte) bool {
	return int(s.idLen) == len(id) && string(s.id[:len(id)]) == string(id)
}

// A Memo remembers the pseudonyms of recently seen identifiers. In a
// measurement export a user's ID repeats on every one of their rows, so most
// look-ups hit and skip the HMAC.
//
// It is a direct-mapped cache of a fixed number of slots: memory is bounded
// (about 150 bytes a slot) and a miss simply overwrites the slot. A Memo is
// NOT safe for concurrent use: give each goroutine its own. It holds
// identifiers in memory, so it never prints them.
type Memo struct {
	redacted
	p     *Pseudonymizer
	seed  maphash.Seed
	slots []memoSlot
	mask  uint64
	last  *memoSlot // the slot of the previous call: exports list a user's rows together
}

// NewMemo returns a Memo of slots entries rounded up to a power of two,
// from 16 to 1<<24 (about 2.4 GB), in front of p.
func (p *Pseudonymizer) NewMemo(slots int) *Memo {
	n := 16
	for n < slots && n < 1<<24 {
		n <<= 1
	}
	return &Memo{
		redacted: redacted{"Memo"},
		p:        p,
		seed:     maphash.MakeSeed(),
		slots:    make([]memoSlot, n),
		mask:     uint64(n - 1),
	}
}

// Append appends the pseudonym of id to dst, exactly as
// [Pseudonymizer.Append] would.
func (m *Memo) Append(dst, id []byte) []byte {
	if len(id) == 0 || len(id) > memoMaxID {
		return m.p.Append(dst, id)
	}
	if s := m.last; s != nil && s.holds(id) {
		return append(dst, s.out[:s.outLen]...)
	}
	s := &m.slots[maphash.Bytes(m.seed, id)&m.mask]
	m.last = s
	if s.holds(id) {
		return append(dst, s.out[:s.outLen]...)
	}
	start := len(dst)
	dst = m.p.Append(dst, id)
	s.idLen = uint8(copy(s.id[:], id))
	s.outLen = uint8(copy(s.out[:], dst[start:]))
	return dst
}

// Pseudonymizer returns the Pseudonymizer behind m.
func (m *Memo) Pseudonymizer() *Pseudonymizer { return m.p }
