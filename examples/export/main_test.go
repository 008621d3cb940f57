package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exporttest"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

func run(t *testing.T, args ...string) exporttest.Result {
	t.Helper()
	// The tests are about inputs: they accept the demo keys, which an
	// input of the user's own needs -demo-keys for (demo_test.go).
	return exporttest.Run(t, command(), append([]string{"-demo-keys"}, args...)...)
}

// TestDefaultRun is the README's first command: the built-in sample, the
// demo keys, k=5; the release and its report in a new directory.
func TestDefaultRun(t *testing.T) {
	r := run(t)
	if r.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, want := range []string{"DEMO", "5000 records read", "k-anonymity (top-down)", "verified true"} {
		if !strings.Contains(r.Stderr, want) {
			t.Fatalf("summary lacks %q:\n%s", want, r.Stderr)
		}
	}
	m := regexp.MustCompile(`output: (\S+); report: (\S+)`).FindStringSubmatch(r.Stderr)
	if m == nil {
		t.Fatalf("summary names no output:\n%s", r.Stderr)
	}
	defer os.RemoveAll(filepath.Dir(m[1]))
	out, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	rep := exporttest.ReadReport(t, m[2])
	if !rep.Reconciles() || rep.Read != 5000 || rep.KAnonymity == nil || rep.KAnonymity.K < 5 || rep.KAnonymity.NCP > 9 || rep.Status != "ok" {
		t.Fatalf("report %+v", rep)
	}
	_, recs := exporttest.Sample(t, t.TempDir(), "csv", 5000)
	exporttest.NoIdentifiers(t, exporttest.Identifiers(t, recs), string(out))
}

// The utility of the research release through the command line, on the
// built-in sample (k counting people on date_of_birth, sex, zip and
// state): at most 9% of detail lost at k=5 and 16% at k=10, verified on
// the file written; one line per categorical quasi-identifier without a
// hierarchy, on stderr and in the report.
func TestSampleUtility(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		k      string
		maxNCP float64
	}{{"5", 9}, {"10", 16}} {
		out, rep := filepath.Join(dir, "k"+tc.k+".csv"), filepath.Join(dir, "k"+tc.k+".json")
		// As go run ./examples/export runs it: no -in, no -reference-date.
		r := run(t, "-k", tc.k, "-out", out, "-report", rep, "-quiet")
		if r.Code != exportcmd.ExitOK {
			t.Fatalf("exit %d: %s", r.Code, r.Stderr)
		}
		k := exporttest.ReadReport(t, rep).KAnonymity
		if k == nil || !k.Verified || k.KCounts != "people" || k.People != 1101 || k.NCP > tc.maxNCP {
			t.Fatalf("-k %s: report %+v, want NCP at most %g%%", tc.k, k, tc.maxNCP)
		}
		t.Logf("-k %s: NCP %.2f%%", tc.k, k.NCP)
		var flat []string
		for _, q := range k.QuasiIdentifiers {
			if q.Hierarchy == "none" {
				flat = append(flat, q.Name)
			}
		}
		if len(flat) == 0 || len(k.Notes) != len(flat) {
			t.Fatalf("-k %s: columns without a hierarchy %v, notes %q", tc.k, flat, k.Notes)
		}
		for i, n := range k.Notes {
			if !strings.HasPrefix(n, flat[i]+": ") || !strings.Contains(r.Stderr, "\n  "+n+"\n") {
				t.Fatalf("-k %s: note %q not on its own line of stderr:\n%s", tc.k, n, r.Stderr)
			}
		}
		kAnonymousInPeople(t, out, k.K)
	}
}

// kAnonymousInPeople checks, from the file itself, that every
// combination of released quasi-identifiers is shared by at least k
// distinct (pseudonymized) users.
func kAnonymousInPeople(t *testing.T, path string, k int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	people := map[string]map[string]bool{}
	for _, r := range recs[1:] {
		key := strings.Join([]string{r[col["date_of_birth"]], r[col["sex"]], r[col["zip"]], r[col["state"]]}, "|")
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
			t.Fatalf("class %q holds %d people, want at least %d", key, len(users), k)
		}
	}
}

func TestIdentifiersNeverReachOutputs(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ in, out string }{
		{"csv", "csv"}, {"csv", "ndjson"}, {"ndjson", "ndjson"}, {"ndjson", "csv"},
	} {
		t.Run(tc.in+"-"+tc.out, func(t *testing.T) {
			in, recs := exporttest.Sample(t, dir, tc.in, 3000)
			out := filepath.Join(dir, "out-"+tc.in+"."+tc.out)
			rep := filepath.Join(dir, "rep-"+tc.in+tc.out+".json")
			quar := filepath.Join(dir, "q-"+tc.in+tc.out+".ndjson")
			r := run(t, "-in", in, "-out", out, "-report", rep, "-quarantine", quar, "-quiet",
				"-k", "3", "-l", "2", "-sensitive", "heart_rate", "-reference-date", "2026-01-01")
			if r.Code != exportcmd.ExitOK {
				t.Fatalf("exit %d: %s", r.Code, r.Stderr)
			}
			outData, _ := os.ReadFile(out)
			repData, _ := os.ReadFile(rep)
			exporttest.NoIdentifiers(t, exporttest.Identifiers(t, recs), string(outData), string(repData), r.Stderr)
			got := exporttest.ReadReport(t, rep)
			if !got.Reconciles() || got.Read != 3000 || got.Written+got.Quarantined+got.Suppressed != 3000 {
				t.Fatalf("report records %+v", got.Report.Report)
			}
			if k := got.KAnonymity; k == nil || k.K < 3 || k.L < 2 || !k.Verified || k.NCP <= 0 || k.ProsecutorMax > 1.0/3 ||
				k.KCounts != "people" || k.Person != "user_id" || k.People == 0 {
				t.Fatalf("k-anonymity report %+v", got.KAnonymity)
			}
			if got.KeyID == 0 || len(got.Fields) != 24 {
				t.Fatalf("report key %d fields %d", got.KeyID, len(got.Fields))
			}
		})
	}
}

