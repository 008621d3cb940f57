package fieldname

import (
	"slices"
	"testing"
)

func TestLooksLikeData(t *testing.T) {
	sc := NewValueScrubber()
	for _, tc := range []struct {
		name string
		data bool
	}{
		{"user_id", false},
		{"date_of_birth", false},
		{"readings[].heart_rate", false},
		{"a", false},
		{"jane.doe@example.com", true},
		{"1954-03-02", true},
		{"02139", true},
		{"12345678", true},
		{"+1 617 555 0100", true},
		{"10.0.0.1", true},
		{"users.12345678.email", true},
	} {
		what, ok := LooksLikeData(sc, tc.name)
		if ok != tc.data {
			t.Errorf("LooksLikeData(%q) = %q, %v; want %v", tc.name, what, ok, tc.data)
		}
	}
}

func TestClosest(t *testing.T) {
	header := []string{"a", "b", "c", "d", "e", "f", "g", "h", "birth_year", "Sex", "zip_code"}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"birth-year", []string{"birth_year"}},
		{"sex", []string{"Sex"}},
		{"zip", []string{"zip_code"}},
		// One-letter names are inside every word: they are near only by
		// their edit distance.
		{"diagnosis", nil},
	} {
		if got := Closest(tc.name, header, 3); !slices.Equal(got, tc.want) {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
