package testenv

import (
	"errors"
	"testing"
)

// Refuses fails t if call panics, or returns an error that is not want
// (errors.Is): for the checks that an API refuses what it cannot use (a
// nil or zero value) with an error a caller can test, never a panic.
func Refuses(t testing.TB, call func() error, want error) {
	t.Helper()
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panicked: %v", r)
			}
		}()
		err = call()
	}()
	if !errors.Is(err, want) {
		t.Errorf("got %v, want %v", err, want)
	}
}
