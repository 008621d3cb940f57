package deid_test

import (
	"fmt"
	"log"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/pseudo"
)

func ExampleSafeHarbor() {
	header := []string{"user_id", "email", "first_name", "date_of_birth", "sex", "zip", "state",
		"ip", "measured_at", "weight_kg", "heart_rate", "lat", "note", "firmware"}
	policy, report, err := deid.SafeHarbor(header, deid.SafeHarborOptions{
		ReferenceDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(report)

	// The policy is an ordinary one: compile it and apply it to rows.
	plan, err := deid.Compile(policy, header, deid.Keys{})
	if err != nil {
		log.Fatal(err)
	}
	row := []string{"u-1", "jane@example.com", "Jane", "1931-02-28", "F", "94110-1234", "CA",
		"203.0.113.7", "2025-03-05T07:12:44Z", "72.4", "61", "37.774929", "call me", "4.2.1"}
	in := make([][]byte, len(row))
	for i, v := range row {
		in[i] = []byte(v)
	}
	var out deid.Row
	if _, err := plan.NewApplier().Apply(&out, in); err != nil {
		log.Fatal(err)
	}
	for i, f := range plan.OutputFields() {
		fmt.Printf("%s=%s ", f, out.Field(i))
	}
	fmt.Println()
	// Output:
	// hipaa-safe-harbor: 14 fields, 1 not recognized (dropped)
	// FIELD          ACTION  CATEGORY
	// user_id        drop    (R) other unique identifying numbers, characteristics or codes
	// email          drop    (F) email addresses
	// first_name     drop    (A) names
	// date_of_birth  year    (C) elements of dates (except year) and ages over 89
	// sex            keep    quasi-identifier kept
	// zip            zip3    (B) geographic subdivisions smaller than a state
	// state          keep    quasi-identifier kept
	// ip             drop    (O) IP addresses
	// measured_at    year    (C) elements of dates (except year) and ages over 89
	// weight_kg      keep    health data
	// heart_rate     keep    health data
	// lat            drop    (B) geographic subdivisions smaller than a state
	// note           drop    free text (may hold any identifier)
	// firmware       drop    not recognized (dropped by default)
	// date_of_birth=90+ sex=F zip=941 state=CA measured_at=2025 weight_kg=72.4 heart_rate=61
}

func ExampleAIEngine() {
	header := []string{"user_id", "email", "date_of_birth", "zip", "measured_at", "weight_kg", "mac"}
	policy, report, err := deid.AIEngine(header, deid.AIEngineOptions{
		ReferenceDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Domain:        "ai-engine/v1",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range report.Fields {
		fmt.Printf("%-13s %s\n", f.Field, f.Action)
	}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	plan, err := deid.Compile(policy, header, deid.Keys{Pseudonyms: ks})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(plan.OutputFields())
	// Output:
	// user_id       pseudonymize
	// email         drop
	// date_of_birth year
	// zip           zip3
	// measured_at   keep
	// weight_kg     keep
	// mac           drop
	// [user_id date_of_birth zip measured_at weight_kg]
}
