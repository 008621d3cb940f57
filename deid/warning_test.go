package deid

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
)

type warnKey struct {
	field string
	kind  WarningKind
	cat   Category
}

func warnKeys(ws []Warning) []warnKey {
	var ks []warnKey
	for _, w := range ws {
		ks = append(ks, warnKey{w.Field, w.Kind, w.Category})
	}
	return ks
}

// "default": "keep" releases identifiers; each kept field whose name reads
// as one is a warning, from Compile and in the report, in either format.
func TestWarningsOfDefaultKeep(t *testing.T) {
	header := []string{"email", "first_name", "phone", "ip", "mac", "lat", "lon", "weight_kg", "measured_at", "dob", "user_id", "note"}
	row := []string{"ann.smith@example.org", "Ann", "617-555-0142", "10.20.30.40", "aa:bb:cc:dd:ee:ff", "42.36", "-71.06", "72.4",
		"2025-06-01T07:00:00Z", "1980-02-03", "u-1000007", "call 617-555-0142"}
	p := &Policy{Default: Keep, Fields: []Rule{{Field: "note", Action: Scrub}}}
	want := []warnKey{
		{"email", WarnIdentifierName, CategoryEmail},
		{"first_name", WarnIdentifierName, CategoryNames},
		{"phone", WarnIdentifierName, CategoryPhone},
		{"ip", WarnIdentifierName, CategoryIP},
		{"mac", WarnIdentifierName, CategoryDevice},
		{"lat", WarnIdentifierName, CategoryGeographic},
		{"lon", WarnIdentifierName, CategoryGeographic},
		{"dob", WarnIdentifierName, CategoryDates},
		{"user_id", WarnIdentifierName, CategoryOther},
		{"", WarnDefaultKeep, ""},
	}
	pl, err := Compile(p, header, Keys{})
	if err != nil {
		t.Fatal(err)
	}
	if got := warnKeys(pl.Warnings()); !slices.Equal(got, want) {
		t.Fatalf("Compile warnings\n%v\nwant\n%v", got, want)
	}
	// The run adds what the values look like.
	wantRun := append(slices.Clone(want),
		warnKey{"email", WarnIdentifierValues, CategoryEmail},
		warnKey{"phone", WarnIdentifierValues, CategoryPhone},
		warnKey{"ip", WarnIdentifierValues, CategoryIP},
		warnKey{"mac", WarnIdentifierValues, CategoryDevice},
		warnKey{"dob", WarnIdentifierValues, CategoryDates},
	)
	var in bytes.Buffer
	w := csv.NewWriter(&in)
	w.Write(header)
	for range 3 {
		w.Write(row)
	}
	w.Flush()
	var obj []string
	for i, f := range header {
		obj = append(obj, fmt.Sprintf("%q:%q", f, row[i]))
	}
	jsonIn := strings.Repeat("{"+strings.Join(obj, ",")+"}\n", 3)
	for _, tc := range []struct {
		format Format
		in     string
	}{{CSV, in.String()}, {NDJSON, jsonIn}} {
		for _, workers := range []int{1, 3} {
			_, rep, err := run(t, p, Keys{}, Options{AllowKeptIdentifiers: true, Input: tc.format, Workers: workers, ChunkSize: 64}, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got := warnKeys(rep.Warnings)
			for _, k := range wantRun {
				if !slices.Contains(got, k) {
					t.Errorf("%v: no warning %v in %v", tc.format, k, got)
				}
			}
			if len(got) != len(wantRun) {
				t.Errorf("%v: warnings %v, want %v", tc.format, got, wantRun)
			}
			text := fmt.Sprintf("%+v", rep.Warnings)
			for _, v := range row {
				if len(v) > 3 && strings.Contains(text, v) {
					t.Errorf("%v: warnings repeat %q: %s", tc.format, v, text)
				}
			}
		}
	}
}

// A kept field with an innocent name whose values are identifiers is a
// warning once the run samples them (the first records of each chunk),
// late in the input too; timestamps kept under a date's name are not.
func TestWarningsOfValues(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "device_model", Action: Keep}, {Field: "measured_at", Action: Keep},
		{Field: "x7", Action: Keep}, {Field: "weight_kg", Action: Keep}}}
	var in strings.Builder
	in.WriteString("device_model,measured_at,x7,weight_kg\n")
	for i := range 5000 {
		model, x7 := "Scale-X2", "a"
		if i >= 3000 {
			model, x7 = "ann.smith@example.org", "1980-02-03"
		}
		fmt.Fprintf(&in, "%s,2025-06-01T07:%02d:00Z,%s,%d.5\n", model, i%60, x7, 50+i%40)
	}
	pl, err := Compile(p, []string{"device_model", "measured_at", "x7", "weight_kg"}, Keys{})
	if err != nil || len(pl.Warnings()) != 0 {
		t.Fatalf("Compile: %v, %v", pl.Warnings(), err)
	}
	_, rep, err := run(t, p, Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Workers: 2, ChunkSize: 4096}, in.String())
	if err != nil {
		t.Fatal(err)
	}
	want := []warnKey{{"device_model", WarnIdentifierValues, CategoryEmail}, {"x7", WarnIdentifierValues, CategoryDates}}
	if got := warnKeys(rep.Warnings); !slices.Equal(got, want) {
		t.Fatalf("warnings %v, want %v", got, want)
	}
}

