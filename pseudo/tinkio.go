package pseudo

import (
	"bytes"
	"fmt"
	"io"

	"google.golang.org/protobuf/proto"

	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	hkdfprfpb "github.com/tink-crypto/tink-go/v2/proto/hkdf_prf_go_proto"
	hmacprfpb "github.com/tink-crypto/tink-go/v2/proto/hmac_prf_go_proto"
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
	enc, err := keyset.NewJSONReader(r).ReadEncrypted()
	if err != nil {
		// The JSON parser quotes the offending text: keep it out.
		return nil, fmt.Errorf("%w: parse encrypted keyset: malformed JSON", ErrKeyset)
	}
	// Decrypt here rather than in keyset.Read so that the key material can
	// be checked before Tink parses it; Tink encrypts keysets with empty
	// associated data, as done here.
	pt, err := kek.Decrypt(enc.GetEncryptedKeyset(), []byte{})
	if err != nil {
		return nil, fmt.Errorf("%w: decrypt keyset: wrong key-encryption key or corrupted file", ErrKeyset)
	}
	return handleFromSerialized(pt)
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
	ks, err := keyset.NewJSONReader(r).Read()
	if err != nil {
		// The JSON parser quotes the offending text, which may be key
		// material: keep it out.
		return nil, fmt.Errorf("%w: parse cleartext keyset: malformed JSON", ErrKeyset)
	}
	b, err := proto.Marshal(ks)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return handleFromSerialized(b)
}

// handleFromSerialized checks the key material of a serialized cleartext
// keyset and makes a handle of it.
func handleFromSerialized(b []byte) (*keyset.Handle, error) {
	ks := new(tinkpb.Keyset)
	if err := proto.Unmarshal(b, ks); err != nil {
		return nil, fmt.Errorf("%w: parse keyset: malformed", ErrKeyset)
	}
	if err := checkPrimary(ks); err != nil {
		return nil, err
	}
	if err := checkKeyMaterial(ks); err != nil {
		return nil, err
	}
	h, err := insecurecleartextkeyset.Read(keyset.NewBinaryReader(bytes.NewReader(b)))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return h, nil
}

// checkPrimary reports a keyset whose primary key is missing or not
// enabled as ErrNoPrimaryKey: nothing new could be made with it. Tink
// refuses it too, but with a parser's message.
func checkPrimary(ks *tinkpb.Keyset) error {
	for _, k := range ks.GetKey() {
		if k.GetKeyId() == ks.GetPrimaryKeyId() {
			if k.GetStatus() != tinkpb.KeyStatusType_ENABLED {
				return fmt.Errorf("%w: primary key %d is not enabled", ErrNoPrimaryKey, k.GetKeyId())
			}
			return nil
		}
	}
	return fmt.Errorf("%w: primary key %d is not in the keyset", ErrNoPrimaryKey, ks.GetPrimaryKeyId())
}

const (
	hmacPRFTypeURL = "type.googleapis.com/google.crypto.tink.HmacPrfKey"
	hkdfPRFTypeURL = "type.googleapis.com/google.crypto.tink.HkdfPrfKey"
)

// checkKeyMaterial reports enabled PRF keys shorter than 128 bits as
// ErrWeakKey. Tink refuses them too, but with a parser message; a caller
// deserves to know that the key, not the file, is at fault.
func checkKeyMaterial(ks *tinkpb.Keyset) error {
	for _, k := range ks.GetKey() {
		if k.GetStatus() != tinkpb.KeyStatusType_ENABLED {
			continue
		}
		var value []byte
		switch url := k.GetKeyData().GetTypeUrl(); url {
		case hmacPRFTypeURL:
			var m hmacprfpb.HmacPrfKey
			if err := proto.Unmarshal(k.GetKeyData().GetValue(), &m); err != nil {
				return fmt.Errorf("%w: key %d: malformed", ErrKeyset, k.GetKeyId())
			}
			value = m.GetKeyValue()
		case hkdfPRFTypeURL:
			var m hkdfprfpb.HkdfPrfKey
			if err := proto.Unmarshal(k.GetKeyData().GetValue(), &m); err != nil {
				return fmt.Errorf("%w: key %d: malformed", ErrKeyset, k.GetKeyId())
			}
			value = m.GetKeyValue()
		default:
			continue
		}
		if len(value) < minKeyBytes {
			return fmt.Errorf("%w: key %d has %d bits", ErrWeakKey, k.GetKeyId(), 8*len(value))
		}
	}
	return nil
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

// enabledKeys checks every enabled key of h with check and lists their
// IDs in keyset order, and the primary key's ID; a keyset whose primary is
// missing or not enabled is an error, since nothing new could be made with
// it.
func enabledKeys(h *keyset.Handle, check func(*keyset.Entry) error) (ids []uint32, primary uint32, err error) {
	havePrimary := false
	for i := 0; i < h.Len(); i++ {
		e, err := h.Entry(i)
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %w", ErrKeyset, err)
		}
		if e.KeyStatus() != keyset.Enabled {
			continue
		}
		if err := check(e); err != nil {
			return nil, 0, err
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

// withoutKey returns a copy of h in which key id is disabled (delete
// false) or deleted (delete true). The primary key cannot go: promote
// another first.
func withoutKey(h *keyset.Handle, id uint32, del bool) (*keyset.Handle, error) {
	if p, err := h.Primary(); err == nil && p.KeyID() == id {
		return nil, fmt.Errorf("%w: key %d is the primary; promote another key first", ErrInvalidOption, id)
	}
	m := keyset.NewManagerFromHandle(h)
	var err error
	if del {
		err = m.Delete(id)
	} else {
		err = m.Disable(id)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: key %d: %w", ErrUnknownKey, id, err)
	}
	nh, err := m.Handle()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return nh, nil
}
