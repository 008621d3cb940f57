package idnorm

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// TestFoldedNeverMissesAFold checks the shortcut in front of Fold: an ID
// that Folded passes must be one that Fold leaves as it is, or two
// spellings of one person could be counted apart.
func TestFoldedNeverMissesAFold(t *testing.T) {
	alphabet := []rune("0123456789+-abcxyzABCXYZ \u00e9\u0301\uff50\uff10\u0430\u0391\u00ad")
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 5000
	props := gopter.NewProperties(params)
	props.Property("Folded(id) implies Fold(id) == id", prop.ForAll(
		func(picks []int) bool {
			rs := make([]rune, len(picks))
			for i, p := range picks {
				rs[i] = alphabet[p]
			}
			id := []byte(string(rs))
			return !Folded(id) || string(Fold(nil, id)) == string(id)
		},
		gen.SliceOf(gen.IntRange(0, len(alphabet)-1)),
	))
	props.TestingRun(t)

	for _, tc := range []struct {
		id     string
		folded bool
	}{
		{"u-1", true}, {"3f9a0c", true}, {"U-1", false}, {"007", false}, {"+12", false},
		{"0", true}, {"\uff55-1", false}, {"jos\u00e9", false},
	} {
		if got := Folded([]byte(tc.id)); got != tc.folded {
			t.Errorf("Folded(%q) = %v, want %v", tc.id, got, tc.folded)
		}
	}
}
