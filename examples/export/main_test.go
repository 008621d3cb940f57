package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

// runExport runs the job in-process and returns its exit status and
// stderr.
func runExport(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// writeSample writes the built-in sample to a file and returns its path
// and its records.
func writeSample(t *testing.T, dir, format string, rows int) (string, [][]string) {
	t.Helper()
	data, err := sampleInput(format, rows)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "in."+format)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	csvData, _ := sampleInput("csv", rows)
	recs, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return path, recs
}

func readReport(t *testing.T, path string) report {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// identifiers lists, from the sample, every value that must never reach an
// output: e-mail addresses, phone numbers, IP and MAC addresses, names and
// raw user IDs (and the identifiers inside notes).
func identifiers(t *testing.T, recs [][]string) []string {
	header := recs[0]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("sample has no column %s", name)
		return -1
	}
	var ids []string
	seen := map[string]bool{}
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			ids = append(ids, v)
		}
	}
	for _, rec := range recs[1:] {
		for _, c := range []string{"user_id", "email", "first_name", "last_name", "phone", "ip", "mac"} {
			add(rec[col(c)])
		}
		for _, m := range noteIdentifier.FindAllString(rec[col("note")], -1) {
			add(m)
		}
	}
	return ids
}

var noteIdentifier = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b\d{1,3}(\.\d{1,3}){3}\b`)

func assertNoIdentifiers(t *testing.T, ids []string, outputs ...string) {
	t.Helper()
	if id, found := findIdentifier(ids, outputs...); found {
		t.Fatalf("identifier %q found in an output", id)
	}
}

// findIdentifier returns an identifier that occurs in an output. First and
// last names are short words that can occur by chance inside other text;
// they count only as whole tokens.
func findIdentifier(ids []string, outputs ...string) (string, bool) {
	for _, out := range outputs {
		tokens := map[string]bool{}
		for _, tok := range strings.FieldsFunc(out, func(r rune) bool {
			return r == '"' || r == ',' || r == ':' || r == '{' || r == '}' || r == '\n' || r == ' '
		}) {
			tokens[tok] = true
		}
		for _, id := range ids {
			if (len(id) < 6 && tokens[id]) || (len(id) >= 6 && strings.Contains(out, id)) {
				return id, true
			}
		}
	}
	return "", false
}

func TestDefaultRun(t *testing.T) {
	code, _, stderr := runExport(t)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"DEMO", "5000 records read", "k-anonymity", "verified true"} {
		if !strings.Contains(stderr, want) {
			t.Fatalf("summary lacks %q:\n%s", want, stderr)
		}
	}
	m := regexp.MustCompile(`output: (\S+); report: (\S+)`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("summary names no output:\n%s", stderr)
	}
	defer os.RemoveAll(filepath.Dir(m[1]))
	out, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	rep := readReport(t, m[2])
	if !rep.reconciles() || rep.Records.Read != 5000 || rep.KAnonymity == nil || rep.KAnonymity.K < 5 {
		t.Fatalf("report %+v", rep)
	}
	_, recs := writeSample(t, t.TempDir(), "csv", 5000)
	assertNoIdentifiers(t, identifiers(t, recs), string(out))
}

func TestIdentifiersNeverReachOutputs(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ in, out string }{
		{"csv", "csv"}, {"csv", "ndjson"}, {"ndjson", "ndjson"}, {"ndjson", "csv"},
	} {
		t.Run(tc.in+"-"+tc.out, func(t *testing.T) {
			in, recs := writeSample(t, dir, tc.in, 3000)
			out := filepath.Join(dir, "out-"+tc.in+"."+tc.out)
			rep := filepath.Join(dir, "rep-"+tc.in+tc.out+".json")
			quar := filepath.Join(dir, "q-"+tc.in+tc.out+".ndjson")
			code, _, stderr := runExport(t, "-in", in, "-out", out, "-report", rep, "-quarantine", quar, "-quiet",
				"-k", "3", "-l", "2", "-sensitive", "heart_rate", "-reference-date", "2026-01-01")
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			outData, _ := os.ReadFile(out)
			repData, _ := os.ReadFile(rep)
			assertNoIdentifiers(t, identifiers(t, recs), string(outData), string(repData), stderr)
			r := readReport(t, rep)
			if !r.reconciles() || r.Records.Read != 3000 || r.Records.Written+r.Records.Quarantined != 3000 {
				t.Fatalf("report records %+v", r.Records)
			}
			if k := r.KAnonymity; k == nil || k.K < 3 || k.L < 2 || !k.Verified || k.NCP <= 0 || k.ProsecutorMax > 1.0/3 ||
				k.KCounts != "people" || k.Individual != "user_id" || k.People == 0 {
				t.Fatalf("k-anonymity report %+v", r.KAnonymity)
			}
			if r.KeyID == 0 || len(r.Fields) != 24 {
				t.Fatalf("report key %d fields %d", r.KeyID, len(r.Fields))
			}
		})
	}
}

func TestExclusion(t *testing.T) {
	dir := t.TempDir()
	in, recs := writeSample(t, dir, "csv", 2000)
	// Exclude the users of the first and the last records.
	ex := []string{recs[1][0], recs[len(recs)-1][0]}
	want := 0
	for _, r := range recs[1:] {
		if r[0] == ex[0] || r[0] == ex[1] {
			want++
		}
	}
	exFile := filepath.Join(dir, "withdrawn.txt")
	os.WriteFile(exFile, []byte(ex[0]+"\n\n"+ex[1]+"\n"), 0o600)
	out := filepath.Join(dir, "out.csv")
	rep := filepath.Join(dir, "rep.json")
	code, _, stderr := runExport(t, "-in", in, "-out", out, "-report", rep, "-exclude", exFile, "-quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := readReport(t, rep)
	if r.Records.Excluded != int64(want) || !r.reconciles() {
		t.Fatalf("excluded %d, want %d (%+v)", r.Records.Excluded, want, r.Records)
	}
	keys, err := keyfile.Load("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := pseudo.New(keys.Pseudonyms, "research/partner-x")
	if err != nil {
		t.Fatal(err)
	}
	outData, _ := os.ReadFile(out)
	for _, id := range ex {
		if strings.Contains(string(outData), p.Pseudonym(id)) || strings.Contains(string(outData), id) {
			t.Fatalf("records of excluded user found in the output")
		}
	}
	// A kept user's pseudonym is there: the check above would see one.
	kept := ""
	for _, r := range recs[1:] {
		if r[0] != ex[0] && r[0] != ex[1] {
			kept = r[0]
			break
		}
	}
	if kept == "" || !strings.Contains(string(outData), p.Pseudonym(kept)) {
		t.Fatal("a kept user's pseudonym is missing: the test would not see an excluded one either")
	}
}

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	in, _ := writeSample(t, dir, "csv", 50)
	badPolicy := filepath.Join(dir, "bad.json")
	os.WriteFile(badPolicy, []byte(`{"fields":[{"field":"email","action":"hash"}]}`), 0o600)
	badInput := filepath.Join(dir, "bad.csv")
	os.WriteFile(badInput, []byte("user_id,date_of_birth\nu-1,1980-01-01\nu-2,1980-02-31\n"), 0o600)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown flag", []string{"-nope"}, exitUsage, "flag provided but not defined"},
		{"bad profile", []string{"-profile", "strict"}, exitUsage, "-profile must be"},
		{"policy and profile", []string{"-policy", badPolicy, "-profile", "research"}, exitUsage, "exclude each other"},
		{"k of 1", []string{"-k", "1"}, exitUsage, "-k 1"},
		{"l without sensitive", []string{"-k", "3", "-l", "2"}, exitUsage, "-l needs"},
		{"bad format", []string{"-out-format", "xml"}, exitUsage, "format"},
		{"qi not in output", []string{"-in", in, "-out", filepath.Join(dir, "o.csv"), "-k", "2", "-qi", "email", "-quiet"}, exitUsage, `column "email" is not in the output`},
		{"bad policy", []string{"-in", in, "-policy", badPolicy}, exitInput, `field rule 0 (field "email"): unknown action "hash"`},
		{"missing input", []string{"-in", filepath.Join(dir, "none.csv")}, exitInput, "no such file"},
		{"bad record", []string{"-in", badInput, "-out", filepath.Join(dir, "o2.csv"), "-reference-date", "2026-01-01"}, exitInput, `line 3: field "date_of_birth"`},
		{"keyset without KEK", []string{"-keyset", badPolicy}, exitUsage, "-keyset needs -kek-keyset"},
		{"KEK without keyset", []string{"-kek-keyset", badPolicy}, exitUsage, "-kek-keyset needs -keyset"},
		{"token keyset without keyset", []string{"-token-keyset", badPolicy}, exitUsage, "-token-keyset needs -keyset"},
		{"too many workers", []string{"-workers", "5000"}, exitUsage, "4 per CPU"},
		{"output is the input", []string{"-in", badInput, "-out", badInput}, exitUsage, "-in and -out"},
		{"quarantine is the output", []string{"-in", in, "-out", filepath.Join(dir, "x.csv"), "-quarantine", filepath.Join(dir, "x.csv")}, exitUsage, "-out and -quarantine"},
		{"report is the policy", []string{"-in", in, "-policy", badPolicy, "-report", badPolicy}, exitUsage, "-report and -policy"},
		{"report to stdout", []string{"-report", "-"}, exitUsage, "need file names"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runExport(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.want)
			}
			if strings.Contains(stderr, "1980-02-31") {
				t.Fatalf("stderr reveals a value: %s", stderr)
			}
		})
	}
	// A failed run leaves no output file behind.
	if _, err := os.Stat(filepath.Join(dir, "o2.csv")); !os.IsNotExist(err) {
		t.Fatalf("failed run left its output: %v", err)
	}
}

// The identifier check itself must catch what it is meant to catch.
func TestIdentifierCheckCatches(t *testing.T) {
	ids := []string{"jane.doe@example.com", "Jane"}
	for _, out := range []string{`{"e":"jane.doe@example.com"}`, "a,Jane,b\n", `{"n":"Jane"}`} {
		if _, found := findIdentifier(ids, out); !found {
			t.Fatalf("check missed an identifier in %q", out)
		}
	}
	if id, found := findIdentifier(ids, `{"n":"Janet","e":"[EMAIL]"}`); found {
		t.Fatalf("false positive %q", id)
	}
}

// Without a person column in the output (Safe Harbor drops user IDs), k
// counts records and the job says so.
func TestKCountsRecordsWithoutPersonColumn(t *testing.T) {
	dir := t.TempDir()
	in, _ := writeSample(t, dir, "csv", 1000)
	rep := filepath.Join(dir, "rep.json")
	code, _, stderr := runExport(t, "-in", in, "-out", filepath.Join(dir, "o.csv"), "-report", rep,
		"-profile", "safe-harbor", "-k", "3", "-qi", "date_of_birth,sex,zip", "-quiet", "-reference-date", "2026-01-01")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := readReport(t, rep)
	if r.KAnonymity == nil || r.KAnonymity.KCounts != "records" || !strings.Contains(stderr, "k counts records") {
		t.Fatalf("report %+v, stderr %s", r.KAnonymity, stderr)
	}
}

// The file the job writes is k-anonymous over people: every combination of
// released quasi-identifiers is shared by at least k distinct (pseudonymized)
// users, counted from the output itself, not from the job's report.
func TestWrittenOutputIsKAnonymous(t *testing.T) {
	dir := t.TempDir()
	in, _ := writeSample(t, dir, "csv", 3000)
	out := filepath.Join(dir, "out.csv")
	const k = 4
	code, _, stderr := runExport(t, "-in", in, "-out", out, "-k", "4", "-qi", "date_of_birth,sex,zip,state", "-quiet", "-reference-date", "2026-01-01")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	people := map[string]map[string]bool{}
	for _, r := range recs[1:] {
		key := strings.Join([]string{r[col["date_of_birth"]], r[col["sex"]], r[col["zip"]], r[col["state"]]}, "\x00")
		if people[key] == nil {
			people[key] = map[string]bool{}
		}
		people[key][r[col["user_id"]]] = true
	}
	if len(recs) < 2 || len(people) < 2 {
		t.Fatalf("degenerate output: %d records, %d classes", len(recs)-1, len(people))
	}
	for key, users := range people {
		if len(users) < k {
			t.Fatalf("class %q holds %d people, want at least %d", strings.ReplaceAll(key, "\x00", "|"), len(users), k)
		}
	}
}

// panicWriter panics on its first write, with a value holding an input
// value: a stand-in for a bug in the job.
type panicWriter struct{ value string }

func (w panicWriter) Write([]byte) (int, error) { panic(w.value) }

// A panic in the job is reported like any failure: exit status 1, a
// report that says the run failed, no quarantine left, and neither the
// panic's value nor an input value on stderr.
func TestPanicInJob(t *testing.T) {
	dir := t.TempDir()
	in, recs := writeSample(t, dir, "csv", 50)
	rep, quar := filepath.Join(dir, "rep.json"), filepath.Join(dir, "q.ndjson")
	os.WriteFile(rep, []byte(`{"status":"ok"}`), 0o600)
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"-in", in, "-report", rep, "-quarantine", quar, "-quiet"},
		strings.NewReader(""), panicWriter{recs[1][1]}, &stderr)
	if code != exitInput || !strings.Contains(stderr.String(), "internal error") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), recs[1][1]) {
		t.Fatal("stderr holds the panic's value")
	}
	var r failedReport
	if b, err := os.ReadFile(rep); err != nil || json.Unmarshal(b, &r) != nil || r.Status != "failed" || strings.Contains(string(b), recs[1][1]) {
		t.Fatalf("report %s %v", b, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("files left: %v", entries)
	}
}
