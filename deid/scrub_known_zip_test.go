package deid

import (
	"errors"
	"strings"
	"testing"
)

// Under a policy written by hand, with no Rule.Expect, a step count equal
// to its record's ZIP code is a measurement (one in a hundred thousand
// rows of a real export), and a device model equal to it is the code.
func TestOwnZIPBesideMeasurementsOfAHandWrittenPolicy(t *testing.T) {
	p := &Policy{Fields: []Rule{
		{Field: "user_id", Action: Pseudonymize, Domain: "research"},
		{Field: "zip", Action: ZIP3},
		{Field: "device_model", Action: Keep},
		{Field: "steps", Action: Keep},
		{Field: "heart_rate_bpm", Action: Keep},
	}}
	head := "user_id,zip,device_model,steps,heart_rate_bpm\n"
	for _, c := range []struct {
		name, row string
		refused   bool
	}{
		{"steps equal to the ZIP", "u-1,19161,Body Comp,19161,68\n", false},
		{"a measurement named in a unit", "u-1,00068,Body Comp,5000,00068\n", false},
		{"a device model equal to the ZIP", "u-1,19161,19161,5000,68\n", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := runErr(t, p, Options{Input: CSV, Output: CSV}, head+c.row)
			if refused := errors.Is(err, ErrKeptIdentifier); refused != c.refused || err != nil && !refused {
				t.Fatalf("refused %v (%v), want %v", refused, err, c.refused)
			}
			if c.refused && strings.Contains(out, "19161") {
				t.Fatalf("output %q holds the ZIP code", out)
			}
		})
	}
}
