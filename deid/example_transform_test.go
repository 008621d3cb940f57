package deid_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/deidkit/deidkit/deid"
)

func ExampleTransformer() {
	policy, err := deid.ParsePolicy([]byte(`{
	  "reference_date": "2026-01-01",
	  "fields": [
	    {"field": "user_id", "action": "redact"},
	    {"field": "date_of_birth", "action": "year"},
	    {"field": "zip", "action": "zip3"},
	    {"field": "weight_kg", "action": "keep"}
	  ],
	  "suppress": [{"name": "no consent", "field": "consent", "not_in": ["true"]}]
	}`))
	if err != nil {
		log.Fatal(err)
	}
	in := strings.NewReader("user_id,date_of_birth,zip,weight_kg,consent\n" +
		"u-1,1931-02-28,03601,61.5,true\n" +
		"u-2,1987-06-01,94110-1234,80.2,false\n" +
		"u-3,1990-02-30,10001,70.0,true\n")
	var quarantine bytes.Buffer
	t, err := deid.NewTransformer(policy, deid.Keys{}, deid.Options{Input: deid.CSV, Output: deid.NDJSON, Quarantine: &quarantine})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := t.Run(context.Background(), in, os.Stdout)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Read, rep.Written, rep.Suppressed, rep.Quarantined, rep.Reconciles())
	fmt.Println(rep.QuarantineReasonList())
	// Output:
	// {"user_id":"[REDACTED]","date_of_birth":"90+","zip":"000","weight_kg":"61.5"}
	// 3 1 1 1 true
	// [field "date_of_birth" (year): malformed date]
}
