package deid

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Under a default of keep, a field spelled like a rule's field but for
// case, spacing, punctuation or the form of its letters is a policy
// error, in CSV and in NDJSON (at the first record that has it, with a
// quarantine or without): before, the rule's field was transformed and
// its other spelling went out as it was beside it, the raw ID next to its
// pseudonym.
func TestFieldSpelledLikeARuleIsRefused(t *testing.T) {
	rules := []Rule{
		{Field: "subject_ref", Action: Pseudonymize, Domain: "test"},
		{Field: "device", Action: Drop},
		{Field: "visit.site_code", Action: Redact},
	}
	refused := []struct {
		name, csv, ndjson, field string
	}{
		{"letter case", "subject_ref,Subject_Ref,n\nS-1,S-1,1\n", `{"subject_ref":"S-1","n":1}` + "\n" + `{"Subject_Ref":"S-1","n":1}`, "Subject_Ref"},
		{"trailing space", "subject_ref ,n\nS-1,1\n", `{"n":1,"subject_ref ":"S-1"}`, "subject_ref "},
		{"hyphen", "subject-ref,n\nS-1,1\n", `{"n":1,"subject-ref":"S-1"}`, "subject-ref"},
		{"camel case", "subjectRef,n\nS-1,1\n", `{"n":1,"subjectRef":"S-1"}`, "subjectRef"},
		{"fullwidth letters", "ｓｕｂｊｅｃｔ_ｒｅｆ,n\nS-1,1\n", `{"n":1,"ｓｕｂｊｅｃｔ_ｒｅｆ":"S-1"}`, "ｓｕｂｊｅｃｔ_ｒｅｆ"},
		{"inside an object a rule drops", "", `{"n":1,"Device":{"serial":"SN-77"}}`, "Device.serial"},
		{"a key of a path", "", `{"n":1,"visit":{"Site_Code":"H-12"}}`, "visit.Site_Code"},
	}
	for _, tc := range refused {
		for _, format := range []Format{CSV, NDJSON} {
			in := tc.csv
			if format == NDJSON {
				in = tc.ndjson
			}
			if in == "" {
				continue
			}
			for _, quarantine := range []bool{false, true} {
				t.Run(tc.name+"/"+format.String(), func(t *testing.T) {
					p := &Policy{Default: Keep, Fields: rules}
					var q bytes.Buffer
					opts := Options{Input: format, Output: NDJSON, AllowKeptIdentifiers: true}
					if quarantine {
						opts.Quarantine = &q
					}
					out, rep, err := runErr(t, p, opts, in)
					if strings.Contains(out, "S-1") || strings.Contains(out, "SN-77") || strings.Contains(out, "H-12") {
						t.Fatalf("output %q holds a value the rule was written for", out)
					}
					if format == NDJSON && quarantine {
						// A record error: quarantined, counted.
						if err != nil || rep.Quarantined != 1 {
							t.Fatalf("err %v, %+v", err, rep)
						}
						return
					}
					if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tc.field) {
						t.Fatalf("got %v, want a policy error naming %q", err, tc.field)
					}
					if strings.Contains(err.Error(), "S-1") {
						t.Errorf("the error repeats a value: %v", err)
					}
				})
			}
		}
	}

	// What stays allowed: a default of drop, a rule of its own, another
	// name.
	allowed := []struct {
		name string
		p    *Policy
		in   string
	}{
		{"default drop", &Policy{Default: Drop, Fields: rules[:1]}, "subject_ref,Subject_Ref\nS-1,S-1\n"},
		{"a rule of its own", &Policy{Default: Keep, Fields: append([]Rule{{Field: "Subject_Ref", Action: Drop}}, rules[:1]...)}, "subject_ref,Subject_Ref\nS-1,S-1\n"},
		{"another name", &Policy{Default: Keep, Fields: rules[:1]}, "subject_ref,subject_refs\nS-1,2\n"},
	}
	for _, tc := range allowed {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := runErr(t, tc.p, Options{Input: CSV, AllowKeptIdentifiers: true}, tc.in); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// runErr is run that returns a constructor's error too.
func runErr(t *testing.T, p *Policy, opts Options, in string) (string, *Report, error) {
	t.Helper()
	tr, err := NewTransformer(p, testKeys(t), opts)
	if err != nil {
		return "", nil, err
	}
	var out bytes.Buffer
	rep, err := tr.Run(t.Context(), strings.NewReader(in), &out)
	return out.String(), rep, err
}
