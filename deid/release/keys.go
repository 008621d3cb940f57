package release

import "github.com/deidkit/deidkit/deid"

// KeyIDs identify the keys of a release's keyed actions by their Tink key
// IDs, so that a reviewer can tell which keys made the pseudonyms and
// tokens, and a later release whether it used the same ones. An ID says
// nothing about a key's material.
type KeyIDs struct {
	// Pseudonyms are the IDs of the enabled keys of the pseudonym keyset;
	// PseudonymPrimary, one of them, makes the pseudonyms (and the
	// format-preserving encryption and date-shift keys).
	PseudonymPrimary uint32   `json:"pseudonym_primary,omitempty"`
	Pseudonyms       []uint32 `json:"pseudonym_keys,omitempty"`
	// TokenPrimary seals reversible tokens.
	TokenPrimary uint32 `json:"token_primary,omitempty"`
}

// keyIDs returns the IDs of keys, nil without keys.
func keyIDs(keys deid.Keys) *KeyIDs {
	if keys.Pseudonyms == nil && keys.Tokens == nil {
		return nil
	}
	ids := &KeyIDs{}
	if ks := keys.Pseudonyms; ks != nil {
		ids.PseudonymPrimary, ids.Pseudonyms = ks.PrimaryKeyID(), ks.KeyIDs()
	}
	if ks := keys.Tokens; ks != nil {
		ids.TokenPrimary = ks.PrimaryKeyID()
	}
	return ids
}
