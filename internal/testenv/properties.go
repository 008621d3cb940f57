package testenv

import (
	"testing"

	"github.com/leanovate/gopter"
)

// Properties returns gopter properties that each need n successful tests,
// a fifth of them (at least one) with go test -short.
func Properties(n int) *gopter.Properties {
	params := gopter.DefaultTestParameters()
	if testing.Short() {
		n = max(1, n/5)
	}
	params.MinSuccessfulTests = n
	return gopter.NewProperties(params)
}

// ForRace returns n, or a fifth of it (at least one) under the race
// detector: for the sizes of tests that explore an input space, which the
// race detector slows down without checking anything more.
func ForRace(n int) int {
	if Race {
		return max(1, n/5)
	}
	return n
}
