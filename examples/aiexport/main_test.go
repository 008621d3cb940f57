package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exporttest"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

func run(t testing.TB, args ...string) exporttest.Result {
	t.Helper()
	// The tests are about inputs: they accept the demo keys, which an
	// input of the user's own needs -demo-keys for (demo_test.go).
	return exporttest.Run(t, command(), append([]string{"-demo-keys"}, args...)...)
}

// pseudonymizer returns the demo keys' pseudonymizer of domain.
func pseudonymizer(t testing.TB, domain string) *pseudo.Pseudonymizer {
	t.Helper()
	keys, err := keyfile.Load("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := pseudo.New(keys.Pseudonyms, domain)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// parseNDJSON parses the output, one object per line: strings as they
// are, other values as their JSON text.
func parseNDJSON(t testing.TB, out string) []map[string]string {
	t.Helper()
	var recs []map[string]string
	for line := range strings.Lines(out) {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("output line %d: %v", len(recs)+1, err)
		}
		r := map[string]string{}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) != nil {
				s = string(v)
			}
			r[k] = s
		}
		recs = append(recs, r)
	}
	return recs
}

// TestSample runs the built-in sample (the export's) to stdout: user IDs
// become ai-engine pseudonyms (not research ones), the identifiers go,
// dates of birth become years and ZIP codes ZIP3, measurements are kept.
func TestSample(t *testing.T) {
	dir := t.TempDir()
	reportPath := filepath.Join(dir, "report.json")
	r := run(t, "-reference-date", "2026-01-01", "-out", "-", "-report", reportPath, "-sample-rows", "3000")
	if r.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	_, in := exporttest.Sample(t, dir, "csv", 3000)
	col := map[string]int{}
	for i, h := range in[0] {
		col[h] = i
	}
	recs := parseNDJSON(t, r.Stdout)
	if len(recs) != len(in)-1 {
		t.Fatalf("%d records written, %d read", len(recs), len(in)-1)
	}
	exporttest.NoIdentifiers(t, exporttest.Identifiers(t, in), r.Stdout, r.Stderr)
	ai, research := pseudonymizer(t, "ai-engine"), pseudonymizer(t, "research/partner-x")
	kept := []string{"sex", "state", "device_model", "measured_at", "weight_kg", "fat_mass_kg", "muscle_mass_kg",
		"heart_rate", "systolic", "diastolic", "sleep_minutes", "steps"}
	for i, rec := range recs {
		row := in[i+1]
		id := row[col["user_id"]]
		if rec["user_id"] != ai.Pseudonym(id) || rec["user_id"] == research.Pseudonym(id) {
			t.Fatalf("record %d: user_id %q is not the ai-engine pseudonym of its user", i+1, rec["user_id"])
		}
		if len(rec) != len(kept)+3 {
			t.Fatalf("record %d: %d fields", i+1, len(rec))
		}
		for _, k := range kept {
			if want := row[col[k]]; rec[k] != want && !(want == "" && rec[k] == "null") {
				t.Fatalf("record %d: %s = %q, want %q kept", i+1, k, rec[k], want)
			}
		}
		if zip := row[col["zip"]]; rec["zip"] != zip[:3] && rec["zip"] != "000" {
			t.Fatalf("record %d: zip %q is not zip3", i+1, rec["zip"])
		}
		if y := rec["date_of_birth"]; y != "90+" && y != row[col["date_of_birth"]][:4] {
			t.Fatalf("record %d: date_of_birth %q is not a year", i+1, y)
		}
	}
	rep := exporttest.ReadReport(t, reportPath)
	if !rep.Reconciles() || rep.Read != int64(len(recs)) || rep.Written != int64(len(recs)) || rep.Status != "ok" || rep.Profile == nil {
		t.Errorf("report %+v", rep)
	}
	actions := map[string]string{}
	for _, f := range rep.Profile.Fields {
		actions[f.Field] = string(f.Action)
	}
	for field, want := range map[string]string{"user_id": "pseudonymize", "email": "drop", "first_name": "drop", "phone": "drop",
		"ip": "drop", "mac": "drop", "lat": "drop", "note": "drop", "date_of_birth": "year", "zip": "zip3", "weight_kg": "keep"} {
		if actions[field] != want {
			t.Errorf("report: %s: action %q, want %q", field, actions[field], want)
		}
	}
	if want := fmt.Sprintf("%d records read, %d written, 0 quarantined, 0 suppressed, 0 excluded", len(recs), len(recs)); !strings.Contains(r.Stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.Stderr)
	}
	// The same run again gives the same bytes: the sample is deterministic.
	if again := run(t, "-reference-date", "2026-01-01", "-out", "-", "-sample-rows", "3000", "-workers", "1"); again.Stdout != r.Stdout {
		t.Errorf("a second run differs (exit %d)", again.Code)
	}
}

