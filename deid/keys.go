package deid

import "github.com/deidkit/deidkit/pseudo"

// Keys are the keysets of the keyed actions: pseudonymize, fpe, date_shift
// and scrub with pseudonyms derive a key per domain from Pseudonyms;
// tokenize seals with Tokens. A policy without keyed actions needs
// neither.
//
// A keyed rule uses its keyset's primary key, so rotating Pseudonyms
// ([pseudo.Keyset.Rotate], or SetPrimary) changes the output of every rule
// that derives from it and names no key:
//
//   - pseudonyms (and their key_version prefix): a recipient's history no
//     longer joins new releases, unless it gets a map of old to new
//     pseudonyms ([pseudo.Remap]);
//   - FPE outputs: older ones decrypt only under the old key;
//   - date_shift offsets: a person's dates move by another offset, so one
//     event has another date in each release, and a recipient who links
//     a person across the rotation sees two shifts of the same dates,
//     which narrows the true ones;
//   - scrub's pseudonyms of the identifiers found in text.
//
// Rotating Tokens changes the tokens of new values; tokens sealed under an
// older key open while that key is enabled. No other action uses a key.
//
// A rule pins its key with key_id ("key_id": 123456789 in a policy,
// key_id=123456789 in a struct tag): it uses that key of its keyset,
// primary or not, and a rotation leaves its output as it was. Pin the
// rules of a recipient whose data must stay linkable (a running study),
// and move them to the new key deliberately, with a remap. For tokenize,
// key_id names a key of Tokens. A key_id that the keyset does not hold
// enabled (disabled or deleted since) is a policy error wrapping
// [pseudo.ErrUnknownKey], never a fall back to the primary key.
type Keys struct {
	Pseudonyms *pseudo.Keyset
	Tokens     *pseudo.TokenKeyset
}

// pinned returns the options that make the keyed action of r use the key
// its key_id names instead of its keyset's primary.
func (b *binding) pinned(r *Rule) []pseudo.Option {
	if r.KeyID == nil {
		return nil
	}
	return []pseudo.Option{pseudo.WithKeyID(*r.KeyID)}
}
