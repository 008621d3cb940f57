package pseudo

import "errors"

// Errors returned by this package. They are sentinels for errors.Is; the
// returned errors wrap them with context that never includes key material or
// the identifier being processed.
var (
	// ErrWeakKey reports a master key shorter than 128 bits.
	ErrWeakKey = errors.New("pseudo: key shorter than 128 bits")
	// ErrNoPrimaryKey reports a keyset without an enabled primary key.
	ErrNoPrimaryKey = errors.New("pseudo: keyset has no usable primary key")
	// ErrUnsupportedKey reports a key of a type this package cannot use.
	ErrUnsupportedKey = errors.New("pseudo: unsupported key type")
	// ErrUnknownKey reports a key ID that the keyset does not hold (or holds disabled).
	ErrUnknownKey = errors.New("pseudo: key ID not in keyset")
	// ErrInvalidDomain reports an empty or malformed domain or token context.
	ErrInvalidDomain = errors.New("pseudo: invalid domain")
	// ErrInvalidOption reports an option value out of range.
	ErrInvalidOption = errors.New("pseudo: invalid option")
	// ErrDomainMismatch reports an operation across two different domains,
	// which would link pseudonyms given to different recipients.
	ErrDomainMismatch = errors.New("pseudo: pseudonymizers belong to different domains")
	// ErrCollision reports two identifiers that received the same pseudonym.
	ErrCollision = errors.New("pseudo: pseudonym collision")
	// ErrInvalidToken reports a token that does not open under this
	// tokenizer: wrong key, wrong context, truncated or tampered. It never
	// says which.
	ErrInvalidToken = errors.New("pseudo: invalid token")
	// ErrKeyset reports a keyset that cannot be read, decrypted or written.
	ErrKeyset = errors.New("pseudo: keyset")
)
