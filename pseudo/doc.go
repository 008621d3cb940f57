// Package pseudo makes keyed pseudonyms, reversible tokens and
// format-preserving encryptions of identifiers, with keys managed by Tink.
//
// # Model
//
// A [Keyset] holds master keys (a Tink keyset of PRF keys, stored encrypted
// under a key-encryption key such as a KMS key). A master key is never used
// directly: for every domain (a recipient or purpose such as "ai-engine",
// "research/partner-x" or "fraud") a 256-bit domain key is derived from it
// with Tink's PRF, once, when a [Pseudonymizer] is made with [New]. The
// pseudonym of an identifier is HMAC-SHA256(domain key, identifier),
// truncated (128 bits by default, 64 at least) and encoded as hex, base32
// or base64url, optionally prefixed with the ID of the master key.
//
// The per-record path ([Pseudonymizer.Append]) computes that HMAC from
// precomputed inner and outer pad states: two SHA-256 compressions, no
// allocation, safe for concurrent use. A [Memo] in front of it (one per
// goroutine) answers for identifiers seen recently, which in a measurement
// export is most of them.
//
// # Threat model
//
// Why keyed. User IDs, e-mail addresses and phone numbers have little
// entropy: anyone holding a plain hash (SHA-256 of an e-mail address) can
// hash every candidate and read the identifiers back by dictionary. With a
// keyed HMAC the recipient cannot compute a single pseudonym without the
// key, so the dictionary attack needs the key, which never leaves the
// exporting party. This package offers no unkeyed hash.
//
// Why per domain. If two recipients received the same pseudonym for a user,
// they could join their data sets on it, and whatever one of them learns
// about a person (a name from a support ticket, an address) would attach to
// the other's records too. Each domain has its own derived key, so the
// pseudonyms of one user in different domains are unrelated; [Remap]
// refuses to map between domains.
//
// Collisions. Pseudonyms are truncated MACs: among n distinct identifiers,
// the chance that any two share a b-bit pseudonym is at most n(n-1)/2^(b+1).
// At the default 128 bits that is below 2^-67 for a billion users
// (about 1.5e-21); at the 64-bit minimum it is about 3e-8 for a million
// users but 3% for a billion, hence the minimum and the default.
//
// Rotation. [Keyset.Rotate] (or [Keyset.AddKey] then [Keyset.SetPrimary])
// adds a master key and makes it primary: new pseudonyms change for every
// identifier, so a recipient's history no longer links to new exports
// unless it is given the map from old to new pseudonyms ([Remap], computed
// by the exporter from the identifiers it holds). Older keys stay in the
// keyset, so old pseudonyms remain computable ([WithKeyID]) until the key
// is removed; with [WithKeyVersion] a pseudonym says which key made it
// ([ParseKeyVersion]). Rotate when a key may have leaked, or to cut the
// linkability of a recipient's past and future data.
//
// Reversibility. Pseudonyms cannot be reversed, even by the key holder,
// except by recomputing candidates. When a partner doctor must be able to
// reach a patient again, use a [Tokenizer]: a deterministic AEAD (AES-SIV)
// token bound to a context ("cardio-check-up/partner-x") that only the
// holder of the [TokenKeyset] can open. That keyset is the re-identification
// capability itself: keep it apart from the pseudonym keyset, with the
// authorized party (never with the token's recipient), and treat every
// Open as a disclosure to audit. Tokens are deterministic, so equal
// identifiers give equal tokens within a context; they reveal the length of
// the identifier. [FPE] (FF1) is reversible encryption too, for fields that
// must keep their format, with the same caveats and a minimum domain of
// 1,000,000 values.
//
// Key hygiene. No type of this package prints key material: every fmt verb,
// errors and panics show a redacted placeholder. Cleartext keysets are read
// and written only by functions named Insecure, meant for tests and demos.
// Errors never contain the identifier being processed.
package pseudo
