package deid_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/pseudo"
)

// A program that wraps the exclusion list to record which listed IDs
// matched a record (the Beam job does) counted an ID that a kept value
// names (a carer column) as matched: the kept-value check looked it up
// through the wrapper. It looks in the set the wrapper unwraps to, as
// near matches do, so the wrapper counts the records' own IDs only; the
// record naming the listed person is still refused.
func TestKeptValueLookUpsBypassTheWrapper(t *testing.T) {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	policy := &deid.Policy{Default: deid.Drop, Fields: []deid.Rule{
		{Field: "user_id", Action: deid.Pseudonymize, Domain: "d"},
		{Field: "carer_ref", Action: deid.Keep},
	}}
	set := &countingSet{IDSet: deid.NewIDSet([]string{"u-42", "u-77"})}
	var q bytes.Buffer
	tr, err := deid.NewTransformer(policy, deid.Keys{Pseudonyms: ks}, deid.Options{Input: deid.CSV, Exclude: set, ExcludeField: "user_id",
		ExcludeMayMatchNone: true, Quarantine: &q})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep, err := tr.Run(context.Background(), strings.NewReader("user_id,carer_ref\nu-1,u-77\nu-2,u-9\nu-42,u-1\n"), &out)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Quarantined != 1 || rep.Excluded != 1 || strings.Contains(out.String(), "u-77") {
		t.Errorf("%d quarantined, %d excluded, output %q", rep.Quarantined, rep.Excluded, out.String())
	}
	if set.hits != 1 {
		t.Errorf("the wrapper counted %d matches, want 1 (u-42's own record)", set.hits)
	}
}
