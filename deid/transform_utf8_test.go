package deid

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Text that is not UTF-8 (a file saved in Latin-1) is a malformed record
// in CSV as in NDJSON, naming its line and field, never its bytes; in the
// header it stops the run. Before, CSV values went out as they were into
// CSV and as U+FFFD into NDJSON, and an ID spelled in Latin-1 got another
// pseudonym than the same ID in UTF-8: one person counted as two, and an
// exclusion list in UTF-8 missed them.
func TestNotUTF8IsAMalformedRecord(t *testing.T) {
	policy := &Policy{Default: Drop, Fields: []Rule{
		{Field: "user_id", Action: Pseudonymize, Domain: "test"},
		{Field: "model", Action: Keep},
	}}
	cases := []struct {
		name   string
		format Format
		in     string
		field  string // the field the error names; "" for the header
		line   int64
	}{
		{"kept CSV value", CSV, "user_id,model\nu-1,BPM\nu-2,M\xfcller\n", "model", 3},
		{"pseudonymized CSV ID", CSV, "user_id,model\nu-1\xe9,BPM\n", "user_id", 2},
		{"quoted CSV value over two lines", CSV, "user_id,model\nu-1,\"a\nM\xfcller\"\nu-2,b\n", "model", 2},
		{"half a UTF-8 sequence", CSV, "user_id,model\nu-1,M\xc3\n", "model", 2},
		{"CSV header", CSV, "user_id,mod\xe8l\nu-1,BPM\n", "", 0},
		{"kept NDJSON value", NDJSON, "{\"user_id\":\"u-1\",\"model\":\"M\xfcller\"}\n", "", 1},
	}
	for _, tc := range cases {
		for _, quarantine := range []bool{false, true} {
			name := tc.name
			if quarantine {
				name += ", quarantined"
			}
			t.Run(name, func(t *testing.T) {
				var q bytes.Buffer
				opts := Options{Input: tc.format, Output: tc.format}
				if quarantine {
					opts.Quarantine = &q
				}
				out, rep, err := run(t, policy, testKeys(t), opts, tc.in)
				for _, secret := range []string{"M\xfcller", "\xfc", "\xe9", "u-1"} {
					if err != nil && strings.Contains(err.Error(), secret) {
						t.Errorf("the error %q repeats a value", err)
					}
				}
				if strings.ContainsAny(out, "\xfc\xe9\xc3") || strings.Contains(out, "\ufffd") {
					t.Errorf("output %q holds the bytes or their replacement", out)
				}
				if tc.field == "" && tc.format == CSV {
					if err == nil || !strings.Contains(err.Error(), "UTF-8") {
						t.Fatalf("got %v, want the header refused as not UTF-8", err)
					}
					return
				}
				if quarantine {
					if err != nil {
						t.Fatalf("with a quarantine: %v", err)
					}
					if rep.Quarantined != 1 || !strings.Contains(q.String(), "\"line\":") {
						t.Errorf("%d quarantined, quarantine %q", rep.Quarantined, q.String())
					}
					return
				}
				var fe *FieldError
				if !errors.As(err, &fe) || !errors.Is(err, ErrMalformedRecord) || !strings.Contains(err.Error(), "UTF-8") {
					t.Fatalf("got %v, want a malformed record naming UTF-8", err)
				}
				if fe.Line != tc.line || (tc.field != "" && fe.Field != tc.field) {
					t.Errorf("line %d field %q, want line %d field %q", fe.Line, fe.Field, tc.line, tc.field)
				}
			})
		}
	}
}
