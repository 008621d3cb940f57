package pseudo

import (
	"encoding/base64"
	"fmt"
	"io"

	"github.com/tink-crypto/tink-go/v2/daead"
	"github.com/tink-crypto/tink-go/v2/daead/aessiv"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// A TokenKeyset holds the AES-SIV keys of reversible tokens. Whoever holds
// it can turn every token back into the identifier: keep it apart from the
// pseudonym keyset, with the party authorized to re-identify (for example
// the service that lets a partner doctor reach a patient), never with the
// recipients of the tokens.
//
// A TokenKeyset is immutable, safe for concurrent use, and never prints its
// keys.
type TokenKeyset struct {
	redacted
	h       *keyset.Handle
	primary uint32
}

// NewTokenKeyset generates a keyset with one fresh AES-SIV key.
func NewTokenKeyset() (*TokenKeyset, error) {
	h, err := keyset.NewHandle(daead.AESSIVKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("%w: generate: %w", ErrKeyset, err)
	}
	return newTokenKeyset(h)
}

// ReadTokenKeyset reads a token keyset in Tink's JSON format, encrypted
// under the key-encryption AEAD kek.
func ReadTokenKeyset(r io.Reader, kek tink.AEAD) (*TokenKeyset, error) {
	h, err := readEncryptedHandle(r, kek)
	if err != nil {
		return nil, err
	}
	return newTokenKeyset(h)
}

// InsecureReadCleartextTokenKeyset reads a token keyset stored as cleartext
// JSON, for tests and demos only.
func InsecureReadCleartextTokenKeyset(r io.Reader) (*TokenKeyset, error) {
	h, err := readCleartextHandle(r)
	if err != nil {
		return nil, err
	}
	return newTokenKeyset(h)
}

// InsecureWriteCleartextTokenKeyset writes ks as cleartext JSON, for tests
// and demos only.
func InsecureWriteCleartextTokenKeyset(w io.Writer, ks *TokenKeyset) error {
	return writeCleartextHandle(ks.h, w)
}

// Write writes the keyset in Tink's JSON format, encrypted under kek.
func (ks *TokenKeyset) Write(w io.Writer, kek tink.AEAD) error {
	return writeEncryptedHandle(ks.h, w, kek)
}

// Rotate returns a copy of ks with a fresh primary key. Tokens carry the ID
// of the key that sealed them, so older tokens still open.
func (ks *TokenKeyset) Rotate() (*TokenKeyset, error) {
	h, _, err := addKey(ks.h, daead.AESSIVKeyTemplate(), true)
	if err != nil {
		return nil, err
	}
	return newTokenKeyset(h)
}

// PrimaryKeyID returns the ID of the key that seals new tokens.
func (ks *TokenKeyset) PrimaryKeyID() uint32 { return ks.primary }

func newTokenKeyset(h *keyset.Handle) (*TokenKeyset, error) {
	_, primary, err := enabledKeys(h, func(e *keyset.Entry) error {
		if _, ok := e.Key().(*aessiv.Key); !ok {
			return fmt.Errorf("%w: key %d is %T, want AES-SIV", ErrUnsupportedKey, e.KeyID(), e.Key())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &TokenKeyset{redacted: redacted{"TokenKeyset"}, h: h, primary: primary}, nil
}

// A Tokenizer seals identifiers into reversible tokens bound to a context,
// and opens them again. Sealing is deterministic (AES-SIV): the same
// identifier gives the same token in the same context, so tokens still join
// within one export, but equal tokens reveal equal identifiers. A token
// opens only with the keyset and the exact context it was sealed with.
//
// A Tokenizer is safe for concurrent use and never prints its keys.
type Tokenizer struct {
	redacted
	d       tink.DeterministicAEAD
	context string
	ad      []byte
}

// NewTokenizer returns a Tokenizer for context, a name of the purpose and
// recipient of the tokens ("cardio-check-up/partner-x").
func NewTokenizer(ks *TokenKeyset, context string) (*Tokenizer, error) {
	if ks == nil {
		return nil, fmt.Errorf("%w: nil keyset", ErrKeyset)
	}
	if err := checkDomain(context); err != nil {
		return nil, err
	}
	d, err := daead.New(ks.h)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	ad := append([]byte("deidkit/v1/token\x00"), context...)
	return &Tokenizer{redacted: redacted{"Tokenizer"}, d: d, context: context, ad: ad}, nil
}

// Context returns the context the tokens are bound to.
func (t *Tokenizer) Context() string { return t.context }

// AppendToken appends the token of id (URL-safe base64, no padding) to dst.
func (t *Tokenizer) AppendToken(dst, id []byte) ([]byte, error) {
	ct, err := t.d.EncryptDeterministically(id, t.ad)
	if err != nil {
		return dst, fmt.Errorf("%w: seal failed", ErrKeyset)
	}
	return base64.RawURLEncoding.AppendEncode(dst, ct), nil
}

// Token returns the token of id.
func (t *Tokenizer) Token(id string) (string, error) {
	b, err := t.AppendToken(nil, []byte(id))
	return string(b), err
}

// Open returns the identifier sealed in token. Any failure (wrong keyset,
// wrong context, truncated or altered token) is ErrInvalidToken, with
// nothing about the identifier or the cause.
func (t *Tokenizer) Open(token string) (string, error) {
	ct, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", ErrInvalidToken
	}
	id, err := t.d.DecryptDeterministically(ct, t.ad)
	if err != nil {
		return "", ErrInvalidToken
	}
	return string(id), nil
}