// The profiles warn of nothing on a realistic export: a warning that
// every run prints is one nobody reads.
func TestProfilesWarnOfNothing(t *testing.T) {
	var in bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &in, deidtest.Config{Rows: 2000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	header := strings.Split(strings.SplitN(in.String(), "\n", 2)[0], ",")
	keys := profileKeys(t)
	for name, p := range shapeProfiles(t, header) {
		_, rep, err := run(t, p, keys, Options{Input: CSV}, in.String())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(rep.Warnings) != 0 {
			t.Errorf("%s: %v", name, rep.Warnings)
		}
	}
	// The research policy of the examples neither.
	_, rep, err := run(t, researchPlan(t).Policy(), keys, Options{Input: CSV}, in.String())
	if err != nil || len(rep.Warnings) != 0 {
		t.Errorf("research policy: %v, %v", rep.Warnings, err)
	}
}

// Parameters that leave values as they are, while the report says they
// were generalized, are refused unless the rule allows it.
func TestNoopParametersRefused(t *testing.T) {
	for _, tc := range []struct {
		rule string
		err  string
	}{
		{`{"field":"ip","action":"truncate_ip","ipv4_prefix":32}`, "keep whole addresses"},
		{`{"field":"ip","action":"truncate_ip","ipv6_prefix":128}`, "keep whole addresses"},
		{`{"field":"lat","action":"round","decimals":5}`, "as precise as they are written"},
		{`{"field":"lat","action":"round","decimals":9}`, "as precise as they are written"},
		{`{"field":"w","action":"bucket","width":0.00001}`, "labels values as precisely"},
		{`{"field":"w","action":"bucket","ranges":[{"min":1,"max":1.00001,"label":"a"}]}`, "narrower than"},
		{`{"field":"w","action":"keep","allow_noop":true}`, `"allow_noop" does not apply`},
		{`{"field":"w","action":"mask","keep_first":100,"allow_noop":true}`, `"allow_noop" does not apply`},
	} {
		_, err := ParsePolicy([]byte(`{"fields":[` + tc.rule + `]}`))
		if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.rule, err, tc.err)
		}
		if strings.Contains(tc.err, "does not apply") {
			continue
		}
		allowed := strings.TrimSuffix(tc.rule, "}") + `,"allow_noop":true}`
		if _, err := ParsePolicy([]byte(`{"fields":[` + allowed + `]}`)); err != nil {
			t.Errorf("%s: %v", allowed, err)
		}
	}
	for _, ok := range []string{
		`{"field":"ip","action":"truncate_ip","ipv4_prefix":31,"ipv6_prefix":127}`,
		`{"field":"lat","action":"round","decimals":4}`,
		`{"field":"w","action":"bucket","width":0.0001}`,
	} {
		if _, err := ParsePolicy([]byte(`{"fields":[` + ok + `]}`)); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	// The struct tags take allow_noop like any parameter.
	type ipOnly struct {
		IP string `deid:"truncate_ip,ipv4_prefix=32,allow_noop=true"`
	}
	if _, err := ForType[ipOnly](Keys{}); err != nil {
		t.Errorf("struct tag with allow_noop: %v", err)
	}
}

// A mask never releases a whole value, whatever it keeps: a value no
// longer than the kept ends is masked whole.
func TestMaskNeverKeepsAll(t *testing.T) {
	for _, v := range []string{"a", "617-555-0142", "ann.smith@example.org"} {
		got, err := applyRule(t, Keys{}, "", Rule{Field: "f", Action: Mask, KeepFirst: 100, KeepLast: 100}, v)
		if err != nil || got == v || strings.Trim(got, "*") != "" {
			t.Errorf("mask of %q = %q, %v", v, got, err)
		}
	}
}
