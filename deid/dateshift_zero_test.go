package deid

import (
	"fmt"
	"testing"
)

// TestDateShiftNeverZero checks that no person's dates are released as
// they are: an offset drawn from [-max_days, max_days] is 0 for one person
// in 2·max_days+1, whose true dates then went out labelled as shifted.
// Every offset is within the bound, and all of them are used.
func TestDateShiftNeverZero(t *testing.T) {
	keys := testKeys(t)
	const maxDays = 3
	p := &Policy{Default: Keep, Fields: []Rule{{Field: "when", Action: DateShift, Person: "who", MaxDays: maxDays}}}
	pl, err := Compile(p, []string{"who", "when"}, keys)
	if err != nil {
		t.Fatal(err)
	}
	a := pl.NewApplier()
	seen := map[int]int{}
	const day = "2025-03-05"
	for i := range 700 {
		var out Row
		if _, err := a.Apply(&out, [][]byte{[]byte(fmt.Sprintf("person-%d", i)), []byte(day)}); err != nil {
			t.Fatal(err)
		}
		got, err := parseDate(out.Field(1))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := parseDate([]byte(day))
		off := got.days() - want.days()
		if off == 0 || off < -maxDays || off > maxDays {
			t.Fatalf("person %d shifted by %d days, want a shift in [-%d, -1] or [1, %d]", i, off, maxDays, maxDays)
		}
		seen[off]++
	}
	if len(seen) != 2*maxDays {
		t.Errorf("offsets used: %v, want all %d non-zero ones", seen, 2*maxDays)
	}
}
