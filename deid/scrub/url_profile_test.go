package scrub

import "testing"

// A social network profile copied without its scheme is a URL that names
// a person.
func TestProfileURLWithoutScheme(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"twitter", "see twitter.com/annsmith daily", "see [URL] daily"},
		{"x", "x.com/annsmith", "[URL]"},
		{"instagram", "IG instagram.com/ann.smith_", "IG [URL]"},
		{"linkedin", "linkedin.com/in/ann-smith-123", "[URL]"},
		{"facebook", "(facebook.com/ann.smith)", "([URL])"},
		{"fb.me", "fb.me/annsmith.", "[URL]."},
		{"youtube", "youtube.com/@annsmith", "[URL]"},
		// Near misses: a host alone, a word that starts like a host.
		{"the host alone", "twitter.com is down", "twitter.com is down"},
		{"a word", "tiktok dance", "tiktok dance"},
		{"inside a word", "notx.com/abc", "notx.com/abc"},
	})
}
