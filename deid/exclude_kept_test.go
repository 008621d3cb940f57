package deid_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// TestExcludedIDInKeptValue: with an exclusion list, a kept value that
// holds a listed ID as a whole token (another person's record naming the
// withdrawn user: a carer_ref column, a note "visited with u-42") is a
// record error wrapping ErrKeptIdentifier, quarantined when asked, and
// the ID is written nowhere; the error names the field, never the value.
// Near misses (the ID inside a longer token, a short plain number) are
// written.
func TestExcludedIDInKeptValue(t *testing.T) {
	list := deid.NewIDSet([]string{"u-42", "4821937", "zelda@example.org"})
	policy := &deid.Policy{Name: "x", Default: deid.Drop, Fields: []deid.Rule{
		{Field: "user_id", Action: deid.Pseudonymize, Domain: "d"},
		{Field: "carer_ref", Action: deid.Keep},
		{Field: "device_model", Action: deid.Keep},
		{Field: "steps", Action: deid.Keep},
	}}
	bad := []struct{ field, value string }{
		{"carer_ref", "u-42"},
		{"carer_ref", "U-42"}, // the list's folding: case
		{"device_model", "visited with u-42."},
		{"device_model", "(u-42, u-7)"},
		{"device_model", "ref 4821937"},
		{"carer_ref", "\"u-42\""},
	}
	for _, b := range bad {
		for _, format := range []deid.Format{deid.CSV, deid.NDJSON} {
			t.Run(b.field+" "+b.value+" "+format.String(), func(t *testing.T) {
				row := map[string]string{"user_id": "u-1", "carer_ref": "u-7", "device_model": "Pixel 7", "steps": "10"}
				row[b.field] = b.value
				in := encodeRows(format, []string{"user_id", "carer_ref", "device_model", "steps"},
					[]map[string]string{{"user_id": "u-42", "carer_ref": "u-7", "device_model": "Pixel 8", "steps": "12"}, row})
				var out, quar bytes.Buffer
				tr, err := deid.NewTransformer(policy, keptKeys(t), deid.Options{Input: format, Exclude: list, ExcludeField: "user_id"})
				if err != nil {
					t.Fatal(err)
				}
				_, err = tr.Run(t.Context(), strings.NewReader(in), &out)
				if !errors.Is(err, deid.ErrKeptIdentifier) {
					t.Fatalf("err %v, want ErrKeptIdentifier", err)
				}
				if strings.Contains(err.Error(), "42") || strings.Contains(err.Error(), b.value) {
					t.Errorf("the error prints the value: %v", err)
				}
				tr, err = deid.NewTransformer(policy, keptKeys(t), deid.Options{Input: format, Exclude: list, ExcludeField: "user_id", Quarantine: &quar})
				if err != nil {
					t.Fatal(err)
				}
				out.Reset()
				rep, err := tr.Run(t.Context(), strings.NewReader(in), &out)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Quarantined != 1 || rep.Excluded != 1 || strings.Contains(strings.ToLower(out.String()), "42") {
					t.Errorf("quarantined %d, excluded %d, output %q", rep.Quarantined, rep.Excluded, out.String())
				}
			})
		}
	}
	fine := []string{"u-420", "su-42", "42", "4821", "heart rate 42", "zelda"}
	for _, v := range fine {
		t.Run("near miss "+v, func(t *testing.T) {
			in := encodeRows(deid.CSV, []string{"user_id", "carer_ref", "device_model", "steps"},
				[]map[string]string{{"user_id": "u-42", "carer_ref": "u-7", "device_model": "Pixel 8", "steps": "12"},
					{"user_id": "u-1", "carer_ref": v, "device_model": v, "steps": "42"}})
			var out bytes.Buffer
			tr, err := deid.NewTransformer(policy, keptKeys(t), deid.Options{Input: deid.CSV, Exclude: list, ExcludeField: "user_id"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Run(t.Context(), strings.NewReader(in), &out); err != nil {
				t.Fatalf("a near miss refused: %v", err)
			}
		})
	}
}

// encodeRows writes rows with the given fields as CSV with a header, or
// as NDJSON objects of strings.
func encodeRows(f deid.Format, fields []string, rows []map[string]string) string {
	var b strings.Builder
	if f == deid.CSV {
		b.WriteString(strings.Join(fields, ",") + "\n")
		for _, r := range rows {
			for i, k := range fields {
				if i > 0 {
					b.WriteByte(',')
				}
				v := r[k]
				if strings.ContainsAny(v, ",\"") {
					v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
				}
				b.WriteString(v)
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	for _, r := range rows {
		b.WriteByte('{')
		for i, k := range fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + k + `":"` + strings.ReplaceAll(r[k], `"`, `\"`) + `"`)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// TestExcludedIDInScrubbedText: a scrub rule's output names no listed
// person: a listed ID in free text is replaced with the tag of an ID.
func TestExcludedIDInScrubbedText(t *testing.T) {
	list := deid.NewIDSet([]string{"u-42", "zelda.q"})
	policy := &deid.Policy{Name: "x", Default: deid.Drop, Fields: []deid.Rule{
		{Field: "user_id", Action: deid.Pseudonymize, Domain: "d"},
		{Field: "note", Action: deid.Scrub},
	}}
	for _, format := range []deid.Format{deid.CSV, deid.NDJSON} {
		in := encodeRows(format, []string{"user_id", "note"}, []map[string]string{
			{"user_id": "u-42", "note": "mine"},
			{"user_id": "u-1", "note": "visited with u-42, then U-42 and Zelda.Q; not u-420 (u-42)."},
		})
		var out bytes.Buffer
		tr, err := deid.NewTransformer(policy, keptKeys(t), deid.Options{Input: format, Exclude: list, ExcludeField: "user_id"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Run(t.Context(), strings.NewReader(in), &out); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if strings.Contains(strings.ToLower(got), "u-42,") || strings.Contains(strings.ToLower(got), "zelda") ||
			strings.Count(got, "[ID]") != 4 || !strings.Contains(got, "u-420") {
			t.Errorf("%v: %q", format, got)
		}
	}
}

// TestExcludedIDAsFieldName: a CSV header cell or a JSON key that is a
// listed ID (data keyed by user) is refused, named by position only; a
// list saved with its column's header ("user_id") is no such name.
func TestExcludedIDAsFieldName(t *testing.T) {
	list := deid.NewIDSet([]string{"user_id", "u-42"})
	policy := &deid.Policy{Name: "x", Default: deid.Keep, Fields: []deid.Rule{
		{Field: "user_id", Action: deid.Pseudonymize, Domain: "d"},
	}}
	cases := []struct {
		format deid.Format
		in     string
	}{
		{deid.CSV, "user_id,steps,u-42\nu-1,10,3\nu-42,11,4\n"},
		{deid.NDJSON, `{"user_id":"u-1","steps":10,"visits":{"U-42":3}}` + "\n"},
	}
	for _, c := range cases {
		var out, quar bytes.Buffer
		opts := deid.Options{Input: c.format, Exclude: list, ExcludeField: "user_id", AllowKeptIdentifiers: true, ExcludeMayMatchNone: true}
		if c.format == deid.NDJSON {
			opts.Quarantine = &quar
		}
		tr, err := deid.NewTransformer(policy, keptKeys(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := tr.Run(t.Context(), strings.NewReader(c.in), &out)
		if c.format == deid.CSV && !errors.Is(err, deid.ErrHeaderLooksLikeData) {
			t.Errorf("%v: err %v", c.format, err)
		}
		if c.format == deid.NDJSON && (err != nil || rep.Quarantined != 1) {
			t.Errorf("%v: err %v, report %+v", c.format, err, rep)
		}
		if err != nil && strings.Contains(strings.ToLower(err.Error()), "u-42") || strings.Contains(strings.ToLower(out.String()), "u-42") {
			t.Errorf("%v: the ID is printed: %v %q", c.format, err, out.String())
		}
	}
	// The list's header line is no field name to refuse.
	var out bytes.Buffer
	tr, err := deid.NewTransformer(policy, keptKeys(t), deid.Options{Input: deid.CSV, Exclude: list, ExcludeField: "user_id"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(t.Context(), strings.NewReader("user_id,steps\nu-1,10\nu-42,11\n"), &out); err != nil {
		t.Errorf("a list with its header: %v", err)
	}
}
