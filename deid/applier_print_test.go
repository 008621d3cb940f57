package deid

import (
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// An Applier and a Row held by value in a struct's unexported field print
// the last record's values (the Applier's scratch space, the Row's
// buffer), identifiers included: fmt cannot call their Format there. The
// fix is for applier.go (their state behind an internal/sealed.Ref, as
// IDSet's and scrub.Known's are).
func TestApplierUnprintedWhenHeld(t *testing.T) {
	policy, err := ParsePolicy([]byte(`{"fields":[{"field":"user_id","action":"drop"},{"field":"device","action":"keep"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Compile(policy, []string{"user_id", "device"}, Keys{})
	if err != nil {
		t.Fatal(err)
	}
	a := plan.NewApplier(AllowKeptIdentifiers())
	var row Row
	if _, err := a.Apply(&row, [][]byte{[]byte("zelda-0042"), []byte("quist-phone")}); err != nil {
		t.Fatal(err)
	}
	testenv.Unprinted(t, "Applier", a, "zelda-0042", "quist-phone")
	testenv.Unprinted(t, "Row", &row, "quist-phone")
}
