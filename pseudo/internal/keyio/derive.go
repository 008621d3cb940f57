package keyio

import (
	"fmt"
	"unicode"
	"unicode/utf8"

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
// most MaxDomainBytes bytes of valid UTF-8, without control characters
// (C0, DEL, C1, Unicode line and paragraph separators) or white space at
// either end. A domain is written into audit events and reports: a line
// break there would let a caller's label forge an audit line. And a label
// with a stray space from a configuration file derives another key, whose
// pseudonyms silently match nothing released before.
func CheckDomain(d string) error {
	const want = `name the recipient or purpose, such as "research/partner-x"`
	if d == "" {
		return fmt.Errorf("%w: empty; %s", ErrInvalidDomain, want)
	}
	if len(d) > MaxDomainBytes {
		return fmt.Errorf("%w: longer than %d bytes; %s", ErrInvalidDomain, MaxDomainBytes, want)
	}
	if !utf8.ValidString(d) {
		return fmt.Errorf("%w: not valid UTF-8; %s", ErrInvalidDomain, want)
	}
	for i, r := range d {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("%w: control character at byte %d; %s", ErrInvalidDomain, i, want)
		}
	}
	if r, _ := utf8.DecodeRuneInString(d); unicode.IsSpace(r) {
		return fmt.Errorf("%w: white space at its start; %s", ErrInvalidDomain, want)
	}
	if r, _ := utf8.DecodeLastRuneInString(d); unicode.IsSpace(r) {
		return fmt.Errorf("%w: white space at its end; %s", ErrInvalidDomain, want)
	}
	return nil
}
