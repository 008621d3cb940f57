package keyio

import "errors"

// The sentinels of key handling. Package pseudo re-exports them under the
// same names; their text speaks of pseudo because that is where callers
// meet them.
var (
	ErrWeakKey        = errors.New("pseudo: key shorter than 128 bits; generate keys with pseudo.NewKeyset or tinkey's HMAC_SHA256_PRF template")
	ErrNoPrimaryKey   = errors.New("pseudo: keyset has no enabled primary key; promote one with Keyset.SetPrimary or tinkey promote-key")
	ErrUnsupportedKey = errors.New("pseudo: unsupported key type")
	ErrUnknownKey     = errors.New("pseudo: key ID not among the keyset's enabled keys (see Keyset.KeyIDs)")
	ErrInvalidDomain  = errors.New("pseudo: invalid domain")
	ErrKeyset         = errors.New("pseudo: keyset")
)
