package keyio

import (
	"fmt"

	"github.com/tink-crypto/tink-go/v2/prf"
)

// Purposes of derived keys: a derived key serves one purpose, so that the
// keys of pseudonyms, format-preserving encryption and audit digests never
// coincide even for the same domain.
const (
	PurposePseudonym = "pseudonym"
	PurposeFPE       = "fpe"
	PurposeAudit     = "audit"
)

// DerivedKeyBytes is the size of every derived key: 256 bits.
const DerivedKeyBytes = 32

// MaxDomainBytes bounds domain and context names; they are labels, not data.
const MaxDomainBytes = 256

// Derive computes the subkey of key id of set for a purpose and a domain.
// The label is length-prefixed so that no (purpose, domain) pair can
// produce the input of another.
func Derive(set *prf.Set, id uint32, purpose, domain string) ([]byte, error) {
	if err := CheckDomain(domain); err != nil {
		return nil, err
	}
	p, ok := set.PRFs[id]
	if !ok {
		return nil, fmt.Errorf("%w: %d", ErrUnknownKey, id)
	}
	label := make([]byte, 0, 32+len(domain))
	label = append(label, "deidkit/v1/"...)
	label = append(label, byte(len(purpose)))
	label = append(label, purpose...)
	label = append(label, domain...)
	k, err := p.ComputePRF(label, DerivedKeyBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: derive: %w", ErrKeyset, err)
	}
	return k, nil
}

// CheckDomain accepts a domain or token context: a non-empty label of at
// most MaxDomainBytes bytes without control characters.
func CheckDomain(d string) error {
	const want = `name the recipient or purpose, such as "research/partner-x"`
	if d == "" {
		return fmt.Errorf("%w: empty; %s", ErrInvalidDomain, want)
	}
	if len(d) > MaxDomainBytes {
		return fmt.Errorf("%w: longer than %d bytes; %s", ErrInvalidDomain, MaxDomainBytes, want)
	}
	for i := 0; i < len(d); i++ {
		if d[i] < 0x20 || d[i] == 0x7f {
			return fmt.Errorf("%w: control character at byte %d; %s", ErrInvalidDomain, i, want)
		}
	}
	return nil
}
