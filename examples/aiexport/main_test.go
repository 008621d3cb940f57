package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

// runAI runs the program with args and returns its stdout and stderr.
func runAI(t testing.TB, stdin io.Reader, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, stdin, &out, &errOut)
	return out.String(), errOut.String(), err
}

// table is a CSV input: its header, rows and the index of each column.
type table struct {
	header []string
	rows   [][]string
	col    map[string]int
}

func parseCSV(t testing.TB, data []byte) *table {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tb := &table{header: recs[0], rows: recs[1:], col: map[string]int{}}
	for i, h := range tb.header {
		tb.col[h] = i
	}
	return tb
}

func (tb *table) values(col string) []string {
	var vs []string
	for _, r := range tb.rows {
		if v := r[tb.col[col]]; v != "" {
			vs = append(vs, v)
		}
	}
	return vs
}

func sampleCSV(t testing.TB, cfg deidtest.Config) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &b, cfg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pseudonymizers returns the demo keys' pseudonymizers of the AI feed and
// of a research export.
func pseudonymizers(t testing.TB) (ai, research *pseudo.Pseudonymizer) {
	t.Helper()
	keys, err := keyfile.Load("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if ai, err = pseudo.New(keys.Pseudonyms, "ai-engine"); err != nil {
		t.Fatal(err)
	}
	if research, err = pseudo.New(keys.Pseudonyms, "research/partner-x"); err != nil {
		t.Fatal(err)
	}
	return ai, research
}

// parseNDJSON parses the output, one object per line, every value a
// string.
func parseNDJSON(t testing.TB, out string) []map[string]string {
	t.Helper()
	var recs []map[string]string
	for line := range strings.Lines(out) {
		var m map[string]string
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("output line %d: %v", len(recs)+1, err)
		}
		recs = append(recs, m)
	}
	return recs
}

var (
	wordRE   = regexp.MustCompile(`\pL+`)
	numberRE = regexp.MustCompile(`-?[0-9]+\.[0-9]+`)
)

// checkNoIdentifiers fails if any e-mail address, phone number, IP or MAC
// address, name, position or raw user ID of the input appears in outputs
// (as a substring; names as a whole word, positions as a whole number), or
// if any research pseudonym of an input user does.
func checkNoIdentifiers(t testing.TB, in *table, outputs ...string) {
	t.Helper()
	_, research := pseudonymizers(t)
	all := strings.Join(outputs, "\n")
	seen := map[string]bool{}
	for _, col := range []string{"user_id", "email", "phone", "ip", "mac"} {
		for _, v := range in.values(col) {
			if seen[v] {
				continue
			}
			seen[v] = true
			if strings.Contains(all, v) {
				t.Errorf("output contains the %s %q", col, v)
			}
			if col == "user_id" && strings.Contains(all, research.Pseudonym(v)) {
				t.Errorf("output contains the research pseudonym of user %q", v)
			}
		}
	}
	// Positions and names, one per row or shared with common words, are
	// looked up by the output's numbers and words instead.
	positions := map[string]bool{}
	for _, col := range []string{"lat", "lon"} {
		for _, v := range in.values(col) {
			positions[v] = true
		}
	}
	for _, n := range numberRE.FindAllString(all, -1) {
		if positions[n] {
			t.Errorf("output contains the position %q", n)
		}
	}
	names := map[string]bool{}
	for _, col := range []string{"first_name", "last_name"} {
		for _, v := range in.values(col) {
			names[v] = true
		}
	}
	for _, w := range wordRE.FindAllString(all, -1) {
		if names[w] {
			t.Errorf("output contains the name %q", w)
		}
	}
}

// report is the part of the -report file the tests read.
type report struct {
	Domain     string `json:"domain"`
	Reconciles bool   `json:"reconciles"`
	Profile    struct {
		Fields []struct {
			Field  string `json:"field"`
			Action string `json:"action"`
		} `json:"fields"`
		Unrecognized []string `json:"unrecognized"`
	} `json:"profile"`
	Run struct {
		Read, Written, Quarantined, Suppressed, Excluded int64
		QuarantineReasons                                map[string]int64 `json:"quarantine_reasons"`
	} `json:"run"`
}

