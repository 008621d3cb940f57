package scrub

import "testing"

// Three, two and four digits, or three, three and four, read as an SSN or
// a telephone number whichever separator joins them, used consistently.
func TestGroupSeparators(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"SSN with dots", "ssn 123.45.6789 on file", "ssn [SSN] on file"},
		{"SSN with slashes after a cue", "ssn 123/45/6789", "ssn [SSN]"},
		{"SSN with slashes", "123/45/6789", "[SSN]"},
		{"SSN with underscores", "x 123_45_6789 y", "x [SSN] y"},
		{"phone with slashes", "tel 415/555/2671", "tel [PHONE]"},
		{"phone with underscores", "415_555_2671", "[PHONE]"},
		{"phone with area code in parentheses, slash", "(415) 555/2671", "[PHONE]"},
		// Near misses: mixed separators, dates, ratios, versions.
		{"mixed SSN separators", "123.45-6789", "123.45-6789"},
		{"a date", "12/25/2020", "[DATE]"},
		{"blood pressure", "120/80", "120/80"},
		{"a version", "v1.2.3", "v1.2.3"},
		{"mixed phone separators", "415/555-2671", "415/555-2671"},
	})
}
