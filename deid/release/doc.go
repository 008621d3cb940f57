// Package release makes research releases: a field policy, then
// k-anonymity of the quasi-identifiers, verified before anything is
// written.
package release
