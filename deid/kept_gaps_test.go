package deid_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// TestKeptValueGaps: identifiers the detectors did not read (labelled
// numbers, nine-digit SSNs, coordinates, handles, dates without a year,
// eight-digit dates, other languages' month names, the record's own
// phone by its last digits and street without its number) in a kept
// field are refused by default, through the transformer, and the near
// misses beside them are written.
func TestKeptValueGaps(t *testing.T) {
	bad := []string{
		"MRN: 00482193", "medical record no. 4821", "member ID XK-4821-99", "license plate ABC 1234",
		"482913507", "482 91 3507", "48.8566, 2.3522", `48°51'24"N 2°21'08"E`, "ping @zelda_q",
		"seen Mar 4", "on 4 March", "03/04", "19500304", "4 mars 1950", "4. März 1950", "4 de marzo de 1950",
		"call 555-2671", "walks on Main Street daily",
	}
	fine := []string{"the march 5 times", "record 5 steps", "1.025, 1.030", "38.5°C", "pain 10/10", "3/4 cup", "Pixel 7"}
	for _, v := range bad {
		t.Run(v, func(t *testing.T) {
			c := keptCase{fields: []string{"user_id", "last_name", "phone", "address", "device_model", "steps"}}
			p := c.policy()
			for i := range p.Fields {
				if p.Fields[i].Field == "phone" || p.Fields[i].Field == "address" {
					p.Fields[i].Action = deid.Drop
				}
			}
			var out, quar bytes.Buffer
			tr, err := deid.NewTransformer(p, keptKeys(t), deid.Options{Input: deid.CSV, Output: deid.CSV, Quarantine: &quar})
			if err != nil {
				t.Fatal(err)
			}
			text := encodeRows(deid.CSV, c.fields, []map[string]string{{"user_id": "u-1", "last_name": "Okonkwo",
				"phone": "+1 (415) 555-2671", "address": "12 Main Street, Springfield", "device_model": v, "steps": "10"}})
			rep, err := tr.Run(t.Context(), strings.NewReader(text), &out)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Quarantined != 1 || strings.Contains(out.String(), v) {
				t.Errorf("quarantined %d, output %q", rep.Quarantined, out.String())
			}
			for reason := range rep.QuarantineReasons {
				if !strings.Contains(reason, "kept value holds an identifier") || !strings.Contains(reason, "device_model") {
					t.Errorf("quarantined for %q", reason)
				}
			}
		})
	}
	for _, v := range fine {
		t.Run("near miss "+v, func(t *testing.T) {
			c := keptCase{fields: []string{"user_id", "device_model", "steps"}}
			var out bytes.Buffer
			tr, err := deid.NewTransformer(c.policy(), keptKeys(t), deid.Options{Input: deid.CSV, Output: deid.CSV})
			if err != nil {
				t.Fatal(err)
			}
			text := encodeRows(deid.CSV, c.fields, []map[string]string{{"user_id": "u-1", "device_model": v, "steps": "10"}})
			if _, err := tr.Run(t.Context(), strings.NewReader(text), &out); errors.Is(err, deid.ErrKeptIdentifier) || err != nil {
				t.Fatalf("a near miss refused: %v", err)
			}
		})
	}
}
