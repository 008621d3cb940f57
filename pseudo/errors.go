package pseudo

import (
	"errors"

	"github.com/deidkit/deidkit/pseudo/internal/keyio"
)

// Errors returned by this package. They are sentinels for errors.Is; the
// returned errors wrap them with context that never includes key material or
// the identifier being processed, and say what to do.
var (
	// ErrWeakKey reports a master key shorter than 128 bits.
	ErrWeakKey = keyio.ErrWeakKey
	// ErrNoPrimaryKey reports a keyset without an enabled primary key.
	ErrNoPrimaryKey = keyio.ErrNoPrimaryKey
	// ErrUnsupportedKey reports a key of a type this package cannot use:
	// pseudonym keysets hold HMAC or HKDF PRF keys, token keysets AES-SIV
	// keys.
	ErrUnsupportedKey = keyio.ErrUnsupportedKey
	// ErrUnknownKey reports a key ID that the keyset does not hold (or
	// holds disabled).
	ErrUnknownKey = keyio.ErrUnknownKey
	// ErrInvalidDomain reports an empty or malformed domain or token context.
	ErrInvalidDomain = keyio.ErrInvalidDomain
	// ErrKeyset reports a keyset that cannot be read, decrypted or written.
	ErrKeyset = keyio.ErrKeyset

	// ErrInvalidOption reports an option value out of range, or an option
	// given to a constructor it does not apply to.
	ErrInvalidOption = errors.New("pseudo: invalid option")
	// ErrDomainMismatch reports an operation across two different domains,
	// which would link pseudonyms given to different recipients.
	ErrDomainMismatch = errors.New("pseudo: pseudonymizers belong to different domains; remap only within one domain")
	// ErrEmptyID reports an identifier that is empty once normalized
	// (blank, or only quotes): it names nobody.
	ErrEmptyID = errors.New("pseudo: empty identifier")
	// ErrMalformedID reports an identifier that names no one for sure: a
	// control character or line break inside it (a CSV field that swallowed
	// the next record's ID), or a number in a spreadsheet's scientific
	// notation ("4.82913E+11", digits dropped). Package deid refuses the
	// same IDs before it pseudonymizes them.
	ErrMalformedID = errors.New("pseudo: malformed identifier")
	// ErrCollision reports two identifiers that received the same pseudonym.
	ErrCollision = errors.New("pseudo: pseudonym collision; use more bits (WithBits)")
	// ErrInvalidToken reports a token that does not open under this
	// tokenizer: wrong key, wrong context, truncated or tampered. It never
	// says which.
	ErrInvalidToken = errors.New("pseudo: invalid token; check the token keyset and the context it was sealed in")

	// ErrNotInAlphabet reports an FPE input character outside the alphabet
	// (and not passed through, see [WithPassThrough]). The error names the
	// alphabet and the character's position, never the character.
	ErrNotInAlphabet = errors.New("pseudo: character not in the FPE alphabet")
	// ErrDomainTooSmall reports an FPE input with fewer than 1,000,000
	// possible values (radix^length), which NIST SP 800-38G Rev. 1 forbids:
	// such a small domain can be tabulated by anyone who can submit values.
	ErrDomainTooSmall = errors.New("pseudo: FPE input too short: fewer than 1,000,000 possible values")
	// ErrTooLong reports an FPE input longer than FF1 accepts.
	ErrTooLong = errors.New("pseudo: FPE input too long")

	// ErrNoAudit refuses a reversal (opening a token, decrypting FPE,
	// remapping) by a transform configured with neither [WithAuditor] nor
	// [AllowUnauditedReversal].
	ErrNoAudit = errors.New("pseudo: reversal refused: no audit hook; configure one with WithAuditor, or opt out with AllowUnauditedReversal")
	// ErrNoAuditInfo refuses an audited reversal whose context does not say
	// who asks and why.
	ErrNoAuditInfo = errors.New("pseudo: reversal refused: the context does not say who and why; use pseudo.WithAuditInfo(ctx, who, why)")
	// ErrAuditFailed reports an audit hook that returned an error: the
	// reversal fails closed and returns nothing of its result.
	ErrAuditFailed = errors.New("pseudo: reversal refused: the audit hook failed, nothing was disclosed")
)