func readReport(t testing.TB, path string) *report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The report's counts carry the names deid.Report gives them.
	renamed := strings.NewReplacer(`"records_read"`, `"Read"`, `"records_written"`, `"Written"`, `"records_quarantined"`, `"Quarantined"`,
		`"records_suppressed"`, `"Suppressed"`, `"records_excluded"`, `"Excluded"`).Replace(string(data))
	var r report
	if err := json.Unmarshal([]byte(renamed), &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func (r *report) reconciles() bool {
	return r.Reconciles && r.Run.Read == r.Run.Written+r.Run.Quarantined+r.Run.Suppressed+r.Run.Excluded
}

// TestSample runs the command of the package documentation: the built-in
// sample, the demo keys, NDJSON on stdout.
func TestSample(t *testing.T) {
	reportPath := filepath.Join(t.TempDir(), "report.json")
	out, errOut, err := runAI(t, nil, "-ref-date", "2026-01-01", "-report", reportPath)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	in := parseCSV(t, sampleCSV(t, sampleConfig))
	recs := parseNDJSON(t, out)
	if len(recs) != len(in.rows) || len(recs) != sampleConfig.Rows {
		t.Fatalf("%d records written, %d read", len(recs), len(in.rows))
	}
	rep := readReport(t, reportPath)
	checkNoIdentifiers(t, in, out, errOut)

	ai, research := pseudonymizers(t)
	users := map[string]bool{}
	kept := []string{"sex", "state", "device_model", "measured_at", "weight_kg", "fat_mass_kg", "muscle_mass_kg",
		"heart_rate", "systolic", "diastolic", "sleep_minutes", "steps"}
	wantKeys := append([]string{"user_id", "date_of_birth", "zip"}, kept...)
	for i, rec := range recs {
		row := in.rows[i]
		id := row[in.col["user_id"]]
		users[id] = true
		if rec["user_id"] != ai.Pseudonym(id) || rec["user_id"] == research.Pseudonym(id) {
			t.Fatalf("record %d: user_id %q is not the ai-engine pseudonym of its user", i+1, rec["user_id"])
		}
		if len(rec) != len(wantKeys) {
			t.Fatalf("record %d: fields %v, want %v", i+1, keysOf(rec), wantKeys)
		}
		for _, k := range kept {
			if rec[k] != row[in.col[k]] {
				t.Fatalf("record %d: %s = %q, want %q kept", i+1, k, rec[k], row[in.col[k]])
			}
		}
		if zip := row[in.col["zip"]]; rec["zip"] != zip[:3] && rec["zip"] != "000" {
			t.Fatalf("record %d: zip %q is not zip3", i+1, rec["zip"])
		}
		if y := rec["date_of_birth"]; y != "90+" && y != row[in.col["date_of_birth"]][:4] {
			t.Fatalf("record %d: date_of_birth %q is not a year", i+1, y)
		}
	}
	if len(users) < 50 {
		t.Errorf("the sample has only %d users", len(users))
	}

	if !rep.reconciles() || rep.Run.Read != int64(len(in.rows)) || rep.Run.Written != int64(len(recs)) || rep.Domain != "ai-engine" {
		t.Errorf("report %+v", rep.Run)
	}
	actions := map[string]string{}
	for _, f := range rep.Profile.Fields {
		actions[f.Field] = f.Action
	}
	for field, want := range map[string]string{"user_id": "pseudonymize", "email": "drop", "first_name": "drop", "phone": "drop",
		"ip": "drop", "mac": "drop", "lat": "drop", "note": "drop", "date_of_birth": "year", "zip": "zip3", "weight_kg": "keep"} {
		if actions[field] != want {
			t.Errorf("report: %s: action %q, want %q", field, actions[field], want)
		}
	}
	for _, want := range []string{"DEMO", fmt.Sprintf("%d records read, %d written, 0 quarantined, 0 suppressed, 0 excluded", len(in.rows), len(in.rows))} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Count(errOut, "\n") != 2 {
		t.Errorf("stderr: want the demo warning and a one-line summary:\n%s", errOut)
	}

	// The same run again gives the same bytes: the sample is deterministic.
	again, _, err := runAI(t, nil, "-ref-date", "2026-01-01", "-workers", "1")
	if err != nil || again != out {
		t.Errorf("a second run differs (err %v)", err)
	}
}

func keysOf(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestQuarantineAndExclusion runs a file with malformed values and a list
// of users to exclude: the counts reconcile, excluded users are absent,
// bad records are in the quarantine file and nowhere else.
func TestQuarantineAndExclusion(t *testing.T) {
	dir := t.TempDir()
	in := parseCSV(t, sampleCSV(t, deidtest.Config{Rows: 1500, Seed: 7, MinPerUser: 5, MaxPerUser: 40}))
	excluded := map[string]bool{}
	for _, r := range in.rows {
		if len(excluded) < 3 && !excluded[r[0]] && r[0] != in.rows[0][0] {
			excluded[r[0]] = true
		}
	}
	var wantQuarantined, wantExcluded int64
	badLines := map[int]bool{}
	for i, r := range in.rows {
		bad := i%97 == 5 || i%89 == 3
		switch {
		case i%97 == 5:
			r[in.col["date_of_birth"]] = "unknown-" + r[in.col["email"]]
		case i%89 == 3:
			r[in.col["zip"]] = "Z" + r[in.col["phone"]]
		}
		switch {
		case excluded[r[0]]:
			wantExcluded++ // exclusion comes before every other rule
		case bad:
			wantQuarantined++
			badLines[i+2] = true // line 1 is the header; the sample has no multi-line rows here
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(in.header)
	w.WriteAll(in.rows)
	// Multi-line notes shift line numbers; keep the test's arithmetic
	// simple by checking the record count of the quarantine, not lines,
	// when the input has any.
	multiline := bytes.Count(b.Bytes(), []byte("\n")) != len(in.rows)+1
	inPath := filepath.Join(dir, "measurements.csv")
	os.WriteFile(inPath, b.Bytes(), 0o600)
	var ids strings.Builder
	for id := range excluded {
		fmt.Fprintf(&ids, "%s\n\n", id)
	}
	exPath := filepath.Join(dir, "withdrawn.txt")
	os.WriteFile(exPath, []byte(ids.String()), 0o600)
	outPath, qPath, repPath := filepath.Join(dir, "feed.ndjson"), filepath.Join(dir, "bad.ndjson"), filepath.Join(dir, "report.json")

	_, errOut, err := runAI(t, nil, "-in", inPath, "-out", outPath, "-exclude", exPath, "-quarantine", qPath,
		"-report", repPath, "-ref-date", "2026-01-01", "-workers", "3")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	out, _ := os.ReadFile(outPath)
	quarantine, _ := os.ReadFile(qPath)
	rep := readReport(t, repPath)
	if !rep.reconciles() || rep.Run.Read != int64(len(in.rows)) || rep.Run.Excluded != wantExcluded ||
		rep.Run.Quarantined != wantQuarantined || rep.Run.Written != int64(len(in.rows))-wantExcluded-wantQuarantined {
		t.Errorf("report %+v; want %d excluded, %d quarantined", rep.Run, wantExcluded, wantQuarantined)
	}
	if wantExcluded == 0 || wantQuarantined == 0 {
		t.Fatal("the test input has nothing to exclude or quarantine")
	}
	for reason := range rep.Run.QuarantineReasons {
		if !strings.Contains(reason, "date_of_birth") && !strings.Contains(reason, "zip") {
			t.Errorf("quarantine reason %q names neither field", reason)
		}
		if strings.Contains(reason, "unknown-") || strings.Contains(reason, "@") {
			t.Errorf("quarantine reason %q holds a value", reason)
		}
	}
	if got := int64(bytes.Count(quarantine, []byte("\n"))); got != wantQuarantined {
		t.Errorf("%d quarantine lines, want %d", got, wantQuarantined)
	}
	if !multiline {
		for line := range bytes.Lines(quarantine) {
			var q struct{ Line int }
			if json.Unmarshal(line, &q) != nil || !badLines[q.Line] {
				t.Errorf("quarantine line %.60s... is not one of the bad input lines", line)
			}
		}
	}
	repData, _ := os.ReadFile(repPath)
	checkNoIdentifiers(t, in, string(out), errOut, string(repData))
	ai, _ := pseudonymizers(t)
	for id := range excluded {
		if bytes.Contains(out, []byte(ai.Pseudonym(id))) {
			t.Errorf("an excluded user's records are in the output")
		}
	}
	if fi, err := os.Stat(outPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("output mode %v, %v", fi.Mode(), err)
	}
	if !strings.Contains(errOut, fmt.Sprintf("%d quarantined, 0 suppressed, %d excluded", wantQuarantined, wantExcluded)) {
		t.Errorf("summary: %s", errOut)
	}
}

// TestBadRecordStops: without -quarantine the first bad record stops the
// run with an error naming its line and field but not its value, and no
// output file is left behind.
func TestBadRecordStops(t *testing.T) {
	dir := t.TempDir()
	inPath, outPath := filepath.Join(dir, "m.csv"), filepath.Join(dir, "feed.ndjson")
	os.WriteFile(inPath, []byte("user_id,email,date_of_birth,weight_kg\n"+
		"u-1,a@example.com,1980-01-02,70.1\n"+
		"u-2,b@example.com,born 1975 jane@example.com,80.2\n"), 0o600)
	_, errOut, err := runAI(t, nil, "-in", inPath, "-out", outPath, "-ref-date", "2026-01-01")
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"line 3", "date_of_birth"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	for _, leak := range []string{"1975", "jane", "b@example.com", "u-2"} {
		if strings.Contains(err.Error()+errOut, leak) {
			t.Errorf("error or stderr holds %q: %v %s", leak, err, errOut)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left behind: %v", entries)
	}
}

func TestStdinAndFormats(t *testing.T) {
	in := "user_id,weight_kg,home_wifi_name,shoe_size\nu-1,70.5,Jane's net,42\n"
	out, errOut, err := runAI(t, strings.NewReader(in), "-in", "-", "-in-format", "csv", "-ref-date", "2026-01-01", "-domain", "ai/partner-b")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	keys, _ := keyfile.Load("", "", "")
	p, _ := pseudo.New(keys.Pseudonyms, "ai/partner-b")
	if want := `{"user_id":"` + p.Pseudonym("u-1") + `","weight_kg":"70.5"}` + "\n"; out != want {
		t.Errorf("output %q, want %q", out, want)
	}
	// A field the profile does not know is dropped and named.
	if !strings.Contains(errOut, "dropped 1 fields the profile does not recognize: shoe_size") {
		t.Errorf("stderr: %s", errOut)
	}
}

func TestEventDatesAndScrub(t *testing.T) {
	in := "user_id,measured_at,note\nu-1,2025-03-05T07:12:44Z,call me at 415-555-2671 or jane@example.com\n"
	out, errOut, err := runAI(t, strings.NewReader(in), "-in", "-", "-in-format", "csv", "-ref-date", "2026-01-01",
		"-event-dates", "month", "-scrub-text")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	recs := parseNDJSON(t, out)
	if len(recs) != 1 || recs[0]["measured_at"] != "2025-03" || recs[0]["note"] != "call me at [PHONE] or [EMAIL]" {
		t.Errorf("output %s", out)
	}
}

// TestNDJSONInput runs the sample as NDJSON, flat and nested: the output
// holds no identifier, and flat NDJSON gives the records CSV gives.
func TestNDJSONInput(t *testing.T) {
	dir := t.TempDir()
	cfg := deidtest.Config{Rows: 800, Seed: 11, MinPerUser: 5, MaxPerUser: 30}
	in := parseCSV(t, sampleCSV(t, cfg))
	csvPath := filepath.Join(dir, "m.csv")
	os.WriteFile(csvPath, sampleCSV(t, cfg), 0o600)
	csvOut, _, err := runAI(t, nil, "-in", csvPath, "-ref-date", "2026-01-01")
	if err != nil {
		t.Fatal(err)
	}
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
			out, errOut, err := runAI(t, nil, "-in", path, "-ref-date", "2026-01-01", "-quarantine", filepath.Join(dir, "q.ndjson"))
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut)
			}
			checkNoIdentifiers(t, in, out, errOut)
			recs := parseNDJSONAny(t, out)
			if len(recs) != len(in.rows) {
				t.Fatalf("%d records, want %d", len(recs), len(in.rows))
			}
			ai, _ := pseudonymizers(t)
			for i, rec := range recs {
				if rec["user_id"] != ai.Pseudonym(in.rows[i][0]) {
					t.Fatalf("record %d: user_id is not the ai-engine pseudonym", i+1)
				}
			}
			if !nested {
				want := parseNDJSON(t, csvOut)
				for i := range recs {
					if g, w := fmt.Sprint(recs[i]), fmt.Sprint(want[i]); g != w {
						t.Fatalf("record %d from NDJSON\n%s\nfrom CSV\n%s", i+1, g, w)
					}
				}
			}
		})
	}
}

