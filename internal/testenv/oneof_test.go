package testenv

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
)

// TestOneOfSlicesNotDiscarded fails with gen.OneGenOf in place of OneOf:
// most slices of mixed strings are then discarded.
func TestOneOfSlicesNotDiscarded(t *testing.T) {
	g := gen.SliceOfN(8, OneOf(gen.AnyString(), gen.Identifier(), gen.NumString()))
	p := gopter.DefaultGenParameters()
	discarded := 0
	for range 200 {
		if _, ok := g(p).Retrieve(); !ok {
			discarded++
		}
	}
	if discarded != 0 {
		t.Fatalf("%d of 200 slices discarded", discarded)
	}
}
