// Package keyio reads, writes, checks and derives from the Tink keysets of
// package pseudo. It is shared by pseudo and pseudo/insecurekeyset, so that
// the cleartext key I/O can live in its own package while every keyset,
// however read, passes the same checks.
package keyio
