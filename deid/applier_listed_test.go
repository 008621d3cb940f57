package deid

import (
	"errors"
	"strings"
	"testing"
)

// A bare Applier knew no exclusion list, so a kept value naming a person
// who withdrew (a carer column, "visited with U-42.") was released by
// record-at-a-time code while a Transformer refused it. ListedIDs gives
// it the list, through the Transformer's own mechanism: kept values
// (near matches included), scrubbed text and field names.
func TestApplierListedIDs(t *testing.T) {
	policy := &Policy{Default: Drop, Fields: []Rule{
		{Field: "user_id", Action: Pseudonymize, Domain: "d"},
		{Field: "carer_ref", Action: Keep},
		{Field: "visit", Action: Keep},
		{Field: "note", Action: Scrub},
		{Field: "heart_rate", Action: Keep},
	}}
	fields := []string{"user_id", "carer_ref", "visit", "note", "heart_rate"}
	plan, err := Compile(policy, fields, testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	list := NewIDSet([]string{"u-42", "0012345678"})
	rec := func(v ...string) [][]byte {
		in := make([][]byte, len(v))
		for i := range v {
			in[i] = []byte(v[i])
		}
		return in
	}
	refused := []struct {
		name, field string
		in          [][]byte
	}{
		{"a listed carer", "carer_ref", rec("u-1", "u-42", "home", "", "61")},
		{"a near match in kept text", "visit", rec("u-1", "u-2", "visited with U-42.", "", "61")},
		{"leading zeros", "carer_ref", rec("u-1", "12345678", "home", "", "61")},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			var out Row
			if _, err := plan.NewApplier().Apply(&out, tc.in); err != nil {
				t.Fatalf("without the list: %v", err) // the gap this closes
			}
			a := plan.NewApplier(ListedIDs(list, "user_id"))
			out = Row{}
			_, err := a.Apply(&out, tc.in)
			var fe *FieldError
			if !errors.Is(err, ErrKeptIdentifier) || !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("got %v, want ErrKeptIdentifier naming %s", err, tc.field)
			}
			if msg := err.Error(); strings.Contains(msg, "42") || strings.Contains(msg, "345") || !strings.Contains(msg, "exclusion list") {
				t.Errorf("error %q: want the list named, not the ID", msg)
			}
			if out.Len() != 0 {
				t.Errorf("the refused record left %d fields", out.Len())
			}
			// The opt-out releases it, with a warning, as a Transformer's.
			a = plan.NewApplier(ListedIDs(list, "user_id"), AllowKeptIdentifiers())
			if _, err := a.Apply(&out, tc.in); err != nil || len(a.Warnings()) == 0 {
				t.Errorf("allowed: %v, warnings %v", err, a.Warnings())
			}
		})
	}

	t.Run("scrubbed text", func(t *testing.T) {
		in := rec("u-1", "u-2", "home", "came in with u-42 today", "61")
		var out Row
		if _, err := plan.NewApplier().Apply(&out, in); err != nil || !strings.Contains(string(out.Field(3)), "u-42") {
			t.Fatalf("without the list: %v, note %q", err, out.Field(3)) // what the scrubber alone does
		}
		out = Row{}
		if _, err := plan.NewApplier(ListedIDs(list, "user_id")).Apply(&out, in); err != nil {
			t.Fatal(err)
		}
		if note := string(out.Field(3)); strings.Contains(note, "u-42") || !strings.Contains(note, "came in with") {
			t.Errorf("scrubbed note %q", note)
		}
	})
	t.Run("other records", func(t *testing.T) {
		a := plan.NewApplier(ListedIDs(list, "user_id"))
		var out Row
		// The listed person's own record is the caller's to exclude
		// (Excluded): the option looks at kept values only.
		for _, in := range [][][]byte{rec("u-1", "u-2", "home", "", "61"), rec("u-42", "u-2", "home", "", "42")} {
			if _, err := a.Apply(&out, in); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("a listed field name", func(t *testing.T) {
		p, err := Compile(policy, append(fields[:5:5], "u-42"), testKeys(t))
		if err != nil {
			t.Fatal(err)
		}
		var out Row
		_, err = p.NewApplier(ListedIDs(list, "user_id")).Apply(&out, rec("u-1", "u-2", "home", "", "61", "1"))
		if !errors.Is(err, ErrHeaderLooksLikeData) || strings.Contains(err.Error(), "42") {
			t.Errorf("got %v, want ErrHeaderLooksLikeData without the name", err)
		}
	})
	t.Run("no list", func(t *testing.T) {
		var none IDSet
		var out Row
		if _, err := plan.NewApplier(ListedIDs(none, "user_id")).Apply(&out, rec("u-1", "u-2", "home", "", "61")); !errors.Is(err, ErrNoIDSet) {
			t.Errorf("got %v, want ErrNoIDSet", err)
		}
	})
}
