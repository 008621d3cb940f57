// Package ff1 implements FF1, the format-preserving encryption mode of
// NIST SP 800-38G Rev. 1, over AES.
//
// # What it is for
//
// FF1 encrypts a string of numerals (digits in some radix) to another
// string of the same length and radix: a 16-digit card number encrypts to
// 16 digits, a 10-character lower-case alphanumeric ID to 10 lower-case
// alphanumeric characters. It serves fields that must keep their format
// through systems that validate it (column types, lengths, check patterns)
// yet must not show the original value, and that an authorized holder of
// the key must be able to reverse.
//
// A Cipher works on numerals ([]uint16 in [0, radix), radix 2 to 65536). An
// Alphabet maps characters to numerals (Digits, LowerAlphanumeric, or any
// set of distinct characters), and a StringCipher encrypts text of an
// alphabet directly.
//
// A tweak is public, non-secret input that changes the permutation: the
// same value under different tweaks encrypts to unrelated outputs. Use it to
// bind a ciphertext to its context (the field name, the recipient), so that
// equal values in different contexts cannot be linked.
//
// # Limits
//
// FF1 is deterministic: under one key and tweak, equal plaintexts give equal
// ciphertexts, so it reveals which records share a value, and it offers
// no integrity (any string of the right length and alphabet decrypts to
// something). Its security also shrinks with the domain: when radix^length
// is small, anyone able to submit values for encryption can tabulate the
// whole permutation. The revised standard therefore requires a domain of at
// least MinDomain (1,000,000) values; shorter inputs are rejected with
// ErrDomainTooSmall (at radix 10, 6 digits is the minimum). Even
// above that bound, a domain of a few million values is weak against an
// attacker who can observe many ciphertexts: prefer long fields, and
// tweaks that separate contexts.
//
// This implementation accepts inputs of up to MaxLength numerals and tweaks
// of up to MaxTweakLength bytes. Inputs whose halves fit in 64 bits (up to
// 38 decimal digits) take an allocation-free path; longer ones use
// math/big.
//
// Errors wrap the sentinel errors of this package and carry lengths and
// positions, never the input, and keys never appear in fmt output.
package ff1
