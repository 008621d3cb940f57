package idnorm

import "testing"

// Middle dots, bullets and the braille blank separate a number's groups
// as '.', '.' and ' ' do: a phone number written with them reads as the
// plain one.
func TestReadAsDotsAndBlanks(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"555\u2027201\u20273344", "555.201.3344"},
		{"555\u2022201\u20223344", "555.201.3344"},
		{"555\u30fb201\u30fb3344", "555.201.3344"},
		{"555\u0387201\u03873344", "555.201.3344"},
		{"555\u2800201\u28003344", "555 201 3344"},
		{"u\u3164-42", "u-42"}, // a Hangul filler shows nothing
	} {
		var got []rune
		for _, r := range c.in {
			read, many := ReadAs(r)
			switch {
			case many != "":
				got = append(got, []rune(many)...)
			case read >= 0:
				got = append(got, read)
			}
		}
		if string(got) != c.want {
			t.Errorf("ReadAs over %q = %q, want %q", c.in, string(got), c.want)
		}
	}
}
