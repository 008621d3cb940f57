package deid

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// The profiles keep a field named like a measurement only for values
// that are numbers: a name or a note there is a record error naming the
// field (quarantined when asked), in CSV and NDJSON, never released.
// Before, "weight_kg": "Zelda Quixote" went to the AI engine as it was.
func TestProfilesKeepMeasurementsAsNumbersOnly(t *testing.T) {
	profiles := map[string]func([]string) (*Policy, error){
		"ai-engine": func(f []string) (*Policy, error) {
			p, _, err := AIEngine(f, AIEngineOptions{ReferenceDate: profileRef})
			return p, err
		},
		"safe-harbor": func(f []string) (*Policy, error) {
			p, _, err := SafeHarbor(f, SafeHarborOptions{ReferenceDate: profileRef, PseudonymDomain: "research/x"})
			return p, err
		},
	}
	fields := []string{"user_id", "weight_kg", "heart_rate", "SpO2", "blood_pressure", "sleep_minutes", "ecg_classification"}
	good := []string{"61.4", "-3", "1e3", "120/80", "07:30", "+0.5", "", "NA", "n/a", "NaN", "null", "None", "-Inf",
		"61.4 kg", "61,4", "1 234", " 75.0 ", "72 bpm", "120/80 mmHg", "98%", "-", "--", "unknown", "Missing"}
	bad := []string{"Zelda Quixote", "call Zelda", "61.4 Zelda", "Zelda", "bpm", "e5", "61.4 bpm bpm", "Nan Li", "NA NA", "Ina", "Eve"}
	for name, profile := range profiles {
		p, err := profile(fields)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range []Format{CSV, NDJSON} {
			t.Run(name+"/"+format.String(), func(t *testing.T) {
				// Every good value in every measured field, and text in
				// the classification, which is a label: written.
				var in strings.Builder
				if format == CSV {
					in.WriteString(strings.Join(fields, ",") + "\n")
				}
				for _, v := range good {
					record(&in, format, fields, []string{"u-1", v, v, v, v, v, "Atrial fibrillation"})
				}
				out, rep, err := runErr(t, p, Options{Input: format, Output: format}, in.String())
				if err != nil || rep.Written != int64(len(good)) {
					t.Fatalf("good values: %v, %+v", err, rep)
				}
				if !strings.Contains(out, "Atrial fibrillation") || !strings.Contains(out, "120/80") {
					t.Errorf("output %q lost a kept value", out)
				}
				// Each bad value, in each measured field: refused, named.
				for col := 1; col <= 5; col++ {
					for _, v := range bad {
						var in strings.Builder
						if format == CSV {
							in.WriteString(strings.Join(fields, ",") + "\n")
						}
						vals := []string{"u-1", "61.4", "62", "97", "120/80", "420", "sinus rhythm"}
						vals[col] = v
						record(&in, format, fields, vals)
						out, _, err := runErr(t, p, Options{Input: format, Output: format}, in.String())
						var fe *FieldError
						if !errors.Is(err, ErrUnexpectedValue) || !errors.As(err, &fe) || fe.Field != fields[col] || fe.Line != int64(1+btoi(format == CSV)) {
							t.Fatalf("%s = %q: got %v, want ErrUnexpectedValue naming the field and line", fields[col], v, err)
						}
						if strings.Contains(err.Error(), v) || strings.Contains(out, v) {
							t.Fatalf("%s = %q: the value is in the error %q or the output %q", fields[col], v, err, out)
						}
						var q bytes.Buffer
						_, rep, err := runErr(t, p, Options{Input: format, Output: format, Quarantine: &q}, in.String())
						if err != nil || rep.Quarantined != 1 || rep.Written != 0 {
							t.Fatalf("%s = %q with a quarantine: %v, %+v", fields[col], v, err, rep)
						}
					}
				}
			})
		}
	}
}

// record appends one record of fields with vals (strings; a value that is
// a number is written as a JSON number) to b.
func record(b *strings.Builder, format Format, fields, vals []string) {
	if format == CSV {
		b.WriteString(csvOf([][]string{vals}))
		return
	}
	b.WriteString("{")
	for i, f := range fields {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"` + f + `":`)
		if v := vals[i]; v == "null" || v != "" && (v[0] == '-' || '0' <= v[0] && v[0] <= '9') && json.Valid([]byte(v)) {
			b.WriteString(v)
		} else {
			b.WriteString(`"` + v + `"`)
		}
	}
	b.WriteString("}\n")
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestMeasuredName(t *testing.T) {
	for name, want := range map[string]bool{
		"weight_kg": true, "heart_rate": true, "steps": true, "SpO2": true, "systolic": true, "blood_pressure": true,
		"sleep_minutes": true, "resting_heart_rate_bpm": true, "body_temperature": true,
		"ecg_classification": false, "activity_type": false, "sleep_quality": false, "afib": false, "sleep": false,
		"temperature_unit": false, "ecg_waveform": false, "ecg_samples": false,
	} {
		if got := measuredName(name); got != want {
			t.Errorf("measuredName(%q) = %v, want %v", name, got, want)
		}
	}
}

// expect is a parameter of keep, and "number" its only value.
func TestExpectIsValidated(t *testing.T) {
	for _, tc := range []struct {
		rule Rule
		ok   bool
	}{
		{Rule{Field: "w", Action: Keep, Expect: ExpectNumber}, true},
		{Rule{Field: "w", Action: Keep, Expect: "text"}, false},
		{Rule{Field: "w", Action: Round, Decimals: new(int), Expect: ExpectNumber}, false},
	} {
		err := (&Policy{Fields: []Rule{tc.rule}}).Validate()
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrPolicy)) {
			t.Errorf("%+v: %v", tc.rule, err)
		}
	}
	p, err := ParsePolicy([]byte(`{"fields": [{"field": "w", "action": "keep", "expect": "number"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := runErr(t, p, Options{Input: CSV}, "w\nZelda\n"); !errors.Is(err, ErrUnexpectedValue) {
		t.Errorf("a policy's expect: %v", err)
	}
}
