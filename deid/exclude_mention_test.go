package deid

import (
	"strings"
	"testing"
)

// A user who withdrew consent or deleted their account can appear in
// another person's record: as the ID of a kept column (a caregiver, a
// referrer, a household member) or inside kept text. Exclusion drops only
// the records whose ExcludeField names the user, and the kept-value check
// knows each record's own identifiers, not the list's: the withdrawn
// user's raw ID goes out in the other person's record.
func TestExcludedIDInAnotherRecordIsNotReleased(t *testing.T) {
	t.Skip("finding (audit, round 5): a listed user's ID inside another record's kept column or text is released; the kept-value check (warning.go) does not know the exclusion list")
	list := NewIDSet([]string{"u-42"})
	in := "user_id,carer_ref,v,remark\n" +
		"u-42,,1,own record\n" +
		"u-1,u-42,2,fine\n" +
		"u-2,,3,visited with u-42 today\n"
	p := &Policy{Default: Keep, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}}}
	var q strings.Builder
	out, rep, err := run(t, p, testKeys(t), Options{Input: CSV, Quarantine: &q, Exclude: list, ExcludeField: "user_id"}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Excluded != 1 {
		t.Errorf("excluded %d, want 1", rep.Excluded)
	}
	if strings.Contains(out, "u-42") {
		t.Errorf("the withdrawn user's ID went out in another record:\n%s", out)
	}
}
