package pseudo

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/deidkit/deidkit/internal/sealed"
	"github.com/deidkit/deidkit/pseudo/internal/keyio"
)

// Pseudonym lengths, in bits. Below 64 bits collisions become likely in
// realistic populations (see the package documentation).
const (
	DefaultBits = 128
	MinBits     = 64
	MaxBits     = 256
)

// A Pseudonymizer maps identifiers to keyed pseudonyms in one domain:
// HMAC-SHA256 under the domain's key, truncated and encoded.
//
// It is immutable and safe for concurrent use; it never prints its key.
// Make it with [New]: a zero Pseudonymizer has no key, and its methods
// without an error result panic with an error wrapping [ErrZeroValue].
type Pseudonymizer struct {
	redacted
	mac    sealed.Ref[macKey] // see package sealed: the pad states are the key
	domain string
	keyID  uint32
	n      int // MAC bytes kept
	enc    Encoding
	prefix []byte // key-version prefix, or empty
}

// New returns a Pseudonymizer for domain, a name of the recipient or
// purpose ("ai-engine", "research/partner-x"). Its key is derived from the
// keyset's primary key (or the key given by [WithKeyID]) and the domain;
// the master key itself is never used as a pseudonym key.
func New(ks *Keyset, domain string, opts ...Option) (*Pseudonymizer, error) {
	if ks == nil {
		return nil, fmt.Errorf("%w: nil keyset", ErrKeyset)
	}
	if err := zero(ks, "Keyset"); err != nil {
		return nil, err
	}
	c, err := newConfig("New", pseudonymOptions, opts)
	if err != nil {
		return nil, err
	}
	c.keyID = c.keyIDOr(ks.primary)
	k, err := ks.derive(c.keyID, keyio.PurposePseudonym, domain)
	if err != nil {
		return nil, err
	}
	p := newPseudonymizer(k, c)
	p.domain = domain
	return p, nil
}

func newPseudonymizer(key []byte, c config) *Pseudonymizer {
	p := &Pseudonymizer{
		redacted: redacted{"Pseudonymizer"},
		mac:      sealed.New(newMACKey(key)),
		keyID:    c.keyID,
		n:        c.bits / 8,
		enc:      c.enc,
	}
	if c.versioned {
		p.prefix = appendVersion(nil, c.keyID)
	}
	return p
}

// Append appends the pseudonym of id to dst and returns the extended
// slice. It does not allocate when dst has room for [Pseudonymizer.Len] bytes.
func (p *Pseudonymizer) Append(dst, id []byte) []byte {
	var mac [sha256.Size]byte
	k := p.mac.Get()
	if k == nil {
		zeroPseudonymizer()
	}
	k.sum(&mac, id)
	dst = append(dst, p.prefix...)
	return p.enc.append(dst, mac[:p.n])
}

// Pseudonym returns the pseudonym of id.
func (p *Pseudonymizer) Pseudonym(id string) string {
	return string(p.Append(make([]byte, 0, p.Len()), []byte(id)))
}

// Uint64 returns 64 bits of the keyed MAC of id, for values derived per
// person such as a date-shift offset. It uses the same key as the
// pseudonyms: use a Pseudonymizer of a separate domain for such values, so
// that a released pseudonym says nothing about them.
func (p *Pseudonymizer) Uint64(id []byte) uint64 {
	var mac [sha256.Size]byte
	k := p.mac.Get()
	if k == nil {
		zeroPseudonymizer()
	}
	k.sum(&mac, id)
	return binary.BigEndian.Uint64(mac[:8])
}

// Len returns the length in bytes of every pseudonym, prefix included.
func (p *Pseudonymizer) Len() int { return len(p.prefix) + p.enc.encodedLen(p.n) }

// Domain returns the domain the pseudonyms belong to.
func (p *Pseudonymizer) Domain() string { return p.domain }

// KeyID returns the ID of the master key the domain key was derived from.
func (p *Pseudonymizer) KeyID() uint32 { return p.keyID }

// Bits returns the pseudonym length in bits (before encoding).
func (p *Pseudonymizer) Bits() int { return p.n * 8 }

// Encoding returns the pseudonyms' text encoding.
func (p *Pseudonymizer) Encoding() Encoding { return p.enc }
