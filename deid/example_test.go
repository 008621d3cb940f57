package deid_test

import (
	"fmt"
	"log"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/pseudo"
)

// Records that are not a CSV or NDJSON stream (rows from a database
// driver, messages off a queue) go through a Plan: compile the policy once
// against the records' field names, then apply it record by record, with
// one Applier per goroutine and a Row reused for the output. A Transformer
// does the same for streams.
func ExamplePlan_NewApplier() {
	policy, err := deid.ParsePolicy([]byte(`{
	  "reference_date": "2026-01-01",
	  "fields": [
	    {"field": "user_id", "action": "pseudonymize", "domain": "research/partner-x", "bits": 64},
	    {"field": "email", "action": "drop"},
	    {"field": "date_of_birth", "action": "year"},
	    {"field": "zip", "action": "zip3"},
	    {"field": "weight_kg", "action": "keep"}
	  ],
	  "suppress": [{"field": "consent", "not_in": ["true"]}]
	}`))
	if err != nil {
		log.Fatal(err)
	}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	header := []string{"user_id", "email", "date_of_birth", "zip", "weight_kg", "consent"}
	plan, err := deid.Compile(policy, header, deid.Keys{Pseudonyms: ks})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(plan.OutputFields())

	a := plan.NewApplier() // one per goroutine
	var out deid.Row
	for _, rec := range [][]string{
		{"u-1", "jane@example.com", "1931-02-28", "03601", "61.5", "true"},
		{"u-2", "joe@example.com", "1987-06-01", "94110-1234", "80.2", "false"},
	} {
		out.Reset()
		o, err := a.Apply(&out, toBytes(rec))
		if err != nil {
			log.Fatal(err)
		}
		if o.Suppressed {
			fmt.Println("suppressed")
			continue
		}
		fmt.Println(len(out.Field(0)), string(out.Field(1)), string(out.Field(2)), string(out.Field(3)))
	}
	// Output:
	// [user_id date_of_birth zip weight_kg]
	// 16 90+ 000 61.5
	// suppressed
}

// Compiling a policy against an input's field names checks it before any
// record is read: a program can refuse a policy when it is loaded, with an
// error that names the rule and says what to do.
func ExampleCompile_errors() {
	policy := &deid.Policy{Fields: []deid.Rule{{Field: "phone", Action: deid.Drop}}}
	_, err := deid.Compile(policy, []string{"user_id", "email", "phone_number"}, deid.Keys{})
	fmt.Println(err)
	// Output: deid: field rule 0 (field "phone"): the input has no such field; its closest fields are "phone_number"
}

func toBytes(ss []string) [][]byte {
	b := make([][]byte, len(ss))
	for i, s := range ss {
		b[i] = []byte(s)
	}
	return b
}
