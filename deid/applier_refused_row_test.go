package deid

import (
	"errors"
	"testing"
)

// TestApplyRefusedLeavesRowAsItWas checks that a record Apply fails
// appends nothing to the Row: a caller collecting several records in one
// Row, or quarantining a record and going on, would otherwise carry the
// refused values, a kept e-mail address included, into what it writes.
func TestApplyRefusedLeavesRowAsItWas(t *testing.T) {
	plan, err := Compile(&Policy{Default: Drop, ReferenceDate: "2026-01-01", Fields: []Rule{
		{Field: "user_id", Action: Pseudonymize, Domain: "d"},
		{Field: "reading", Action: Keep},
		{Field: "dob", Action: Year},
	}}, []string{"user_id", "reading", "dob"}, testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	a := plan.NewApplier()
	var out Row
	if _, err := a.Apply(&out, [][]byte{[]byte("u1"), []byte("72"), []byte("1980-01-02")}); err != nil {
		t.Fatal(err)
	}
	first := out.Len()
	for _, tc := range []struct {
		name string
		in   []string
		want error
	}{
		{"kept e-mail address", []string{"u2", "zelda.quist@example.org", "1980-01-02"}, ErrKeptIdentifier},
		{"unreadable date after the kept value", []string{"u3", "73", "not a date"}, nil},
	} {
		_, err := a.Apply(&out, [][]byte{[]byte(tc.in[0]), []byte(tc.in[1]), []byte(tc.in[2])})
		if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Fatalf("%s: err = %v, want an error (%v)", tc.name, err, tc.want)
		}
		if out.Len() != first {
			t.Errorf("%s: the failed record left %d fields in the Row", tc.name, out.Len()-first)
		}
	}
	if _, err := a.Apply(&out, [][]byte{[]byte("u4"), []byte("74"), []byte("1981-03-04")}); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 2*first || string(out.Field(first+1)) != "74" {
		t.Errorf("the next record is not appended right after the first: %d fields, field %d = %q", out.Len(), first+1, out.Field(first+1))
	}
}
