package deid

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// The profiles kept sex and state untyped: another person's name in sex
// went out. They now expect a code list there (ExpectSex,
// ExpectUSState): any other value is a record error naming the field and
// line, never the value, quarantined when asked, in CSV and NDJSON.
func TestProfilesKeepSexAndStateAsCodes(t *testing.T) {
	fields := []string{"user_id", "sex", "state", "heart_rate", "device_model"}
	p, _, err := AIEngine(fields, AIEngineOptions{ReferenceDate: profileRef})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"sex": ExpectSex, "state": ExpectUSState, "device_model": ""}
	for _, r := range p.Fields {
		if e, ok := want[r.Field]; ok && r.Expect != e {
			t.Errorf("%s: expect %q, want %q", r.Field, r.Expect, e)
		}
	}
	good := [][2]string{{"F", "CA"}, {"m", "ny"}, {"Female", "New York"}, {"X", "DC"}, {"", ""}, {"unknown", "Puerto Rico"}, {"NA", "null"},
		{"F ", " TX"}, {"woman", "unknown"}, {"prefer not to say", "-"}, {"2", "wa"}, {"Weiblich", "Texas "}}
	bad := []struct {
		col int
		v   string
	}{
		{1, "Zelda Quixote"}, {1, "Zelda"}, {1, "u-7"}, {1, "Fe"}, {2, "Zelda Quixote"}, {2, "Bayern"}, {2, "94110"}, {2, "C A"},
	}
	for _, format := range []Format{CSV, NDJSON} {
		t.Run(format.String(), func(t *testing.T) {
			header := ""
			if format == CSV {
				header = strings.Join(fields, ",") + "\n"
			}
			var in strings.Builder
			in.WriteString(header)
			for _, g := range good {
				record(&in, format, fields, []string{"u-1", g[0], g[1], "61", "Body+ Scale"})
			}
			if _, rep, err := runErr(t, p, Options{Input: format, Output: format}, in.String()); err != nil || rep.Written != int64(len(good)) {
				t.Fatalf("good values: %v, %+v", err, rep)
			}
			for _, b := range bad {
				var in strings.Builder
				in.WriteString(header)
				vals := []string{"u-1", "F", "CA", "61", "Body+ Scale"}
				vals[b.col] = b.v
				record(&in, format, fields, vals)
				out, _, err := runErr(t, p, Options{Input: format, Output: format}, in.String())
				var fe *FieldError
				if !errors.Is(err, ErrUnexpectedValue) || !errors.As(err, &fe) || fe.Field != fields[b.col] || fe.Line != int64(1+btoi(format == CSV)) {
					t.Fatalf("%s = %q: got %v, want ErrUnexpectedValue naming the field and line", fields[b.col], b.v, err)
				}
				if strings.Contains(err.Error(), b.v) || strings.Contains(out, b.v) {
					t.Fatalf("%s = %q: the value is in the error %q or the output %q", fields[b.col], b.v, err, out)
				}
				var q bytes.Buffer
				_, rep, err := runErr(t, p, Options{Input: format, Output: format, Quarantine: &q}, in.String())
				if err != nil || rep.Quarantined != 1 || rep.Written != 0 {
					t.Fatalf("%s = %q with a quarantine: %v, %+v", fields[b.col], b.v, err, rep)
				}
			}
		})
	}
}

// A policy names the code lists by their Expect values; others are
// refused, and the Applier checks them as the Transformer does.
func TestExpectCodeLists(t *testing.T) {
	for _, e := range []string{ExpectNumber, ExpectSex, ExpectUSState} {
		if err := (&Policy{Fields: []Rule{{Field: "x", Action: Keep, Expect: e}}}).Validate(); err != nil {
			t.Errorf("expect %q: %v", e, err)
		}
	}
	if err := (&Policy{Fields: []Rule{{Field: "x", Action: Keep, Expect: "colour"}}}).Validate(); err == nil {
		t.Error("expect \"colour\" accepted")
	}
	plan, err := Compile(&Policy{Default: Drop, Fields: []Rule{{Field: "sex", Action: Keep, Expect: ExpectSex}}}, []string{"sex"}, Keys{})
	if err != nil {
		t.Fatal(err)
	}
	var out Row
	a := plan.NewApplier()
	if _, err := a.Apply(&out, [][]byte{[]byte("Female")}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Apply(&out, [][]byte{[]byte("Zelda")}); !errors.Is(err, ErrUnexpectedValue) || strings.Contains(err.Error(), "Zelda") {
		t.Errorf("got %v, want ErrUnexpectedValue without the value", err)
	}
}
