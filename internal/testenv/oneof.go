package testenv

import (
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
)

// OneOf is gen.OneGenOf for the elements of a slice. gopter's slice
// generators test every element with the sieve of the first element's
// generator, so a slice mixing generators whose sieves differ (gen.AnyString
// beside gen.NumString, which accepts digits only) is discarded whenever
// one element fails another generator's sieve: more than half of such
// slices, and a property that gives up after too many discards fails on an
// unlucky seed. Each value already holds its own generator's sieve, so the
// result has none.
func OneOf(gens ...gopter.Gen) gopter.Gen {
	return gen.OneGenOf(gens...).MapResult(func(r *gopter.GenResult) *gopter.GenResult {
		r.Sieve = nil
		return r
	})
}
