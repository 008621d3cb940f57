package pseudo

import (
	"hash/maphash"

	"github.com/deidkit/deidkit/internal/sealed"
)

// Bounds of what a memo holds: longer identifiers bypass it.
const (
	memoMaxID  = 64
	memoMaxOut = versionLen + 2*MaxBits/8
)

// The table's slots are whole cache lines: a look-up touches one.
const (
	memoLine     = 64
	memoMinIDCap = 16 // a slot holds IDs at least this long
)

// The table is consulted while it pays: after memoWindow look-ups with
// fewer than a quarter of hits (people interleave faster than the table
// holds them, as in exports sorted by time over many people), the next
// memoSkip identifiers bypass it, and then it is tried again.
const (
	memoWindow = 1024
	memoSkip   = 16 * memoWindow
)

// A Memo remembers the pseudonyms of recently seen identifiers. In a
// measurement export a user's ID repeats on every one of their rows, so most
// look-ups hit and skip the HMAC.
//
// It remembers the last identifier, which serves the rows of one user
// listed together, and holds a direct-mapped table of a fixed number of
// slots of one cache line each (64 bytes for the default 128-bit hex
// pseudonyms, which leave room for IDs of up to 31 bytes; longer IDs go
// only through the last-identifier check). Memory is bounded and a miss
// overwrites its slot. A table look-up costs a cache miss when the table
// is not in the processor's caches, about as much as the HMAC it may save,
// so the Memo stops consulting the table for a while when it hits less
// than a quarter of the time.
//
// A Memo is NOT safe for concurrent use: give each goroutine its own. It
// holds identifiers in memory, so it never prints them. Make it with
// [Pseudonymizer.NewMemo]: Append on a zero Memo panics with an error
// wrapping [ErrZeroValue].
type Memo struct {
	redacted
	// Its state sits two pointers away (see package sealed): a Memo
	// held by value in another struct's unexported field, where fmt
	// cannot call its Format method, would print the identifiers and
	// pseudonyms of its table and its last look-up.
	m sealed.Ref[memo]
}

// memo is a Memo's state.
type memo struct {
	p      *Pseudonymizer
	seed   maphash.Seed
	table  []byte // slots: ID length, ID, pseudonym
	stride int
	idCap  int
	outLen int
	mask   uint64

	lastLen int // 0: none
	lastID  [memoMaxID]byte
	lastOut [memoMaxOut]byte

	probes, hits int // of the current window
	skip         int // look-ups left that bypass the table
}

// NewMemo returns a Memo whose table has slots entries rounded up to a
// power of two, from 16 to 1<<24 (1 GiB), in front of p.
func (p *Pseudonymizer) NewMemo(slots int) *Memo {
	n := 16
	for n < slots && n < 1<<24 {
		n <<= 1
	}
	outLen := p.Len()
	stride := (1 + outLen + memoMinIDCap + memoLine - 1) / memoLine * memoLine
	return &Memo{redacted: redacted{"Memo"}, m: sealed.New(&memo{
		p:      p,
		seed:   maphash.MakeSeed(),
		table:  make([]byte, n*stride),
		stride: stride,
		idCap:  min(stride-1-outLen, memoMaxID),
		outLen: outLen,
		mask:   uint64(n - 1),
	})}
}

// Append appends the pseudonym of id to dst, exactly as
// [Pseudonymizer.Append] would.
func (mm *Memo) Append(dst, id []byte) []byte {
	m := mm.m.Get()
	if m == nil {
		zeroMemo()
	}
	if len(id) == 0 || len(id) > memoMaxID {
		return m.p.Append(dst, id)
	}
	if m.lastLen == len(id) && string(m.lastID[:len(id)]) == string(id) {
		return append(dst, m.lastOut[:m.outLen]...)
	}
	start := len(dst)
	if len(id) <= m.idCap && m.skip == 0 {
		i := int(maphash.Bytes(m.seed, id)&m.mask) * m.stride
		slot := m.table[i : i+m.stride]
		out := slot[1+m.idCap : 1+m.idCap+m.outLen]
		if int(slot[0]) == len(id) && string(slot[1:1+len(id)]) == string(id) {
			m.hits++
			dst = append(dst, out...)
		} else {
			dst = m.p.Append(dst, id)
			slot[0] = byte(copy(slot[1:1+m.idCap], id))
			copy(out, dst[start:])
		}
		if m.probes++; m.probes == memoWindow {
			if m.hits < memoWindow/4 {
				m.skip = memoSkip
			}
			m.probes, m.hits = 0, 0
		}
	} else {
		if m.skip > 0 {
			m.skip--
		}
		dst = m.p.Append(dst, id)
	}
	m.lastLen = copy(m.lastID[:], id)
	copy(m.lastOut[:], dst[start:])
	return dst
}

// Pseudonymizer returns the Pseudonymizer behind m, nil for a zero Memo.
func (m *Memo) Pseudonymizer() *Pseudonymizer {
	if mm := m.m.Get(); mm != nil {
		return mm.p
	}
	return nil
}
