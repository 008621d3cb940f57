package scrub

import "testing"

// Ages over 89 are identifiers under Safe Harbor (category C, with dates),
// in free text as in a column: "a 95-year-old man" went out of a scrubbed
// note as written. Younger ages and numbers no age word announces stay.
func TestAgesOver89(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"a 95-year-old man", "a [DATE] man"},
		{"she is 97 years old today", "she is [DATE] today"},
		{"Aged 93, lives alone", "Aged [DATE], lives alone"},
		{"age: 101", "age: [DATE]"},
		{"AGE 90", "AGE [DATE]"},
		{"pt 92 y/o F", "pt [DATE] F"},
		{"pt 92yo F", "pt [DATE] F"},
		{"at the age of 104.", "at the age of [DATE]."},
		{"91 years of age", "[DATE]"},
		{"150 years", "[DATE]"},
		// Left alone: 89 and under, above 150, no age word, other words.
		{"an 89-year-old man", "an 89-year-old man"},
		{"aged 45", "aged 45"},
		{"151 years", "151 years"},
		{"weight 95 kg", "weight 95 kg"},
		{"page 95", "page 95"},
		{"age 95.5 kg", "age 95.5 kg"},
		{"95 yards", "95 yards"},
		{"room 95", "room 95"},
	} {
		if got := s.Scrub(tc.in); got != tc.want {
			t.Errorf("Scrub(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// Scrubbing the output again finds nothing new.
		if again := s.Scrub(s.Scrub(tc.in)); again != s.Scrub(tc.in) {
			t.Errorf("Scrub(%q) twice = %q", tc.in, again)
		}
	}
	// Only with the Date kind.
	noDates, err := New(WithKinds(Email))
	if err != nil {
		t.Fatal(err)
	}
	if got := noDates.Scrub("a 95-year-old"); got != "a 95-year-old" {
		t.Errorf("without Date: %q", got)
	}
}
