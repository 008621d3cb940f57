package pseudo

import (
	"errors"
	"fmt"
)

// ErrZeroValue reports a value of this package's types that its
// constructor did not make (a composite literal such as Keyset{} or
// Pseudonymizer{}): it holds no key, and cannot be used.
var ErrZeroValue = errors.New("pseudo: zero value: make it with its constructor (NewKeyset, New, NewTokenizer...)")

// made reports whether a constructor made the value that embeds r: every
// constructor names it.
func (r redacted) made() bool { return r.name != "" }

// zero returns an error if v, of type what, is a zero value: every
// exported function and method that takes one, or is called on one, checks
// before using it (after any check for nil).
func zero(v interface{ made() bool }, what string) error {
	if !v.made() {
		return fmt.Errorf("%w: %s{}", ErrZeroValue, what)
	}
	return nil
}
