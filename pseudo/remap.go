package pseudo

import (
	"fmt"
	"iter"
)

// Remap returns, for each identifier in ids, the pseudonym from makes
// (the old one) mapped to the pseudonym to makes (the new one): the table a
// recipient needs to carry its data across a key rotation without ever
// seeing the identifiers. Both must belong to the same domain; mapping
// across domains would link what different recipients hold.
//
// Two identifiers with the same old pseudonym are reported as ErrCollision,
// since the map could not say which new pseudonym is right.
func Remap(from, to *Pseudonymizer, ids iter.Seq[string]) (map[string]string, error) {
	if from.domain != to.domain {
		return nil, ErrDomainMismatch
	}
	m := make(map[string]string)
	newBuf := make([]byte, 0, to.Len())
	oldBuf := make([]byte, 0, from.Len())
	for id := range ids {
		oldBuf = from.Append(oldBuf[:0], []byte(id))
		newBuf = to.Append(newBuf[:0], []byte(id))
		if prev, ok := m[string(oldBuf)]; ok {
			if prev != string(newBuf) {
				return nil, fmt.Errorf("%w: two identifiers share the old pseudonym", ErrCollision)
			}
			continue // the same identifier listed twice
		}
		m[string(oldBuf)] = string(newBuf)
	}
	return m, nil
}
