package pseudo

import (
	"fmt"
	"io"

	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// Keysets travel as Tink's JSON format. Encrypted keysets are what tinkey and
// Tink's KMS integrations produce, so a keyset made with
//
//	tinkey create-keyset --key-template HMAC_SHA256_PRF --out-format json \
//	    --master-key-uri gcp-kms://... --out keyset.json
//
// reads here with a KMS-backed AEAD as the key-encryption key.

func readEncryptedHandle(r io.Reader, kek tink.AEAD) (*keyset.Handle, error) {
	if kek == nil {
		return nil, fmt.Errorf("%w: no key-encryption AEAD given", ErrKeyset)
	}
	h, err := keyset.Read(keyset.NewJSONReader(r), kek)
	if err != nil {
		// Tink's message says what failed (parse or decrypt) without
		// revealing key material.
		return nil, fmt.Errorf("%w: read encrypted keyset: %w", ErrKeyset, err)
	}
	return h, nil
}

func writeEncryptedHandle(h *keyset.Handle, w io.Writer, kek tink.AEAD) error {
	if kek == nil {
		return fmt.Errorf("%w: no key-encryption AEAD given", ErrKeyset)
	}
	if err := h.Write(keyset.NewJSONWriter(w), kek); err != nil {
		return fmt.Errorf("%w: write encrypted keyset: %w", ErrKeyset, err)
	}
	return nil
}

func readCleartextHandle(r io.Reader) (*keyset.Handle, error) {
	h, err := insecurecleartextkeyset.Read(keyset.NewJSONReader(r))
	if err != nil {
		return nil, fmt.Errorf("%w: read cleartext keyset: %w", ErrKeyset, err)
	}
	return h, nil
}

func writeCleartextHandle(h *keyset.Handle, w io.Writer) error {
	if err := insecurecleartextkeyset.Write(h, keyset.NewJSONWriter(w)); err != nil {
		return fmt.Errorf("%w: write cleartext keyset: %w", ErrKeyset, err)
	}
	return nil
}

// addKey returns a copy of h with one fresh key from kt, promoted to primary
// when promote is set, and the new key's ID.
func addKey(h *keyset.Handle, kt *tinkpb.KeyTemplate, promote bool) (*keyset.Handle, uint32, error) {
	m := keyset.NewManagerFromHandle(h)
	id, err := m.Add(kt)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: add key: %w", ErrKeyset, err)
	}
	if promote {
		if err := m.SetPrimary(id); err != nil {
			return nil, 0, fmt.Errorf("%w: promote key: %w", ErrKeyset, err)
		}
	}
	nh, err := m.Handle()
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return nh, id, nil
}

// setPrimary returns a copy of h whose primary key is id.
func setPrimary(h *keyset.Handle, id uint32) (*keyset.Handle, error) {
	m := keyset.NewManagerFromHandle(h)
	if err := m.SetPrimary(id); err != nil {
		return nil, fmt.Errorf("%w: key %d: %w", ErrUnknownKey, id, err)
	}
	nh, err := m.Handle()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return nh, nil
}

// enabledKeys lists the enabled key IDs of h in keyset order, and the
// primary key's ID; a keyset whose primary is missing or not enabled is an
// error, since nothing new could be made with it.
func enabledKeys(h *keyset.Handle) (ids []uint32, primary uint32, err error) {
	havePrimary := false
	for i := 0; i < h.Len(); i++ {
		e, err := h.Entry(i)
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %w", ErrKeyset, err)
		}
		if e.KeyStatus() != keyset.Enabled {
			continue
		}
		ids = append(ids, e.KeyID())
		if e.IsPrimary() {
			primary, havePrimary = e.KeyID(), true
		}
	}
	if !havePrimary {
		return nil, 0, ErrNoPrimaryKey
	}
	return ids, primary, nil
}
