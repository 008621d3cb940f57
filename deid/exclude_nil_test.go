package deid_test

import (
	"errors"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A caller that lost its exclusion list gets an error, not a panic and
// not a record released as if nobody were listed.
func TestExcludedWithoutAList(t *testing.T) {
	for _, id := range []string{"u-1", "", "  "} {
		ex, err := deid.Excluded(nil, []byte(id))
		if ex || !errors.Is(err, deid.ErrNoIDSet) {
			t.Errorf("Excluded(nil, %q) = %v, %v; want false, ErrNoIDSet", id, ex, err)
		}
	}
}
