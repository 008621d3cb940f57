// Package pseudo makes keyed pseudonyms, reversible tokens and
// format-preserving encryptions of identifiers, with keys managed by Tink,
// and audits every reversal.
//
// # Use
//
//	ks, err := pseudo.ReadKeyset(keysetFile, kek)  // Tink keyset encrypted under a KMS key
//	p, err := pseudo.New(ks, "research/partner-x") // one domain per recipient or purpose
//	buf = p.Append(buf[:0], userID)                // the pseudonym: no allocation
//
// The party allowed to re-identify opens tokens through an [Auditor]:
//
//	audit, err := pseudo.NewAuditor(pseudo.JSONAuditLog(logFile), auditKeys)
//	t, err := pseudo.NewTokenizer(tokenKeys, "cardio-check-up/partner-x", pseudo.WithAuditor(audit))
//	ctx = pseudo.WithAuditInfo(ctx, "dr.lee@partner-x", "recall: abnormal ECG, ticket 4711")
//	id, err := t.Open(ctx, token)                  // reported before it returns
//
// Cleartext key I/O (tests, demos, a local key-encryption key where no KMS
// is available) lives apart, in package insecurekeyset.
//
// # Model
//
// A [Keyset] holds master keys: a Tink keyset of PRF keys, stored encrypted
// under a key-encryption key. A master key is never used directly: for
// every domain ("ai-engine", "research/partner-x", "fraud") a 256-bit key
// is derived from it with Tink's PRF when a [Pseudonymizer] is made with
// [New]. The pseudonym of an identifier is HMAC-SHA256(domain key,
// identifier), truncated (128 bits by default, 64 at least) and encoded as
// hex, base32 or base64url, optionally prefixed with the ID of the master
// key ([WithKeyVersion]). [FPE] keys are derived the same way for another
// purpose, so the two never coincide.
//
// The per-record path ([Pseudonymizer.Append]) computes that HMAC from
// precomputed pad states: two SHA-256 compressions, no allocation, safe for
// concurrent use. A [Memo] in front of it (one per goroutine) answers for
// identifiers seen recently, which in a measurement export is most of them.
//
// # Threat model
//
// Why keyed. User IDs, e-mail addresses and phone numbers have little
// entropy: anyone holding a plain hash can hash every candidate and read
// the identifiers back by dictionary. Without the key, a recipient cannot
// compute a single pseudonym, and the key never leaves the exporting
// party. This package offers no unkeyed hash.
//
// Why per domain. If two recipients received the same pseudonym for a
// user, they could join their data sets on it. Each domain has its own
// derived key, so the pseudonyms of one user in different domains are
// unrelated; [Remap] refuses to map between domains.
//
// Collisions. Among n distinct identifiers, the chance that two share a
// b-bit pseudonym is at most n(n-1)/2^(b+1): below 2^-67 for a billion
// users at the default 128 bits; at the 64-bit minimum about 3e-8 for a
// million users but 3% for a billion.
//
// # Rotation
//
// [Keyset.Rotate] adds a master key and makes it primary ([Keyset.AddKey]
// then [Keyset.SetPrimary] do it in two steps). Everything derived from the
// primary key changes: pseudonyms, FPE outputs, and per-person values of
// [Pseudonymizer.Uint64]. In package deid that means the output of the
// pseudonymize, fpe and date_shift actions and of scrub's pseudonyms, which
// all derive from Keys.Pseudonyms: after a rotation, a person's dates shift
// by a different offset. A recipient's history no longer links to new exports unless it
// gets the map from old to new pseudonyms ([Remap]). Older keys stay in
// the keyset, so [WithKeyID] still computes old values, or pins a release
// to one key version while the keyset moves on, until the key is disabled
// or deleted. Rotate when a key may have leaked, or to cut the linkability
// of a recipient's past and future data.
//
// # Reversal and audit
//
// Pseudonyms cannot be reversed, even by the key holder, except by
// recomputing candidates. When a partner doctor must be able to reach a
// patient again, use a [Tokenizer]: a deterministic AES-SIV token bound to
// a context, which only the holder of the [TokenKeyset] can open. That
// keyset is the re-identification capability itself: keep it with the
// authorized party, never with the tokens' recipient. Equal identifiers
// give equal tokens within a context; tokens reveal the identifier's
// length. [FPE] (FF1) is reversible encryption for fields that must keep
// their format, with the same caveats and a minimum of 1,000,000 values.
//
// Each reversal ([Tokenizer.Open], [FPE.Decrypt], [Remap]) is a disclosure
// and is refused ([ErrNoAudit]) unless its transform was made with
// [WithAuditor] or, explicitly, [AllowUnauditedReversal]. An audited
// reversal needs who and why in its context ([WithAuditInfo]) and reports
// exactly one [AuditEvent] to the hook, success or not: who, why, the
// operation, domain, key ID, time and a keyed digest of the token,
// ciphertext or table, never the cleartext. A hook error fails the
// reversal closed ([ErrAuditFailed]); [JSONAuditLog] writes and syncs one
// JSON line per event.
//
// # Key hygiene
//
// No type of this package prints key material: every fmt verb, errors and
// panics show a redacted placeholder. Errors never contain the identifier
// being processed, and their sentinels say what to do.
package pseudo
