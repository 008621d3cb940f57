package deid

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// What a mask reveals is a kept value: an identifier in the characters it
// keeps refuses the record (or is a warning with kept identifiers
// allowed), with the mask named as the action; a mask that reveals only
// what no check finds anything in writes its record.
func TestMaskRevealChecked(t *testing.T) {
	policy := func(first, last int) *Policy {
		return &Policy{Default: Drop, Fields: []Rule{
			{Field: "user_id", Action: Pseudonymize, Domain: "d"},
			{Field: "surname", Action: Drop},
			{Field: "comment", Action: Mask, KeepFirst: first, KeepLast: last},
			{Field: "heart_rate", Action: Keep},
		}}
	}
	in := func(format Format, comment string) string {
		if format == NDJSON {
			return `{"user_id":"u-48213","surname":"Quist","comment":` + jsonString(comment) + `,"heart_rate":"72"}` + "\n"
		}
		return "user_id,surname,comment,heart_rate\nu-48213,Quist," + `"` + strings.ReplaceAll(comment, `"`, `""`) + `"` + ",72\n"
	}
	for _, tc := range []struct {
		name        string
		first, last int
		comment     string
		refused     bool
	}{
		{"e-mail in the first characters", 30, 0, "write zelda.q@example.org about the results of the test", true},
		{"SSN in the last characters", 0, 12, "the number on file is 123-45-6789", true},
		{"own surname revealed", 14, 0, "seen by Quist yesterday at the clinic", true},
		{"disguised e-mail revealed", 30, 0, "write zelda.q\uff20example.org about the results of the test", true},
		{"the e-mail under the mask", 4, 4, "write zelda.q@example.org about the results", false},
		{"last four digits of a phone", 0, 4, "415-555-0143", false},
		{"a short value masked whole", 30, 0, "zelda.q@example.org", false},
		{"nothing revealed", 0, 0, "zelda.q@example.org and 123-45-6789", false},
	} {
		for _, f := range []Format{CSV, NDJSON} {
			t.Run(tc.name+"/"+f.String(), func(t *testing.T) {
				out, _, err := run(t, policy(tc.first, tc.last), testKeys(t), Options{Input: f}, in(f, tc.comment))
				if !tc.refused {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				var fe *FieldError
				if !errors.Is(err, ErrKeptIdentifier) || !errors.As(err, &fe) || fe.Field != "comment" || fe.Action != string(Mask) {
					t.Fatalf("err = %v, want a FieldError of comment (mask) wrapping ErrKeptIdentifier; wrote %q", err, out)
				}
				if strings.Contains(err.Error(), "Quist") || strings.Contains(err.Error(), "zelda") {
					t.Errorf("the error holds a value: %v", err)
				}
				_, rep, err := run(t, policy(tc.first, tc.last), testKeys(t), Options{Input: f, AllowKeptIdentifiers: true}, in(f, tc.comment))
				if err != nil {
					t.Fatal(err)
				}
				warned := false
				for _, w := range rep.Warnings {
					warned = warned || w.Kind == WarnIdentifierValues && w.Field == "comment" && strings.Contains(w.Message, "mask reveals")
				}
				if !warned {
					t.Errorf("allowed: no warning of what the mask reveals: %v", rep.Warnings)
				}
			})
		}
	}
	// The record-at-a-time Applier refuses the same.
	pl, err := Compile(policy(30, 0), []string{"user_id", "surname", "comment", "heart_rate"}, testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	var row Row
	if _, err := pl.NewApplier().Apply(&row, [][]byte{[]byte("u-1"), []byte("Quist"), []byte("write zelda.q@example.org about the results"), []byte("72")}); !errors.Is(err, ErrKeptIdentifier) {
		t.Errorf("Apply: err = %v, want ErrKeptIdentifier", err)
	}
	for i := range row.Len() {
		if bytes.Contains(row.Field(i), []byte("zelda")) {
			t.Error("Apply left the revealed value in the row")
		}
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// An exclusion list's IDs are looked for in what a mask reveals, not in
// what it hides: a masked carer reference of a listed person is written
// when the mask hides the ID, refused when it reveals it.
func TestMaskRevealListedID(t *testing.T) {
	policy := func(first int) *Policy {
		return &Policy{Default: Drop, Fields: []Rule{
			{Field: "user_id", Action: Pseudonymize, Domain: "d"},
			{Field: "carer_ref", Action: Mask, KeepFirst: first},
			{Field: "heart_rate", Action: Keep},
		}}
	}
	in := "user_id,carer_ref,heart_rate\nu-1,ref u-42 (carer),72\n"
	for _, tc := range []struct {
		first   int
		refused bool
	}{{3, false}, {8, true}} {
		tr, err := NewTransformer(policy(tc.first), testKeys(t), Options{Input: CSV, Exclude: NewIDSet([]string{"u-42"}), ExcludeField: "user_id", ExcludeMayMatchNone: true})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		_, err = tr.Run(context.Background(), strings.NewReader(in), &out)
		if refused := errors.Is(err, ErrKeptIdentifier); refused != tc.refused {
			t.Errorf("keep_first %d: err %v, want refused %v; wrote %q", tc.first, err, tc.refused, out.String())
		}
	}
}