func TestExclusion(t *testing.T) {
	dir := t.TempDir()
	in, recs := exporttest.Sample(t, dir, "csv", 2000)
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
	out, rep := filepath.Join(dir, "out.csv"), filepath.Join(dir, "rep.json")
	r := run(t, "-in", in, "-out", out, "-report", rep, "-exclude", exFile, "-quiet")
	if r.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	got := exporttest.ReadReport(t, rep)
	if got.Excluded != int64(want) || !got.Reconciles() {
		t.Fatalf("excluded %d, want %d", got.Excluded, want)
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
	in, _ := exporttest.Sample(t, dir, "csv", 50)
	badPolicy := filepath.Join(dir, "bad.json")
	os.WriteFile(badPolicy, []byte(`{"fields":[{"field":"email","action":"hash"}]}`), 0o600)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad profile", []string{"-profile", "strict"}, exportcmd.ExitUsage, "-profile must be"},
		{"policy and profile", []string{"-policy", badPolicy, "-profile", "research"}, exportcmd.ExitUsage, "exclude each other"},
		{"k of 1", []string{"-k", "1"}, exportcmd.ExitUsage, "-k 1"},
		{"l without sensitive", []string{"-k", "3", "-l", "2"}, exportcmd.ExitUsage, "-l and -t need -sensitive"},
		{"qi without k", []string{"-in", in, "-k", "0", "-qi", "sex"}, exportcmd.ExitUsage, "need -k"},
		{"bad suppression", []string{"-k", "3", "-suppression", "2"}, exportcmd.ExitUsage, "-suppression"},
		{"bad algorithm", []string{"-algorithm", "greedy"}, exportcmd.ExitUsage, `unknown algorithm "greedy"`},
		{"token keyset without keyset", []string{"-token-keyset", badPolicy}, exportcmd.ExitUsage, "-token-keyset needs -keyset"},
		{"report is the policy", []string{"-in", in, "-policy", badPolicy, "-report", badPolicy}, exportcmd.ExitUsage, "-report and -policy"},
		{"qi not in output", []string{"-in", in, "-out", filepath.Join(dir, "o.csv"), "-k", "2", "-qi", "email", "-quiet"}, exportcmd.ExitFailed, `"email"`},
		{"bad policy", []string{"-in", in, "-policy", badPolicy}, exportcmd.ExitFailed, `unknown action "hash"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.args...)
			if r.Code != tc.code || !strings.Contains(r.Stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.Code, r.Stderr, tc.code, tc.want)
			}
		})
	}
}

// Without a person column in the output (Safe Harbor drops user IDs), k
// counts records and the job says so.
func TestKCountsRecordsWithoutPersonColumn(t *testing.T) {
	dir := t.TempDir()
	in, _ := exporttest.Sample(t, dir, "csv", 1000)
	rep := filepath.Join(dir, "rep.json")
	r := run(t, "-in", in, "-out", filepath.Join(dir, "o.csv"), "-report", rep,
		"-profile", "safe-harbor", "-k", "3", "-qi", "date_of_birth,sex,zip", "-quiet", "-reference-date", "2026-01-01")
	if r.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	got := exporttest.ReadReport(t, rep)
	if got.KAnonymity == nil || got.KAnonymity.KCounts != "records" || !strings.Contains(r.Stderr, "k counts records") || len(got.Notes) != 1 {
		t.Fatalf("report %+v, stderr %s", got.KAnonymity, r.Stderr)
	}
	// Named explicitly, a missing person column fails the job.
	r = run(t, "-in", in, "-out", filepath.Join(dir, "o2.csv"), "-profile", "safe-harbor", "-k", "3", "-person", "user_id", "-quiet")
	if r.Code != exportcmd.ExitFailed || !strings.Contains(r.Stderr, "user_id") {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
}

// A k-anonymity release spills to a directory of its own under
// -temp-dir, removed when the job ends; the directories and temporary
// outputs that killed runs left are removed by the next run.
func TestTemporaryFiles(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	in, _ := exporttest.Sample(t, dir, "csv", 500)
	out := filepath.Join(dir, "out.csv")
	killed := []string{
		filepath.Join(tmp, "export-deidkit-999999999-1"),
		filepath.Join(dir, ".out.csv.deidkit-999999999-2.tmp"),
	}
	os.Mkdir(killed[0], 0o700)
	os.WriteFile(filepath.Join(killed[0], "deidkit-release-3.spill"), []byte("x"), 0o600)
	os.WriteFile(killed[1], []byte("x"), 0o600)
	r := run(t, "-in", in, "-out", out, "-k", "3", "-temp-dir", tmp, "-quiet")
	if r.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("left in -temp-dir: %v", entries)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left beside the output: %v", entries)
	}
}
