package scrub

import "testing"

// A pair of coordinates copied from a map with a space before a signed
// longitude is one match; two unsigned numbers after a space are not.
func TestCoordinatesSignedAfterSpace(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"negative longitude after a space", "at 40.7128 -74.0060 today", "at [COORDINATES] today"},
		{"plus sign", "48.8566 +2.3522", "[COORDINATES]"},
		// Near misses.
		{"two measurements", "0.1234 0.5678", "0.1234 0.5678"},
		{"few decimals", "40.71 -74.00", "40.71 -74.00"},
	})
}
