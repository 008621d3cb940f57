package deid_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/pseudo"
)

// Record-at-a-time code that honours an exclusion list checks each
// record's own ID with Excluded, and gives its Appliers the list with
// ListedIDs, so that a kept value naming a listed person (a carer, a
// contact) is refused as a Transformer refuses it.
func ExampleListedIDs() {
	policy := &deid.Policy{Default: deid.Drop, Fields: []deid.Rule{
		{Field: "user_id", Action: deid.Pseudonymize, Domain: "research/partner-x"},
		{Field: "carer_ref", Action: deid.Keep},
		{Field: "heart_rate", Action: deid.Keep, Expect: deid.ExpectNumber},
	}}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	plan, err := deid.Compile(policy, []string{"user_id", "carer_ref", "heart_rate"}, deid.Keys{Pseudonyms: ks})
	if err != nil {
		log.Fatal(err)
	}
	withdrawn := deid.NewIDSet([]string{"u-42"})
	a := plan.NewApplier(deid.ListedIDs(withdrawn, "user_id"))
	var out deid.Row
	for _, rec := range [][]string{{"u-1", "u-7", "61"}, {"u-42", "u-1", "70"}, {"u-2", "u-42", "64"}} {
		if excluded, err := deid.Excluded(withdrawn, []byte(rec[0])); err != nil || excluded {
			fmt.Println("excluded")
			continue
		}
		out.Reset()
		_, err := a.Apply(&out, toBytes(rec))
		var fe *deid.FieldError
		switch {
		case errors.Is(err, deid.ErrKeptIdentifier) && errors.As(err, &fe):
			fmt.Println("refused: a listed ID in", fe.Field)
		case err != nil:
			log.Fatal(err)
		default:
			fmt.Println("released, carer", string(out.Field(1)))
		}
	}
	// Output:
	// released, carer u-7
	// excluded
	// refused: a listed ID in carer_ref
}
