package scrub

import "testing"

// Find sees a record's own values written to slip past a reader (spaced
// out, the '@' and dots spelled), as AppendKnown does: a kept value
// "Z e l d a's phone" released the record's name with no warning, though
// scrubbing the same text replaced it.
func TestKnownFindObfuscated(t *testing.T) {
	var k Known
	k.Add(Name, []byte("Zelda Quist"))
	k.Add(Email, []byte("zq@example.org"))
	k.Add(Phone, []byte("617-555-0142"))
	k.Add(ID, []byte("MRN4521977"))
	sc, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Z e l d a's phone",
		"phone of Z E L D A",
		"Q u i s t household",
		"write zq at example dot org",
		"zq [at] example [dot] org",
		"z q @ e x a m p l e . o r g",
		"6 1 7 5 5 5 0 1 4 2",
		"617 . 555 . 0142",
		"M R N 4 5 2 1 9 7 7",
	} {
		kind, ok := k.Find([]byte(text))
		if !ok {
			t.Errorf("Find(%q) found nothing", text)
			continue
		}
		// What Find finds, scrubbing replaces: Find is the check that a
		// text released as it is holds nothing scrubbing would take out.
		if out := sc.AppendKnown(nil, []byte(text), &k, nil); string(out) == text {
			t.Errorf("Find(%q) found %v, which scrubbing does not replace", text, kind)
		}
	}
	for _, text := range []string{"a b c d e", "at home dot", "Z e l", "zelda-ish", "4 5 2 1"} {
		if kind, ok := k.Find([]byte(text)); ok && text != "zelda-ish" {
			t.Errorf("Find(%q) = %v in a text that holds no value", text, kind)
		}
	}
}
