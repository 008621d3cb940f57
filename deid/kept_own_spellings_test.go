package deid_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/deidkit/deidkit/deid"
)

// TestKeptOwnIdentifierSpellings: the record's own phone, MAC address, ZIP
// code and date of birth, written otherwise in a kept text field of the research
// sample, are refused (the record is quarantined), and the near misses
// beside them, among them a measurement equal to the ZIP code, are
// written.
func TestKeptOwnIdentifierSpellings(t *testing.T) {
	fields := []string{"user_id", "last_name", "phone", "mac", "date_of_birth", "zip", "device_model", "steps"}
	p, _, err := deid.SafeHarbor(fields, deid.SafeHarborOptions{ReferenceDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), PseudonymDomain: "research"})
	if err != nil {
		t.Fatal(err)
	}
	base := map[string]string{"user_id": "u-1", "last_name": "Smithers", "phone": "555-201-3344",
		"mac": "0A:1B:2C:3D:4E:5F", "date_of_birth": "1954-03-02", "zip": "11201", "device_model": "BPM Connect", "steps": "23"}
	runOne := func(t *testing.T, field, v string) (quarantined int64, out string) {
		rec := map[string]string{}
		for k, x := range base {
			rec[k] = x
		}
		rec[field] = v
		line, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		var o, q bytes.Buffer
		tr, err := deid.NewTransformer(p, keptKeys(t), deid.Options{Input: deid.NDJSON, Output: deid.NDJSON, Quarantine: &q})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := tr.Run(t.Context(), bytes.NewReader(append(line, '\n')), &o)
		if err != nil {
			t.Fatal(err)
		}
		return rep.Quarantined, o.String()
	}
	refused := []string{
		"555/201/3344", "555_201_3344", "555,201,3344", "555 -- 201 -- 3344", "201/3344",
		"0a1b2c3d4e5f", "0A 1B 2C 3D 4E 5F", "0a.1b.2c.3d.4e.5f", "a:1b:2c:3d:4e:5f", "0a1b.2c3d.4e5f",
		"11201", " 11201 ",
		"02Mar1954", "2MAR54", "Mar-02-1954", "1954 03 02", "1954_03_02", "03021954", "02.03.54", "1954-03", "03/1954",
	}
	for _, v := range refused {
		t.Run(v, func(t *testing.T) {
			if n, out := runOne(t, "device_model", v); n != 1 || strings.Contains(out, v) {
				t.Errorf("quarantined %d, output %q", n, out)
			}
		})
	}
	written := []struct{ field, v string }{
		{"device_model", "BPM Connect"}, {"device_model", "Body Cardio v2"}, {"device_model", "11202"},
		{"device_model", "112010"}, {"device_model", "0a1b2c3d4e60"}, {"device_model", "0a:1b:2c:3d:4e"}, {"device_model", "v5.55.201"},
		{"device_model", "3344"}, {"steps", "11201"}, {"steps", "3344"},
		{"device_model", "1954"}, {"device_model", "1954-04"}, {"device_model", "03/1955"}, {"device_model", "v1954.3"},
	}
	for _, c := range written {
		t.Run("near miss "+c.field+" "+c.v, func(t *testing.T) {
			if n, out := runOne(t, c.field, c.v); n != 0 || !strings.Contains(out, c.v) {
				t.Errorf("quarantined %d, output %q", n, out)
			}
		})
	}
}