// TestQuarantineAndExclusion runs a file with malformed values and a list
// of users to exclude: the counts reconcile, excluded users are absent,
// bad records are in the quarantine file and nowhere else.
func TestQuarantineAndExclusion(t *testing.T) {
	dir := t.TempDir()
	_, in := exporttest.Sample(t, dir, "csv", 1500)
	col := map[string]int{}
	for i, h := range in[0] {
		col[h] = i
	}
	excluded := map[string]bool{}
	var wantQuarantined, wantExcluded int64
	var b strings.Builder
	b.WriteString(strings.Join(in[0], ",") + "\n")
	for _, r := range in[2:] {
		if len(excluded) < 3 && r[0] != in[1][0] {
			excluded[r[0]] = true
		}
	}
	for i, r := range in[1:] {
		bad := i%97 == 5
		if bad {
			r[col["date_of_birth"]] = "unknown-" + r[col["email"]]
		}
		switch {
		case excluded[r[0]]:
			wantExcluded++ // exclusion comes before every other rule
		case bad:
			wantQuarantined++
		}
		for j := range r {
			r[j] = `"` + strings.ReplaceAll(r[j], `"`, `""`) + `"`
		}
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	inPath := filepath.Join(dir, "measurements.csv")
	os.WriteFile(inPath, []byte(b.String()), 0o600)
	var ids strings.Builder
	for id := range excluded {
		fmt.Fprintf(&ids, "%s\n\n", id)
	}
	exPath := filepath.Join(dir, "withdrawn.txt")
	os.WriteFile(exPath, []byte(ids.String()), 0o600)
	outPath, qPath, repPath := filepath.Join(dir, "feed.ndjson"), filepath.Join(dir, "bad.ndjson"), filepath.Join(dir, "report.json")

	r := run(t, "-in", inPath, "-out", outPath, "-exclude", exPath, "-quarantine", qPath,
		"-report", repPath, "-reference-date", "2026-01-01", "-workers", "3")
	if r.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	out, _ := os.ReadFile(outPath)
	quarantine, _ := os.ReadFile(qPath)
	rep := exporttest.ReadReport(t, repPath)
	if wantExcluded == 0 || wantQuarantined == 0 {
		t.Fatal("the test input has nothing to exclude or quarantine")
	}
	if !rep.Reconciles() || rep.Read != int64(len(in)-1) || rep.Excluded != wantExcluded || rep.Quarantined != wantQuarantined {
		t.Errorf("report %+v; want %d excluded, %d quarantined", rep.Report.Report, wantExcluded, wantQuarantined)
	}
	for reason := range rep.QuarantineReasons {
		if !strings.Contains(reason, "date_of_birth") || strings.Contains(reason, "unknown-") || strings.Contains(reason, "@") {
			t.Errorf("quarantine reason %q", reason)
		}
	}
	if got := int64(bytes.Count(quarantine, []byte("\n"))); got != wantQuarantined {
		t.Errorf("%d quarantine lines, want %d", got, wantQuarantined)
	}
	repData, _ := os.ReadFile(repPath)
	exporttest.NoIdentifiers(t, exporttest.Identifiers(t, in), string(out), r.Stderr, string(repData))
	ai := pseudonymizer(t, "ai-engine")
	for id := range excluded {
		if bytes.Contains(out, []byte(ai.Pseudonym(id))) {
			t.Errorf("an excluded user's records are in the output")
		}
	}
	if fi, err := os.Stat(outPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("output mode %v, %v", fi.Mode(), err)
	}
}

func TestStdinAndUnknownFields(t *testing.T) {
	in := "user_id,weight_kg,home_wifi_name,shoe_size\nu-1,70.5,Jane's net,42\n"
	var stdout, stderr bytes.Buffer
	code := command().Run(context.Background(), []string{"-demo-keys", "-in", "-", "-in-format", "csv", "-out", "-", "-domain", "ai/partner-b"},
		strings.NewReader(in), &stdout, &stderr)
	if code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if want := `{"user_id":"` + pseudonymizer(t, "ai/partner-b").Pseudonym("u-1") + `","weight_kg":70.5}` + "\n"; stdout.String() != want {
		t.Errorf("output %q, want %q", stdout.String(), want)
	}
	// A field the profile does not know is dropped and named.
	if !strings.Contains(stderr.String(), "dropped 1 fields the profile does not recognize: shoe_size") {
		t.Errorf("stderr: %s", stderr.String())
	}
}

func TestEventDatesAndScrub(t *testing.T) {
	in := "user_id,measured_at,note\nu-1,2025-03-05T07:12:44Z,call me at 415-555-2671 or jane@example.com\n"
	var stdout, stderr bytes.Buffer
	code := command().Run(context.Background(), []string{"-demo-keys", "-in", "-", "-in-format", "csv", "-out", "-", "-event-dates", "month", "-scrub-text"},
		strings.NewReader(in), &stdout, &stderr)
	recs := parseNDJSON(t, stdout.String())
	if code != exportcmd.ExitOK || len(recs) != 1 || recs[0]["measured_at"] != "2025-03" || recs[0]["note"] != "call me at [PHONE] or [EMAIL]" {
		t.Errorf("exit %d, output %s: %s", code, stdout.String(), stderr.String())
	}
}

// TestNDJSONInput runs the sample as NDJSON, flat and nested: the output
// holds no identifier, and flat NDJSON gives the records CSV gives.
func TestNDJSONInput(t *testing.T) {
	dir := t.TempDir()
	cfg := deidtest.Config{Rows: 800, Seed: 11, MinPerUser: 5, MaxPerUser: 30}
	var csvIn bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &csvIn, cfg); err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "m.csv")
	os.WriteFile(csvPath, csvIn.Bytes(), 0o600)
	fromCSV := run(t, "-in", csvPath, "-out", "-", "-reference-date", "2026-01-01")
	if fromCSV.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", fromCSV.Code, fromCSV.Stderr)
	}
	want := parseNDJSON(t, fromCSV.Stdout)
	ids := exporttest.Identifiers(t, exporttest.Records(t, csvIn.Bytes()))
	for _, nested := range []bool{false, true} {
		t.Run(fmt.Sprintf("nested=%v", nested), func(t *testing.T) {
			c := cfg
			c.Nested = nested
			var b bytes.Buffer
			if err := deidtest.WriteNDJSON(context.Background(), &b, c); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprintf("m-%v.jsonl", nested))
			os.WriteFile(path, b.Bytes(), 0o600)
			r := run(t, "-in", path, "-out", "-", "-reference-date", "2026-01-01", "-quarantine", filepath.Join(dir, fmt.Sprintf("q-%v.ndjson", nested)))
			if r.Code != exportcmd.ExitOK {
				t.Fatalf("exit %d: %s", r.Code, r.Stderr)
			}
			exporttest.NoIdentifiers(t, ids, r.Stdout, r.Stderr)
			recs := parseNDJSON(t, r.Stdout)
			if len(recs) != len(want) {
				t.Fatalf("%d records, want %d", len(recs), len(want))
			}
			for i := range recs {
				if recs[i]["user_id"] != want[i]["user_id"] {
					t.Fatalf("record %d: user_id is not the one from CSV", i+1)
				}
				if g, w := fmt.Sprint(recs[i]), fmt.Sprint(want[i]); !nested && g != w {
					t.Fatalf("record %d from NDJSON\n%s\nfrom CSV\n%s", i+1, g, w)
				}
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"research domain", []string{"-domain", "research/partner-x"}, "a domain of its own"},
		{"empty domain", []string{"-domain", ""}, "a domain of its own"},
		{"bad event dates", []string{"-event-dates", "shift"}, `-event-dates: "shift"`},
		{"k-anonymity is the export's", []string{"-k", "5"}, "flag provided but not defined: -k"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := run(t, tc.args...); r.Code != exportcmd.ExitUsage || !strings.Contains(r.Stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", r.Code, r.Stderr, tc.want)
			}
		})
	}
}
