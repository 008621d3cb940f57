package pseudo

import (
	"fmt"
	"io"
	"slices"

	"github.com/deidkit/deidkit/pseudo/internal/keyio"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	"github.com/tink-crypto/tink-go/v2/prf/hkdfprf"
	"github.com/tink-crypto/tink-go/v2/prf/hmacprf"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// A Keyset holds the master keys from which pseudonym and format-preserving
// encryption keys are derived, one derived key per (master key, domain).
// It is a Tink keyset of PRF keys (HMAC-SHA256, HMAC-SHA512 or HKDF-SHA256
// PRF, at least 128 bits); its primary key makes new pseudonyms, and the
// other enabled keys keep older pseudonyms computable after a rotation.
//
// A Keyset is immutable and safe for concurrent use. Rotation methods return
// a new Keyset. It never prints its keys: every fmt verb shows
// "Keyset[redacted]".
type Keyset struct {
	redacted
	h       *keyset.Handle
	prfs    *prf.Set
	ids     []uint32
	primary uint32
}

// NewKeyset generates a keyset with one fresh 256-bit HMAC-SHA256 PRF key.
func NewKeyset() (*Keyset, error) {
	h, err := keyset.NewHandle(prf.HMACSHA256PRFKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("%w: generate: %w", ErrKeyset, err)
	}
	return newKeyset(h)
}

// NewKeysetFromHandle wraps a Tink keyset handle, for keysets obtained
// through other Tink APIs. It checks every enabled key as the readers do.
func NewKeysetFromHandle(h *keyset.Handle) (*Keyset, error) {
	if h == nil {
		return nil, fmt.Errorf("%w: nil handle", ErrKeyset)
	}
	return newKeyset(h)
}

// ReadKeyset reads a keyset in Tink's JSON format, encrypted under the
// key-encryption AEAD kek (in production a KMS key, for example from Tink's
// gcpkms or awskms integrations).
func ReadKeyset(r io.Reader, kek tink.AEAD) (*Keyset, error) {
	h, err := keyio.ReadEncrypted(r, kek)
	if err != nil {
		return nil, err
	}
	return newKeyset(h)
}

// Write writes the keyset in Tink's JSON format, encrypted under kek.
func (ks *Keyset) Write(w io.Writer, kek tink.AEAD) error {
	if err := zero(ks, "Keyset"); err != nil {
		return err
	}
	return keyio.WriteEncrypted(ks.h, w, kek)
}

func newKeyset(h *keyset.Handle) (*Keyset, error) {
	ids, primary, err := enabledKeys(h, checkPRFKey)
	if err != nil {
		return nil, err
	}
	set, err := prf.NewPRFSet(h)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return &Keyset{redacted: redacted{"Keyset"}, h: h, prfs: set, ids: ids, primary: primary}, nil
}

// checkPRFKey accepts the PRF key types this package derives keys with.
// Their size is checked before Tink parses them (checkKeyMaterial), and
// Tink itself refuses PRF keys under 128 bits.
func checkPRFKey(e *keyset.Entry) error {
	switch e.Key().(type) {
	case *hmacprf.Key, *hkdfprf.Key:
		return nil
	}
	return fmt.Errorf("%w: key %d is %T, want an HMAC or HKDF PRF key", ErrUnsupportedKey, e.KeyID(), e.Key())
}

// PrimaryKeyID returns the ID of the key that makes new pseudonyms.
func (ks *Keyset) PrimaryKeyID() uint32 { return ks.primary }

// KeyIDs returns the IDs of the enabled keys, in keyset order.
func (ks *Keyset) KeyIDs() []uint32 { return slices.Clone(ks.ids) }

// Handle returns the underlying Tink keyset handle.
func (ks *Keyset) Handle() *keyset.Handle { return ks.h }

// Rotate returns a copy of ks with a fresh key promoted to primary. Older
// keys stay enabled, so pseudonyms made under them remain computable
// (see [WithKeyID] and [Remap]).
func (ks *Keyset) Rotate() (*Keyset, error) {
	if err := zero(ks, "Keyset"); err != nil {
		return nil, err
	}
	h, _, err := addKey(ks.h, prf.HMACSHA256PRFKeyTemplate(), true)
	if err != nil {
		return nil, err
	}
	return newKeyset(h)
}

// AddKey returns a copy of ks with a fresh key that is not yet primary, and
// its ID: the first half of a two-step rotation in which every reader
// learns the new key before [Keyset.SetPrimary] makes it the default.
func (ks *Keyset) AddKey() (*Keyset, uint32, error) {
	if err := zero(ks, "Keyset"); err != nil {
		return nil, 0, err
	}
	h, id, err := addKey(ks.h, prf.HMACSHA256PRFKeyTemplate(), false)
	if err != nil {
		return nil, 0, err
	}
	nks, err := newKeyset(h)
	return nks, id, err
}

// SetPrimary returns a copy of ks whose primary key is id.
func (ks *Keyset) SetPrimary(id uint32) (*Keyset, error) {
	if err := zero(ks, "Keyset"); err != nil {
		return nil, err
	}
	h, err := setPrimary(ks.h, id)
	if err != nil {
		return nil, err
	}
	return newKeyset(h)
}

// DisableKey returns a copy of ks in which key id is disabled: pseudonyms
// made under it can no longer be computed (nor remapped), but the key stays
// in the keyset and can be enabled again with Tink's keyset manager. Retire
// a key this way once every recipient has migrated ([Remap]). The primary
// key cannot be disabled.
func (ks *Keyset) DisableKey(id uint32) (*Keyset, error) {
	if err := zero(ks, "Keyset"); err != nil {
		return nil, err
	}
	h, err := withoutKey(ks.h, id, false)
	if err != nil {
		return nil, err
	}
	return newKeyset(h)
}

// DeleteKey returns a copy of ks without key id: the key material is gone
// from the copy (delete the older files that hold it too). The primary key
// cannot be deleted.
func (ks *Keyset) DeleteKey(id uint32) (*Keyset, error) {
	if err := zero(ks, "Keyset"); err != nil {
		return nil, err
	}
	h, err := withoutKey(ks.h, id, true)
	if err != nil {
		return nil, err
	}
	return newKeyset(h)
}

// derive computes the subkey of key id for a purpose (pseudonyms, FPE,
// audit digests) and a domain.
func (ks *Keyset) derive(id uint32, purpose, domain string) ([]byte, error) {
	return keyio.Derive(ks.prfs, id, purpose, domain)
}
