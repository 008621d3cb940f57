package deid

import "testing"

// The near matches that idnorm.Fold reading IDs as they read adds: other
// dashes, digits of other scripts, spaces of other widths, and capitals
// whose small letter is a look-alike, which took two folds before (so
// that an exclusion list, the stage and kanon could tell one person
// apart under them). Either way round, they are near matches: neither
// excluded nor released.
func TestNearMatchesReadAsRead(t *testing.T) {
	for _, tc := range []struct{ listed, input string }{
		{"u-42", "u\u201042"},
		{"u-42", "U\u221242"},
		{"u-42", "u-\u0664\u0662"},
		{"4821", "\u096a\u096e\u0968\u0967"},
		{"12", "+\u0661\u0662"},
		{"ann lee", "ann\u00a0lee"},
		{"vx-1", "\u0474x-1"},
		{"\u0474x-1", "vx-1"},
		{"o'neil", "o\u2019neil"},
	} {
		for _, way := range [][2]string{{tc.listed, tc.input}, {tc.input, tc.listed}} {
			s := NewIDSet([]string{way[0]})
			if s.Contains([]byte(way[1])) {
				t.Errorf("%q listed: %q is the same ID", way[0], way[1])
				continue
			}
			if !nearMatch(s, []byte(way[1])) {
				t.Errorf("%q listed: %q is no near match", way[0], way[1])
			}
		}
	}
}
