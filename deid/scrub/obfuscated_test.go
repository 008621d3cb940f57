package scrub

import "testing"

// TestObfuscated checks identifiers written to slip past a reader or a
// filter: spaced out, with the '@' and the dots spelled, in the forms
// people use to hide an address from a harvester. Each is scrubbed whole,
// and the sentences around such spellings are left alone.
func TestObfuscated(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"spaced letters", "mail j o h n @ e x a m p l e . c o m now", "mail [EMAIL] now"},
		{"spaced at and dot", "mail john @ example . com now", "mail [EMAIL] now"},
		{"at and dot words", "mail john at example dot com now", "mail [EMAIL] now"},
		{"at and dot upper case", "mail JOHN AT EXAMPLE DOT COM", "mail [EMAIL]"},
		{"bracketed", "mail john [at] example [dot] com now", "mail [EMAIL] now"},
		{"parenthesized, no blanks", "mail john(at)example(dot)com now", "mail [EMAIL] now"},
		{"braces", "john {at} mail {dot} example {dot} org", "[EMAIL]"},
		{"at word, real dot", "write to jane.doe at example.org today", "write to [EMAIL] today"},
		{"at word, country domain", "write to jane at clinic.de", "write to [EMAIL]"},
		{"spaced dots phone", "call 555 . 123 . 4567 now", "call [PHONE] now"},
		{"spaced hyphens phone", "call (415) 555 - 0143 now", "call [PHONE] now"},
		{"spaced digits phone", "call 4 1 5 5 5 5 2 6 7 1 now", "call [PHONE] now"},
		{"spaced SSN", "ssn 1 2 3 - 4 5 - 6 7 8 9 now", "ssn [SSN] now"},
		{"spaced hyphens SSN", "ssn 123 - 45 - 6789 now", "ssn [SSN] now"},
		{"spaced IP", "from 203 . 0 . 113 . 41 now", "from [IP] now"},
		{"tabs", "john\t@\texample\t.\tcom", "[EMAIL]"},
		{"defanged dot", "john@example[.]com", "[EMAIL]"},
		{"defanged at and dot", "john[@]example(.)com", "[EMAIL]"},
		{"defanged IP", "from 203[.]0[.]113[.]41", "from [IP]"},

		{"at a place", "seen at home. Then left", "seen at home. Then left"},
		{"at an address", "seen at 12 main street", "seen at 12 main street"},
		{"at a sentence end", "we met at noon.Then", "we met at noon.Then"},
		{"a mention is a handle", "thanks @bob.smith for it", "thanks [HANDLE] for it"},
		{"www alone", "the www. prefix", "the www. prefix"},
		{"polka dot", "a polka dot dress", "a polka dot dress"},
		{"a list", "grades a b c d", "grades a b c d"},
		{"a range", "from 5 - 10 mg", "from 5 - 10 mg"},
		{"a sum", "120 / 80 mmHg", "120 / 80 mmHg"},
	})
}

// TestObfuscatedMatchesCover checks that Matches reports the spans Scrub
// replaces, in the text's offsets, and that scrubbing the output again
// changes nothing.
func TestObfuscatedMatchesCover(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	in := "a: j o h n @ e x a m p l e . c o m, b: 555 . 234 . 4567, c: x(at)y(dot)org."
	var got []string
	for m := range s.Matches([]byte(in)) {
		got = append(got, m.Kind.String()+":"+in[m.Start:m.End])
	}
	want := []string{"email:j o h n @ e x a m p l e . c o m", "phone:555 . 234 . 4567", "email:x(at)y(dot)org"}
	if len(got) != len(want) {
		t.Fatalf("matches %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("match %d: %q, want %q", i, got[i], want[i])
		}
	}
	once := s.Scrub(in)
	if twice := s.Scrub(once); twice != once {
		t.Errorf("scrubbing again changed %q to %q", once, twice)
	}
}

// TestObfuscatedKnown checks that a record's own values are found spaced
// out too.
func TestObfuscatedKnown(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var k Known
	k.Add(Name, []byte("Zelda"))
	k.Add(ID, []byte("u-7f3a01"))
	got := string(s.AppendKnown(nil, []byte("seen by Z e l d a today, id u - 7 f 3 a 0 1"), &k, nil))
	if want := "seen by [NAME] today, id [ID]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// An address spelled out whose first part is the record's own name is an
// address, whole: reading the name as a name first left the rest of the
// address ("at example dot com") in the text.
func TestObfuscatedAddressOfAKnownName(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var k Known
	k.Add(Name, []byte("Zelda"))
	for in, want := range map[string]string{
		"zelda at example dot com":              "[EMAIL]",
		"write to Zelda [at] example [dot] com": "write to [EMAIL]",
		"z e l d a @ e x a m p l e . c o m":     "[EMAIL]",
		"seen zelda at home today":              "seen [NAME] at home today",
	} {
		if got := string(s.AppendKnown(nil, []byte(in), &k, nil)); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
