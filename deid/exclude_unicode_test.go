package deid

import (
	"errors"
	"testing"
)

// An ID that matches a listed one but for how its letters are written in
// Unicode (an accent composed or combined, fullwidth letters, an invisible
// character inside it, a letter of another script drawn like a Latin one)
// is the listed person to whoever reads it. It was neither excluded nor
// held back: the record went out. It is now a near match, neither
// excluded nor released, as one differing in case is.
func TestExclusionNearMatchUnicode(t *testing.T) {
	for _, tc := range []struct{ listed, in string }{
		{"zo\u00eb@example.com", "zoe\u0308@example.com"},   // composed listed, combined in the input
		{"zoe\u0308@example.com", "zo\u00eb@example.com"},   // and the other way round
		{"zelda@example.com", "\uff5aelda@example.com"},     // a fullwidth z
		{"zelda@example.com", "zel\u200bda@example.com"},    // a zero-width space inside
		{"zelda@example.com", "zel\u00adda@example.com"},    // a soft hyphen inside
		{"zelda@example.com", "z\u0435lda@example.com"},     // a Cyrillic e
		{"u-4521", "u-\uff14\uff15\uff12\uff11"},            // fullwidth digits
		{"\u00dcnal@example.com", "U\u0308nal@example.com"}, // a capital, combined
	} {
		set := NewIDSet([]string{tc.listed})
		ok, err := Excluded(set, []byte(tc.in))
		if ok || !errors.Is(err, ErrExclusionNearMatch) {
			t.Errorf("listed %+q, record %+q: excluded %v, %v; want a near match", tc.listed, tc.in, ok, err)
		}
	}
	// Other IDs stay other IDs.
	set := NewIDSet([]string{"zoe@example.com", "u-4521"})
	for _, id := range []string{"zoey@example.com", "u-4522", "\u4f50\u85e4", "zo@example.com"} {
		if ok, err := Excluded(set, []byte(id)); ok || err != nil {
			t.Errorf("%+q: %v, %v", id, ok, err)
		}
	}
}
