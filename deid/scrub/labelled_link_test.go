package scrub

import "testing"

// A label joined to its number by '=' (a key=value log, a query string)
// announces it as a ':' does; "MR#" is the medical record's label too.
func TestLabelledNumberLinks(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"MRN=", "MRN=12345678", "MRN=[NUMBER]"},
		{"id=", "user id=12345678 ok", "user id=[NUMBER] ok"},
		{"account =", "account = 99812", "account = [NUMBER]"},
		{"MR#", "MR# 12345678", "MR# [NUMBER]"},
		// Near misses: Mister, an equation, a weak label without a link.
		{"Mr.", "Mr. 5 steps", "Mr. 5 steps"},
		{"x=", "x=12345678", "x=12345678"},
		{"record =", "record 5 = 5", "record 5 = 5"},
	})
}
