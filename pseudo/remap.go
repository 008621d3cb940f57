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
// Two identifiers with the same old pseudonym, or the same new one, are
// reported as ErrCollision: the map could not say which new pseudonym is
// right, or would merge two people.
func Remap(from, to *Pseudonymizer, ids iter.Seq[string]) (map[string]string, error) {
	if from.domain != to.domain {
		return nil, ErrDomainMismatch
	}
	m := make(map[string]string)
	used := make(map[string]bool) // new pseudonyms given out
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
		if used[string(newBuf)] {
			return nil, fmt.Errorf("%w: two identifiers share the new pseudonym", ErrCollision)
		}
		used[string(newBuf)] = true
		m[string(oldBuf)] = string(newBuf)
	}
	return m, nil
}
