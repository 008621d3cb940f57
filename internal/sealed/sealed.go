// Package sealed keeps values that must never print (keys, identifiers)
// out of reach of the fmt package, however the type holding them is
// printed.
//
// A type's Format or String method does not protect it everywhere: fmt
// cannot call the methods of a value held in another struct's unexported
// field, and prints that value's fields instead. It shows a pointer met
// there as an address, except under a verb such as %s or %q, for which it
// prints what the pointer points to. A value two pointers away from its
// holder is never printed: hold it in a [Ref].
package sealed

// A Ref holds a *T two pointers away. The zero Ref holds nil.
type Ref[T any] struct{ p **T }

// New returns a Ref holding v.
func New[T any](v *T) Ref[T] { return Ref[T]{&v} }

// Get returns the *T r holds, or nil.
func (r Ref[T]) Get() *T {
	if r.p == nil {
		return nil
	}
	return *r.p
}
