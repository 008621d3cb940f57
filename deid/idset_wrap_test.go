package deid_test

import (
	"errors"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// countingSet wraps the library's set, as a program that counts which
// listed IDs matched does, and hands it back through Unwrap.
type countingSet struct {
	deid.IDSet
	hits int
}

func (c *countingSet) Contains(id []byte) bool {
	ok := c.IDSet.Contains(id)
	if ok {
		c.hits++
	}
	return ok
}

func (c *countingSet) Unwrap() deid.IDSet { return c.IDSet }

// A set wrapped by the caller keeps the near matches of the set it wraps,
// both ways round: a listed ID with leading zeros or capitals and the
// input's ID without them is as near as the other way. Before Unwrap was
// looked for, the wrapper hid the listed IDs' folded forms, and "42" in
// the input passed a list holding "0042".
func TestExcludedThroughWrappedSet(t *testing.T) {
	for _, tc := range []struct{ listed, id string }{
		{"0042", "42"},
		{"42", "0042"},
		{"Zelda@Example.com", "zelda@example.com"},
		{"zelda@example.com", "Zelda@Example.com"},
	} {
		set := &countingSet{IDSet: deid.NewIDSet([]string{tc.listed})}
		if _, err := deid.Excluded(set, []byte(tc.id)); !errors.Is(err, deid.ErrExclusionNearMatch) {
			t.Errorf("listed %q, record %q through a wrapper: %v, want ErrExclusionNearMatch", tc.listed, tc.id, err)
		}
		if ok, err := deid.Excluded(set, []byte(tc.listed)); !ok || err != nil || set.hits != 1 {
			t.Errorf("listed %q: the exact ID is excluded %v, %v, counted %d", tc.listed, ok, err, set.hits)
		}
	}
}
