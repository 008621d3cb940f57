package fieldname

import "testing"

// TestLooksLikeDataNewKinds: names holding the identifiers the detectors
// learnt (labelled numbers, coordinates, SSNs of nine digits, dates
// without a year) look like data; a key named with an '@' and a month
// with its year (a table by month) are names.
func TestLooksLikeDataNewKinds(t *testing.T) {
	sc := NewValueScrubber()
	for name, want := range map[string]bool{
		"MRN 00482193":         true,
		"48.8566, 2.3522":      true,
		"482913507":            true,
		"Mar 4":                true,
		"4 mars 1950":          true,
		"contacts.482 91 3507": true,
		"@timestamp":           false,
		"@context":             false,
		"March 2024":           false,
		"heart_rate":           false,
		"Heart Rate":           false,
		"visits.2024-03-05":    true,
		"the march 5 times":    false,
	} {
		if _, got := LooksLikeData(sc, name); got != want {
			t.Errorf("LooksLikeData(%q) = %v, want %v", name, got, want)
		}
	}
}
