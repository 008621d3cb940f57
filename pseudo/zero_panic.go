package pseudo

import "fmt"

// The methods that return no error (Pseudonymizer.Append, Pseudonym and
// Uint64, Memo.Append: the hot path of every export) cannot refuse a zero
// value with ErrZeroValue as the others do, and returning something would
// release a record without its pseudonym. They panic instead, with an
// error that wraps ErrZeroValue and names the constructor, rather than
// with a nil dereference deep inside the MAC. A zero value is a
// programming error that the first call in any test shows.

// zeroPanic panics with ErrZeroValue for a zero value of type what, made
// by constructor.
func zeroPanic(what, constructor string) {
	panic(fmt.Errorf("%w: %s{} has no key; make it with %s", ErrZeroValue, what, constructor))
}

// The panics of each type are out of line and without arguments: the
// check of the hot path is one comparison and a call that never runs.
//
//go:noinline
func zeroPseudonymizer() { zeroPanic("Pseudonymizer", "pseudo.New") }

//go:noinline
func zeroMemo() { zeroPanic("Memo", "Pseudonymizer.NewMemo") }
