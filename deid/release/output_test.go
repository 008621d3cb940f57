package release_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/deid/parquet"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/pseudo"
)

func sampleCSV(t *testing.T, rows int, format deid.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	cfg := deidtest.Config{Rows: rows, Seed: 20261125, MinPerUser: 1, MaxPerUser: 8}
	write := deidtest.WriteCSV
	if format == deid.NDJSON {
		write = deidtest.WriteNDJSON
	}
	if err := write(context.Background(), &b, cfg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func researchConfig(t *testing.T, p *release.Privacy) release.Config {
	t.Helper()
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	ref := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return release.Config{
		Profile: release.Research(ref, "research/partner-x"),
		Keys:    deid.Keys{Pseudonyms: ks},
		Privacy: p,
	}
}

// schemaOf reads a Parquet file's columns back with parquet-go: the
// physical kind and logical type of each.
func schemaOf(t *testing.T, data []byte) map[string]string {
	t.Helper()
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, fld := range f.Schema().Fields() {
		typ := fld.Type().Kind().String()
		if lt := fld.Type().LogicalType(); lt != nil && lt.Value != nil {
			switch v := lt.Value.(type) {
			case *format.TimestampType:
				if _, micros := v.Unit.Value.(*format.MicroSeconds); micros && v.IsAdjustedToUTC {
					typ += " TIMESTAMP"
				}
			case *format.StringType:
				typ += " STRING"
			}
		}
		out[fld.Name()] = typ
	}
	return out
}

// The research release in Parquet has typed columns, with and without the
// k-anonymity stage: DOUBLE measurements, INT64 counts, TIMESTAMP times,
// and text only where the values are text (pseudonyms, generalized
// quasi-identifiers, device models).
func TestResearchParquetIsTyped(t *testing.T) {
	in := sampleCSV(t, 3000, deid.CSV)
	want := map[string]string{
		"user_id": "BYTE_ARRAY STRING", "date_of_birth": "BYTE_ARRAY STRING", "sex": "BYTE_ARRAY STRING",
		"zip": "BYTE_ARRAY STRING", "state": "BYTE_ARRAY STRING", "device_model": "BYTE_ARRAY STRING",
		"measured_at": "INT64 TIMESTAMP", "weight_kg": "DOUBLE", "fat_mass_kg": "DOUBLE", "muscle_mass_kg": "DOUBLE",
		"heart_rate": "INT64", "systolic": "INT64", "diastolic": "INT64", "sleep_minutes": "INT64", "steps": "INT64",
	}
	for _, p := range []*release.Privacy{nil, {QuasiIdentifiers: []string{"date_of_birth", "sex", "zip", "state"}, K: 10, Person: "user_id"}} {
		var out bytes.Buffer
		rep, err := release.Run(context.Background(), bytes.NewReader(in), parquet.NewRecordWriter(&out, parquet.Options{}), researchConfig(t, p))
		if err != nil {
			t.Fatal(err)
		}
		got := schemaOf(t, out.Bytes())
		for col, typ := range want {
			if got[col] != typ {
				t.Errorf("k stage %v: column %s is %q, want %q", p != nil, col, got[col], typ)
			}
		}
		if len(got) != len(want) {
			t.Errorf("columns %v", got)
		}
		for _, c := range rep.Columns {
			if c.Type == release.Auto {
				t.Errorf("report: column %s has no type", c.Name)
			}
		}
	}
}

// Without a k-anonymity stage, types come from the first records; a later
// value that does not fit is an error naming the record and the column,
// never the value. A declared type wins.
func TestTypesFromFirstRecords(t *testing.T) {
	var in strings.Builder
	in.WriteString("id,n\n")
	for i := range 1100 {
		in.WriteString("a" + string(rune('a'+i%26)) + ",7")
		if i == 1050 {
			in.WriteString(".25") // the only number that is not an integer
		}
		in.WriteString("\n")
	}
	cfg := release.Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: &deid.Policy{Default: deid.Keep}}
	var out bytes.Buffer
	_, err := release.Run(context.Background(), strings.NewReader(in.String()), parquet.NewRecordWriter(&out, parquet.Options{}), cfg)
	var te *release.TypeError
	if !errors.As(err, &te) || te.Record != 1051 || te.Column != "n" || te.Type != release.Int64 || te.Inferred != 1024 {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "7.25") {
		t.Fatalf("error %q names the value", err)
	}
	cfg.Types = map[string]release.Type{"n": release.Double}
	out.Reset()
	rep, err := release.Run(context.Background(), strings.NewReader(in.String()), parquet.NewRecordWriter(&out, parquet.Options{}), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := schemaOf(t, out.Bytes())["n"]; got != "DOUBLE" || !slices.Contains(rep.Columns, release.Column{Name: "n", Type: release.Double}) {
		t.Fatalf("declared double: %q, %v", got, rep.Columns)
	}
	cfg.Types = map[string]release.Type{"nope": release.Double}
	if _, err := release.Run(context.Background(), strings.NewReader(in.String()), release.CSV(&out), cfg); !errors.Is(err, release.ErrConfig) {
		t.Fatalf("a type for a missing column: %v", err)
	}
}

// NDJSON in, NDJSON out: the k-anonymity stage reads dotted paths and
// writes flat objects with typed numbers.
func TestNDJSONRelease(t *testing.T) {
	in := sampleCSV(t, 2000, deid.NDJSON)
	cfg := researchConfig(t, &release.Privacy{QuasiIdentifiers: []string{"date_of_birth", "sex", "zip", "state"}, K: 5, Person: "user_id"})
	cfg.Input = deid.NDJSON
	var out bytes.Buffer
	rep, err := release.Run(context.Background(), bytes.NewReader(in), release.NDJSON(&out), cfg)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if int64(len(lines)) != rep.Written || !rep.Reconciles() || !rep.KAnonymity.Verified {
		t.Fatalf("%d lines, report %+v", len(lines), rep.Report)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if _, ok := rec["heart_rate"].(float64); !ok {
		t.Errorf("heart_rate is %T, want a number", rec["heart_rate"])
	}
	if _, ok := rec["date_of_birth"].(string); !ok {
		t.Errorf("date_of_birth is %T, want a string", rec["date_of_birth"])
	}
	for _, id := range []string{"email", "first_name", "phone", "ip", "note"} {
		if _, ok := rec[id]; ok {
			t.Errorf("%s released", id)
		}
	}
}

// Without a k-anonymity stage, CSV and NDJSON are written by the field
// stage itself: the AI-engine feed costs what the transformer costs.
func TestFieldOnlyIsTheTransformer(t *testing.T) {
	in := sampleCSV(t, 1000, deid.CSV)
	cfg := researchConfig(t, nil)
	pol, _, err := cfg.Profile(strings.Split(strings.SplitN(string(in), "\n", 2)[0], ","))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Policy, cfg.Profile = pol, nil
	tr, err := deid.NewTransformer(pol, cfg.Keys, deid.Options{Input: deid.CSV})
	if err != nil {
		t.Fatal(err)
	}
	var want, got bytes.Buffer
	if _, err := tr.Run(context.Background(), bytes.NewReader(in), &want); err != nil {
		t.Fatal(err)
	}
	rep, err := release.Run(context.Background(), bytes.NewReader(in), release.CSV(&got), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) || rep.KAnonymity != nil || rep.Written != 1000 {
		t.Fatalf("field-only release differs from the transformer's output (report %+v)", rep.Report)
	}
}

func TestConfigErrors(t *testing.T) {
	in := sampleCSV(t, 200, deid.CSV)
	for name, p := range map[string]*release.Privacy{
		"k=1":                        {QuasiIdentifiers: []string{"sex"}, K: 1},
		"no quasi-identifiers":       {K: 5},
		"l without sensitive":        {QuasiIdentifiers: []string{"sex"}, K: 5, L: 2},
		"suppression over 1":         {QuasiIdentifiers: []string{"sex"}, K: 5, Suppression: 2},
		"person is a QI":             {QuasiIdentifiers: []string{"sex"}, K: 5, Person: "sex"},
		"dropped quasi-identifier":   {QuasiIdentifiers: []string{"email"}, K: 5},
		"missing person column":      {QuasiIdentifiers: []string{"sex"}, K: 5, Person: "patient"},
		"hierarchy of a non-QI":      {QuasiIdentifiers: []string{"sex"}, K: 5, Hierarchies: map[string]*kanon.Hierarchy{"state": nil}},
		"unknown algorithm":          {QuasiIdentifiers: []string{"sex"}, K: 5, Algorithm: 9},
		"repeated quasi-identifiers": {QuasiIdentifiers: []string{"sex", "sex"}, K: 5},
		"the field stage's input":    {QuasiIdentifiers: []string{"sex"}, K: 5}, // with Field.Input set below
		"the field stage's tees":     nil,                                       // with Field.OutputTee set below
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			cfg := researchConfig(t, p)
			switch name {
			case "the field stage's input":
				cfg.Field.Input = deid.NDJSON
			case "the field stage's tees":
				cfg.Field.OutputTee = &bytes.Buffer{}
			}
			_, err := release.Run(context.Background(), bytes.NewReader(in), release.CSV(&out), cfg)
			if !errors.Is(err, release.ErrConfig) {
				t.Fatalf("err = %v", err)
			}
			if out.Len() > 0 {
				t.Fatal("output written")
			}
		})
	}
}

// Columns that the policy generalizes into codes are text even when every
// value seen looks like a number: a release without a k-anonymity stage
// must not fail on the first "021" or "90+" after 1024 records of "941"
// and "1954". Numbers the policy keeps are typed.
func TestCodesStayText(t *testing.T) {
	var in strings.Builder
	in.WriteString("zip,birth,reading\n")
	for i := range 1100 {
		zip, birth := "94110", "1954-03-02"
		if i == 1090 {
			zip, birth = "02139", "1921-07-09"
		}
		in.WriteString(zip + "," + birth + ",7\n")
	}
	cfg := release.Config{Policy: &deid.Policy{
		ReferenceDate: "2026-01-01",
		Fields: []deid.Rule{
			{Field: "zip", Action: deid.ZIP3},
			{Field: "birth", Action: deid.Year},
			{Field: "reading", Action: deid.Keep},
		},
	}}
	var out bytes.Buffer
	rep, err := release.Run(context.Background(), strings.NewReader(in.String()), parquet.NewRecordWriter(&out, parquet.Options{}), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := schemaOf(t, out.Bytes())
	if got["zip"] != "BYTE_ARRAY STRING" || got["birth"] != "BYTE_ARRAY STRING" || got["reading"] != "INT64" || rep.Written != 1100 {
		t.Fatalf("columns %v, %d written", got, rep.Written)
	}

	// CSV in, NDJSON out: the same types, numbers as JSON numbers.
	out.Reset()
	if _, err := release.Run(context.Background(), strings.NewReader(in.String()), release.NDJSON(&out), cfg); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(out.String(), "\n")
	if first != `{"zip":"941","birth":"1954","reading":7}` {
		t.Fatalf("first record %s", first)
	}
}

// A record without a person cannot be counted in people: the error names
// the record and the column, and is a deid.ErrMissingField.
func TestEmptyPerson(t *testing.T) {
	in := "user,sex\nu1,F\n,M\n"
	cfg := release.Config{
		Policy:  &deid.Policy{Default: deid.Keep},
		Field:   deid.Options{AllowKeptIdentifiers: true},
		Privacy: &release.Privacy{QuasiIdentifiers: []string{"sex"}, K: 2, Person: "user"},
	}
	var out bytes.Buffer
	_, err := release.Run(context.Background(), strings.NewReader(in), release.CSV(&out), cfg)
	if !errors.Is(err, deid.ErrMissingField) || !strings.Contains(err.Error(), "record 2") || out.Len() > 0 {
		t.Fatalf("err = %v, %d bytes written", err, out.Len())
	}
}

// Algorithms and types read back the names they write, for flags and
// configuration files; an unknown name is a configuration error.
func TestNames(t *testing.T) {
	for a := release.TopDown; a <= release.Optimal; a++ {
		var got release.Algorithm
		if err := got.UnmarshalText([]byte(a.String())); err != nil || got != a {
			t.Errorf("%v: read back %v, %v", a, got, err)
		}
	}
	for ty := release.Auto; ty <= release.Timestamp; ty++ {
		var got release.Type
		if err := got.UnmarshalText([]byte(ty.String())); err != nil || got != ty {
			t.Errorf("%v: read back %v, %v", ty, got, err)
		}
	}
	var a release.Algorithm
	var ty release.Type
	if err := a.UnmarshalText([]byte("greedy")); !errors.Is(err, release.ErrConfig) {
		t.Errorf("unknown algorithm: %v", err)
	}
	if err := ty.UnmarshalText([]byte("Algorithm(9)")); !errors.Is(err, release.ErrConfig) {
		t.Errorf("unknown type: %v", err)
	}
}
