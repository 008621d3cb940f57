package deid

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

type keptValueRecord struct {
	UserID    string          `deid:"pseudonymize,domain=d"`
	FullName  string          `deid:"drop"`
	MRN       int64           `deid:"drop"`
	Model     string          `deid:"keep"`
	Label     string          `deid:"keep"`
	Steps     int64           `deid:"keep"`
	WeightKg  float64         `deid:"keep"`
	Mood      *string         `deid:"keep"`
	Reading   string          `deid:"keep"`
	unrelated string          `deid:"keep"`
	Tags      []string        `deid:"keep"`
	Extra     map[string]any  `deid:"keep"`
	Sensor    keptSensor      `deid:"keep"`
	Taken     time.Time       `deid:"keep"`
	Raw       json.RawMessage `deid:"keep"`
}

// keptSensor has no deid tags: it may be kept whole.
type keptSensor struct {
	Vendor string
	Labels []string
}

// A Struct checks the kept values of every value it copies for
// identifiers as a Transformer checks every kept value of every record it
// writes (the same detectors, and the record's own identifiers: a value
// of a field the tags drop or transform whose name reads as an
// identifier), and refuses a value where that check would warn, with
// ErrKeptIdentifier naming the field and the kind, never the value;
// WithKeptIdentifiers lets such values pass, as it lets kept identifier
// names pass. A Struct has no report to warn in: the programs refuse a
// run with such a warning unless told to release kept identifiers.
func TestStructChecksKeptValues(t *testing.T) {
	keys := profileKeys(t)
	s, err := ForType[keptValueRecord](keys)
	if err != nil {
		t.Fatal(err)
	}
	allowed, err := ForType[keptValueRecord](keys, WithKeptIdentifiers())
	if err != nil {
		t.Fatal(err)
	}
	nick := func(s string) *string { return &s }
	base := keptValueRecord{UserID: "u-1", FullName: "Zelda Quist", MRN: 4521977, Model: "Pixel 7", Label: "after lunch", Steps: 812, Reading: "fine"}
	clean := []func(*keptValueRecord){
		func(*keptValueRecord) {},
		func(r *keptValueRecord) { r.Mood = nick("tall one") },
		func(r *keptValueRecord) { r.Steps = 4521 }, // not the whole MRN
		func(r *keptValueRecord) {
			r.Tags, r.Extra = []string{"a", "b"}, map[string]any{"unit": "kg", "n": 3}
			r.Sensor = keptSensor{Vendor: "Acme", Labels: []string{"calibrated"}}
			r.Raw = json.RawMessage(`{"unit":"kg","n":3}`)
			r.Taken = time.Date(2024, 5, 1, 8, 0, 0, 0, time.FixedZone("Zelda", 3600)) // a location's name is no value
		},
	}
	for i, f := range clean {
		r := base
		f(&r)
		if _, err := s.Copy(r); err != nil {
			t.Errorf("clean value %d refused: %v", i, err)
		}
	}
	for _, tc := range []struct {
		name, field string
		set         func(*keptValueRecord)
	}{
		{"e-mail in a kept string", "Label", func(r *keptValueRecord) { r.Label = "mail me at zq@example.org" }},
		{"phone in a kept string", "Model", func(r *keptValueRecord) { r.Model = "call (617) 555-0142" }},
		{"the record's name in a kept string", "Model", func(r *keptValueRecord) { r.Model = "Zelda's phone" }},
		{"the record's name through a kept pointer", "Mood", func(r *keptValueRecord) { r.Mood = nick("quist") }},
		{"the record's MRN as a kept integer", "Steps", func(r *keptValueRecord) { r.Steps = 4521977 }},
		{"an SSN in a kept string", "Reading", func(r *keptValueRecord) { r.Reading = "078-05-1120" }},
		{"an e-mail in a kept slice", "Tags", func(r *keptValueRecord) { r.Tags = []string{"ok", "zq@example.org"} }},
		{"a phone in a kept map's value", "Extra", func(r *keptValueRecord) { r.Extra = map[string]any{"x": []any{"call (617) 555-0142"}} }},
		{"an e-mail as a kept map's key", "Extra", func(r *keptValueRecord) { r.Extra = map[string]any{"zq@example.org": 1} }},
		{"the record's name in a kept struct", "Sensor", func(r *keptValueRecord) { r.Sensor.Labels = []string{"given to Zelda"} }},
		{"an e-mail in kept raw JSON", "Raw", func(r *keptValueRecord) { r.Raw = json.RawMessage(`{"x":"zq@example.org"}`) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := base
			tc.set(&r)
			_, err := s.Copy(r)
			var fe *FieldError
			if !errors.Is(err, ErrKeptIdentifier) || !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("Copy = %v, want a FieldError of %s wrapping ErrKeptIdentifier", err, tc.field)
			}
			for _, v := range []string{"zq@example", "555-0142", "Zelda", "quist", "4521977", "078-05"} {
				if strings.Contains(strings.ToLower(err.Error()), strings.ToLower(v)) {
					t.Errorf("the error shows the value: %v", err)
				}
			}
			if err := s.Apply(&r); !errors.Is(err, ErrKeptIdentifier) {
				t.Errorf("Apply = %v", err)
			}
			if _, err := allowed.Copy(r); err != nil {
				t.Errorf("WithKeptIdentifiers: %v", err)
			}
		})
	}
}