// parseNDJSONAny parses output lines whose values may be numbers, as
// their JSON text.
func parseNDJSONAny(t testing.TB, out string) []map[string]string {
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

func TestUsageAndErrors(t *testing.T) {
	dir := t.TempDir()
	notKeys := filepath.Join(dir, "keyset.json")
	os.WriteFile(notKeys, []byte("{}"), 0o600)
	data := filepath.Join(dir, "m.txt")
	os.WriteFile(data, []byte("user_id\nu-1\n"), 0o600)
	ids := filepath.Join(dir, "ids.txt")
	os.WriteFile(ids, []byte("u-1\n"), 0o600)
	out, link := filepath.Join(dir, "feed.ndjson"), filepath.Join(dir, "link.ndjson")
	os.Symlink(out, link)
	for _, tc := range []struct {
		name  string
		args  []string
		usage bool
		want  string
	}{
		{"unknown flag", []string{"-nope"}, true, ""},
		{"argument", []string{"m.csv"}, true, ""},
		{"stdin without format", []string{"-in", "-"}, true, ""},
		{"unknown extension", []string{"-in", data}, true, ""},
		{"bad format", []string{"-in-format", "xml"}, true, ""},
		{"research domain", []string{"-domain", "research/partner-x"}, true, ""},
		{"empty domain", []string{"-domain", ""}, true, ""},
		{"bad event dates", []string{"-event-dates", "shift"}, true, ""},
		{"bad ref date", []string{"-ref-date", "2026-13-01"}, true, ""},
		{"negative workers", []string{"-workers", "-1"}, true, ""},
		{"report to stdout", []string{"-report", "-"}, true, ""},
		{"ndjson sample", []string{"-in-format", "ndjson"}, true, ""},
		{"missing input", []string{"-in", filepath.Join(dir, "none.csv")}, false, "no such file"},
		{"missing exclude", []string{"-exclude", filepath.Join(dir, "none.txt")}, false, "no such file"},
		{"exclude field absent", []string{"-in", data, "-in-format", "csv", "-exclude", ids, "-id-field", "patient_id"}, false, "patient_id"},
		{"keyset without KEK", []string{"-keyset", notKeys}, true, "-keyset needs -kek-keyset"},
		{"KEK without keyset", []string{"-kek-keyset", notKeys}, true, "-kek-keyset needs -keyset"},
		{"too many workers", []string{"-workers", "100000"}, true, "4 per CPU"},
		{"output is the input", []string{"-in", data, "-in-format", "csv", "-out", data}, true, "-in and -out"},
		{"quarantine is the output", []string{"-out", out, "-quarantine", out}, true, "-out and -quarantine"},
		{"report is the output via a link", []string{"-out", out, "-report", link}, true, "-out and -report"},
		{"quarantine is the input", []string{"-in", data, "-in-format", "csv", "-quarantine", data}, true, "-in and -quarantine"},
		{"exclusion list is the report", []string{"-exclude", ids, "-report", ids}, true, "-exclude"},
		{"output dir missing", []string{"-out", filepath.Join(dir, "no", "feed.ndjson")}, false, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, err := runAI(t, strings.NewReader(""), tc.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, flag.ErrHelp) != tc.usage || (exitCode(err) == 2) != tc.usage {
				t.Errorf("usage error: %v", err)
			}
			if !strings.Contains(err.Error()+errOut, tc.want) {
				t.Errorf("error %q, stderr %q lack %q", err, errOut, tc.want)
			}
			if _, err := os.Stat(out); tc.usage && !os.IsNotExist(err) {
				t.Errorf("a usage error wrote the output")
			}
		})
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	outPath := filepath.Join(t.TempDir(), "feed.ndjson")
	err := run(ctx, []string{"-out", outPath}, nil, io.Discard, io.Discard)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("run: %v", err)
	}
	if _, err := os.Stat(outPath); !os.IsNotExist(err) {
		t.Errorf("a cancelled run left %s", outPath)
	}
}

type panicWriter struct{ value string }

func (w panicWriter) Write([]byte) (int, error) { panic(w.value) }

// A panic in the run is reported like any failure: a report that says
// the run failed, no quarantine left, no panic value in the error.
func TestPanicInRun(t *testing.T) {
	dir := t.TempDir()
	rep, quar := filepath.Join(dir, "rep.json"), filepath.Join(dir, "q.ndjson")
	os.WriteFile(rep, []byte(`{"status":"ok"}`), 0o600)
	const secret = "jane.doe@example.com"
	err := run(context.Background(), []string{"-report", rep, "-quarantine", quar}, nil, panicWriter{secret}, io.Discard)
	if exitCode(err) != 1 || !strings.Contains(err.Error(), "internal error") || strings.Contains(err.Error(), secret) {
		t.Fatalf("err = %v", err)
	}
	b, _ := os.ReadFile(rep)
	var r failedReport
	if json.Unmarshal(b, &r) != nil || r.Status != "failed" {
		t.Fatalf("report %s", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files left: %v", entries)
	}
}
