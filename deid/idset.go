package deid

import "fmt"

// An IDSet is a set of identifiers, such as the user IDs whose consent was
// withdrawn or whose accounts were deleted: records whose ID is in it are
// excluded from every export (see [Options.Exclude]).
type IDSet interface {
	Contains(id []byte) bool
	Len() int
}

// NewIDSet returns an IDSet of ids.
func NewIDSet(ids []string) IDSet {
	s := make(idSet, len(ids))
	for _, id := range ids {
		s[id] = struct{}{}
	}
	return s
}

type idSet map[string]struct{}

func (s idSet) Contains(id []byte) bool {
	_, ok := s[string(id)] // no allocation: the compiler looks up without copying
	return ok
}

func (s idSet) Len() int { return len(s) }

// An IDSet holds personal data: no fmt verb lists it.
func (s idSet) String() string { return "IDSet[redacted]" }

func (s idSet) GoString() string { return s.String() }

func (s idSet) Format(f fmt.State, _ rune) { fmt.Fprint(f, s.String()) }
