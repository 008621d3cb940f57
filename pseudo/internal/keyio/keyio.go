package keyio

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

// ReadEncrypted reads a keyset in Tink's JSON format encrypted under kek.
func ReadEncrypted(r io.Reader, kek tink.AEAD) (*keyset.Handle, error) {
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
	return fromSerialized(pt)
}

// WriteEncrypted writes h in Tink's JSON format encrypted under kek.
func WriteEncrypted(h *keyset.Handle, w io.Writer, kek tink.AEAD) error {
	if kek == nil {
		return fmt.Errorf("%w: no key-encryption AEAD given", ErrKeyset)
	}
	if err := h.Write(keyset.NewJSONWriter(w), kek); err != nil {
		return fmt.Errorf("%w: write encrypted keyset: %w", ErrKeyset, err)
	}
	return nil
}

// ReadCleartext reads a keyset stored as cleartext Tink JSON.
func ReadCleartext(r io.Reader) (*keyset.Handle, error) {
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
	return fromSerialized(b)
}

// WriteCleartext writes h as cleartext Tink JSON.
func WriteCleartext(h *keyset.Handle, w io.Writer) error {
	if h == nil {
		return fmt.Errorf("%w: nil keyset", ErrKeyset)
	}
	if err := insecurecleartextkeyset.Write(h, keyset.NewJSONWriter(w)); err != nil {
		return fmt.Errorf("%w: write cleartext keyset: %w", ErrKeyset, err)
	}
	return nil
}

// fromSerialized checks the key material of a serialized cleartext keyset
// and makes a handle of it.
func fromSerialized(b []byte) (*keyset.Handle, error) {
	ks := new(tinkpb.Keyset)
	if err := proto.Unmarshal(b, ks); err != nil {
		return nil, fmt.Errorf("%w: parse keyset: malformed", ErrKeyset)
	}
	if len(ks.GetKey()) == 0 {
		return nil, fmt.Errorf("%w: the keyset holds no key", ErrKeyset)
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

// Type URLs of the PRF keys whose size is checked.
const (
	HMACPRFTypeURL = "type.googleapis.com/google.crypto.tink.HmacPrfKey"
	HKDFPRFTypeURL = "type.googleapis.com/google.crypto.tink.HkdfPrfKey"
)

// MinKeyBytes is the shortest master key accepted: 128 bits.
const MinKeyBytes = 16

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
		case HMACPRFTypeURL:
			var m hmacprfpb.HmacPrfKey
			if err := proto.Unmarshal(k.GetKeyData().GetValue(), &m); err != nil {
				return fmt.Errorf("%w: key %d: malformed", ErrKeyset, k.GetKeyId())
			}
			value = m.GetKeyValue()
		case HKDFPRFTypeURL:
			var m hkdfprfpb.HkdfPrfKey
			if err := proto.Unmarshal(k.GetKeyData().GetValue(), &m); err != nil {
				return fmt.Errorf("%w: key %d: malformed", ErrKeyset, k.GetKeyId())
			}
			value = m.GetKeyValue()
		default:
			continue
		}
		if len(value) < MinKeyBytes {
			return fmt.Errorf("%w: key %d has %d bits", ErrWeakKey, k.GetKeyId(), 8*len(value))
		}
	}
	return nil
}
