// Package insecurekeyset reads and writes the keys of package pseudo in
// cleartext, and exports derived keys, like Tink's
// insecurecleartextkeyset: whoever reads what these functions write can
// compute every pseudonym, open every token or decrypt every FPE value.
// Use it in tests and demos, and for a local key-encryption key where no
// KMS is available (protect that file like the keys it wraps). In
// production, keysets are stored encrypted under a KMS key
// ([pseudo.ReadKeyset], [pseudo.Keyset.Write]).
package insecurekeyset

import (
	"fmt"
	"io"

	"github.com/deidkit/deidkit/pseudo"
	"github.com/deidkit/deidkit/pseudo/internal/keyio"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// ReadKeyset reads a pseudonym keyset stored as cleartext Tink JSON. It
// checks the keys as [pseudo.ReadKeyset] does.
func ReadKeyset(r io.Reader) (*pseudo.Keyset, error) {
	return read(r, pseudo.NewKeysetFromHandle)
}

// WriteKeyset writes ks as cleartext Tink JSON.
func WriteKeyset(w io.Writer, ks *pseudo.Keyset) error {
	if ks == nil {
		return fmt.Errorf("%w: nil keyset", pseudo.ErrKeyset)
	}
	if ks.Handle() == nil { // only constructors set it
		return fmt.Errorf("%w: Keyset{}", pseudo.ErrZeroValue)
	}
	return keyio.WriteCleartext(ks.Handle(), w)
}

// ReadTokenKeyset reads a token keyset stored as cleartext Tink JSON.
func ReadTokenKeyset(r io.Reader) (*pseudo.TokenKeyset, error) {
	return read(r, pseudo.NewTokenKeysetFromHandle)
}

// WriteTokenKeyset writes ks as cleartext Tink JSON.
func WriteTokenKeyset(w io.Writer, ks *pseudo.TokenKeyset) error {
	if ks == nil {
		return fmt.Errorf("%w: nil keyset", pseudo.ErrKeyset)
	}
	if ks.Handle() == nil {
		return fmt.Errorf("%w: TokenKeyset{}", pseudo.ErrZeroValue)
	}
	return keyio.WriteCleartext(ks.Handle(), w)
}

// read reads a cleartext keyset, checked, and makes a T of it.
func read[T any](r io.Reader, wrap func(*keyset.Handle) (T, error)) (T, error) {
	h, err := keyio.ReadCleartext(r)
	if err != nil {
		var zero T
		return zero, err
	}
	return wrap(h)
}

// DomainKey returns the derived pseudonym key of domain under key keyID of
// ks, for systems that must compute the same pseudonyms without package
// pseudo (a SQL job, the hand-written baseline of the benchmarks): the
// pseudonym of id is the first Bits/8 bytes of HMAC-SHA256(key, id),
// encoded, after the key-version prefix when [pseudo.WithKeyVersion] is
// set. Whoever holds it can pseudonymize any guessed identifier in the
// domain; treat it as the master key.
func DomainKey(ks *pseudo.Keyset, domain string, keyID uint32) ([]byte, error) {
	if ks == nil {
		return nil, fmt.Errorf("%w: nil keyset", pseudo.ErrKeyset)
	}
	if ks.Handle() == nil {
		return nil, fmt.Errorf("%w: Keyset{}", pseudo.ErrZeroValue)
	}
	set, err := prf.NewPRFSet(ks.Handle())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", pseudo.ErrKeyset, err)
	}
	return keyio.Derive(set, keyID, keyio.PurposePseudonym, domain)
}

// NewKEK generates a key-encryption key (a Tink AEAD keyset of one
// AES-256-GCM key), writes it to w as cleartext Tink JSON and returns it:
// the local stand-in for a KMS key, under which [pseudo.Keyset.Write] and
// [pseudo.TokenKeyset.Write] encrypt keysets.
func NewKEK(w io.Writer) (tink.AEAD, error) {
	h, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("%w: generate key-encryption key: %w", pseudo.ErrKeyset, err)
	}
	if err := keyio.WriteCleartext(h, w); err != nil {
		return nil, err
	}
	return newAEAD(h)
}

// ReadKEK reads a key-encryption key written by [NewKEK] (or any cleartext
// Tink AEAD keyset, such as one made by tinkey create-keyset --key-template
// AES256_GCM) for [pseudo.ReadKeyset] and [pseudo.ReadTokenKeyset].
func ReadKEK(r io.Reader) (tink.AEAD, error) {
	return read(r, newAEAD)
}

func newAEAD(h *keyset.Handle) (tink.AEAD, error) {
	a, err := aead.New(h)
	if err != nil {
		return nil, fmt.Errorf("%w: not an AEAD keyset; a key-encryption key is a Tink AEAD keyset such as AES256_GCM", pseudo.ErrUnsupportedKey)
	}
	return a, nil
}
