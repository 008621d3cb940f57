package scrub

import "testing"

// A telephone number in a national format, after its label, is matched
// whatever its grouping; the label alone or a count after it is not.
func TestLabelledPhone(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"German", "tel 030 12345678", "tel [NUMBER]"},
		{"international without plus", "phone: 0049 30 12345678", "phone: [NUMBER]"},
		{"UK mobile", "mobile 07700 900123 ok", "mobile [NUMBER] ok"},
		{"pairs", "phone: 415 555 26 71", "phone: [NUMBER]"},
		{"fax", "Fax: 01 23 45 67 89", "Fax: [NUMBER]"},
		{"cell with a connector", "cell #: 0612345678", "cell #: [NUMBER]"},
		// Near misses.
		{"a count after cell", "cell 4000 per uL", "cell 4000 per uL"},
		{"phone battery", "phone battery 85%", "phone battery 85%"},
		{"twice", "phone 2 times", "phone 2 times"},
		{"a word after digits", "device: Pixel 7 2024", "device: Pixel 7 2024"},
	})
}
