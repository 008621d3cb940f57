package pseudo

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"

	"github.com/deidkit/deidkit/pseudo/internal/keyio"

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
	h        *keyset.Handle
	primary  uint32
	prefixes []keyPrefix // of the enabled keys
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
	h, err := keyio.ReadEncrypted(r, kek)
	if err != nil {
		return nil, err
	}
	return newTokenKeyset(h)
}

// NewTokenKeysetFromHandle wraps a Tink keyset handle of AES-SIV keys, for
// keysets obtained through other Tink APIs.
func NewTokenKeysetFromHandle(h *keyset.Handle) (*TokenKeyset, error) {
	if h == nil {
		return nil, fmt.Errorf("%w: nil handle", ErrKeyset)
	}
	return newTokenKeyset(h)
}

// Write writes the keyset in Tink's JSON format, encrypted under kek.
func (ks *TokenKeyset) Write(w io.Writer, kek tink.AEAD) error {
	if err := zero(ks, "TokenKeyset"); err != nil {
		return err
	}
	return keyio.WriteEncrypted(ks.h, w, kek)
}

// Rotate returns a copy of ks with a fresh primary key. Tokens carry the ID
// of the key that sealed them, so older tokens still open.
func (ks *TokenKeyset) Rotate() (*TokenKeyset, error) {
	if err := zero(ks, "TokenKeyset"); err != nil {
		return nil, err
	}
	h, _, err := addKey(ks.h, daead.AESSIVKeyTemplate(), true)
	if err != nil {
		return nil, err
	}
	return newTokenKeyset(h)
}

// PrimaryKeyID returns the ID of the key that seals new tokens.
func (ks *TokenKeyset) PrimaryKeyID() uint32 { return ks.primary }

// Handle returns the underlying Tink keyset handle.
func (ks *TokenKeyset) Handle() *keyset.Handle { return ks.h }

func newTokenKeyset(h *keyset.Handle) (*TokenKeyset, error) {
	var prefixes []keyPrefix
	_, primary, err := enabledKeys(h, func(e *keyset.Entry) error {
		k, ok := e.Key().(*aessiv.Key)
		if !ok {
			return fmt.Errorf("%w: key %d is %T, want AES-SIV", ErrUnsupportedKey, e.KeyID(), e.Key())
		}
		prefixes = append(prefixes, keyPrefix{k.OutputPrefix(), e.KeyID()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &TokenKeyset{redacted: redacted{"TokenKeyset"}, h: h, primary: primary, prefixes: prefixes}, nil
}

// A Tokenizer seals identifiers into reversible tokens bound to a context,
// and opens them again. Sealing is deterministic (AES-SIV): the same
// identifier gives the same token in the same context, so tokens still join
// within one export, but equal tokens reveal equal identifiers. A token
// opens only with the keyset and the exact context it was sealed with.
//
// Opening is a disclosure: [Tokenizer.Open] is refused unless the Tokenizer
// was made with [WithAuditor] (every Open is then reported to its hook) or
// [AllowUnauditedReversal]. A Tokenizer that only seals needs neither.
//
// A Tokenizer is safe for concurrent use and never prints its keys.
type Tokenizer struct {
	redacted
	d        tink.DeterministicAEAD
	context  string
	ad       []byte
	keyID    uint32
	prefixes []keyPrefix
	rev      reversal
}

// keyPrefix is the output prefix of a token key: tokens sealed by that key
// start with it.
type keyPrefix struct {
	prefix []byte
	id     uint32
}

// NewTokenizer returns a Tokenizer for context, a name of the purpose and
// recipient of the tokens ("cardio-check-up/partner-x"). It takes
// [WithKeyID] (the key that seals; tokens of every enabled key open), and
// [WithAuditor] or [AllowUnauditedReversal] for [Tokenizer.Open].
func NewTokenizer(ks *TokenKeyset, context string, opts ...Option) (*Tokenizer, error) {
	if ks == nil {
		return nil, fmt.Errorf("%w: nil keyset", ErrKeyset)
	}
	if err := zero(ks, "TokenKeyset"); err != nil {
		return nil, err
	}
	if err := keyio.CheckDomain(context); err != nil {
		return nil, err
	}
	c, err := newConfig("NewTokenizer", tokenOptions, opts)
	if err != nil {
		return nil, err
	}
	h, keyID := ks.h, c.keyIDOr(ks.primary)
	if keyID != ks.primary {
		if h, err = setPrimary(h, keyID); err != nil {
			return nil, err
		}
	}
	d, err := daead.New(h)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	ad := append([]byte("deidkit/v1/token\x00"), context...)
	return &Tokenizer{
		redacted: redacted{"Tokenizer"},
		d:        d,
		context:  context,
		ad:       ad,
		keyID:    keyID,
		prefixes: ks.prefixes,
		rev:      reversal{c.auditor, c.unaudited},
	}, nil
}

// Context returns the context the tokens are bound to.
func (t *Tokenizer) Context() string { return t.context }

// KeyID returns the ID of the key that seals new tokens.
func (t *Tokenizer) KeyID() uint32 { return t.keyID }

// AppendToken appends the token of id (URL-safe base64, no padding) to dst.
func (t *Tokenizer) AppendToken(dst, id []byte) ([]byte, error) {
	if err := zero(t, "Tokenizer"); err != nil {
		return dst, err
	}
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
//
// Open is a reversal: it is refused with [ErrNoAudit] unless t was made
// with [WithAuditor] (then ctx must carry [WithAuditInfo], and the
// auditor's hook receives one [AuditEvent] before Open returns) or
// [AllowUnauditedReversal].
func (t *Tokenizer) Open(ctx context.Context, token string) (string, error) {
	if err := zero(t, "Tokenizer"); err != nil {
		return "", err
	}
	ev := AuditEvent{Op: OpOpenToken, Domain: t.context}
	return audited(ctx, t.rev, ev, func(ev *AuditEvent) (string, string, error) {
		ct, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return "", token, ErrInvalidToken
		}
		id, err := t.d.DecryptDeterministically(ct, t.ad)
		if err != nil {
			return "", token, ErrInvalidToken
		}
		ev.KeyID = t.sealedBy(ct)
		return string(id), token, nil
	})
}

// sealedBy returns the ID of the key whose output prefix ct carries, or 0
// for a key without prefix (Tink's RAW keys).
func (t *Tokenizer) sealedBy(ct []byte) uint32 {
	for _, p := range t.prefixes {
		if len(p.prefix) > 0 && bytes.HasPrefix(ct, p.prefix) {
			return p.id
		}
	}
	return 0
}
