package exportcmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exporttest"
)

// feed is a command like the AI-engine feed; policy, when set, replaces
// the profile.
func feed(policy *deid.Policy) *exportcmd.Command {
	return &exportcmd.Command{
		Name:      "feed",
		Summary:   "a test command",
		Output:    "feed",
		OutFormat: "ndjson",
		Domain:    "ai-engine",
		Setup: func(o *exportcmd.Options, fields []string, _ deid.Keys) (*exportcmd.Setup, error) {
			if policy != nil {
				return &exportcmd.Setup{Policy: policy}, nil
			}
			p, rep, err := deid.AIEngine(fields, deid.AIEngineOptions{ReferenceDate: o.ReferenceDate, Domain: o.Domain})
			return &exportcmd.Setup{Policy: p, Profile: rep}, err
		},
	}
}

func TestHelp(t *testing.T) {
	r := exporttest.Run(t, feed(nil), "-h")
	if r.Code != exportcmd.ExitOK || r.Stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
	}
	for _, want := range []string{"feed: a test command", "Usage: feed [flags]", "-reference-date", "-exclude-field", "-allow-kept-identifiers", "-out-format"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("usage lacks %q:\n%s", want, r.Stdout)
		}
	}
}

// Every usage error exits 2 before anything is read or written.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	in, _ := exporttest.Sample(t, dir, "csv", 20)
	ids := filepath.Join(dir, "ids.txt")
	os.WriteFile(ids, []byte("u-1\n"), 0o600)
	out, link := filepath.Join(dir, "out.ndjson"), filepath.Join(dir, "link.ndjson")
	os.Symlink(out, link)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"old name of -reference-date", []string{"-ref-date", "2026-01-01"}, "-ref-date is now -reference-date"},
		{"old name of -exclude-field", []string{"--id-field=patient_id"}, "-id-field is now -exclude-field"},
		{"unknown flag", []string{"-nope"}, "flag provided but not defined: -nope"},
		{"argument", []string{"m.csv"}, `unexpected argument "m.csv"`},
		{"stdin without format", []string{"-demo-keys", "-in", "-"}, "-in - needs -in-format"},
		{"bad input format", []string{"-in-format", "xml"}, `-in-format: "xml" is not one of csv, ndjson`},
		{"bad output format", []string{"-out-format", "xml"}, `-out-format: "xml"`},
		{"Parquet to stdout", []string{"-out", "-", "-out-format", "parquet"}, "needs a file"},
		{"bad reference date", []string{"-reference-date", "2026-13-01"}, "not a YYYY-MM-DD date"},
		{"negative workers", []string{"-workers", "-1"}, "-workers -1"},
		{"too many workers", []string{"-workers", "100000"}, "4 per CPU"},
		{"report to stdout", []string{"-report", "-"}, "need file names"},
		{"keyset without KEK", []string{"-keyset", ids}, "-keyset needs -kek-keyset"},
		{"KEK without keyset", []string{"-kek-keyset", ids}, "-kek-keyset needs -keyset"},
		{"may match none without a list", []string{"-exclude-may-match-none"}, "needs -exclude"},
		{"no sample rows", []string{"-sample-rows", "0"}, "-sample-rows"},
		{"own input on the demo keys", []string{"-in", in}, "pass -keyset and -kek-keyset (or -demo-keys"},
		{"output is the input", []string{"-demo-keys", "-in", in, "-out", in}, "-in and -out"},
		{"quarantine is the output", []string{"-out", out, "-quarantine", out}, "-out and -quarantine"},
		{"report is the output through a link", []string{"-out", out, "-report", link}, "-out and -report"},
		{"report is the exclusion list", []string{"-exclude", ids, "-report", ids}, "-report and -exclude"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := exporttest.Run(t, feed(nil), tc.args...)
			if r.Code != exportcmd.ExitUsage || !strings.Contains(r.Stderr, tc.want) || !strings.Contains(r.Stderr, "feed -h lists the flags") {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", r.Code, r.Stderr, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 3 {
				t.Fatalf("a usage error touched files: %v", entries)
			}
		})
	}
}

// A job that fails exits 1 with a message naming the file, line or
// field, never a value, and leaves no output.
func TestFailures(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("user_id,email,date_of_birth,weight_kg\nu-1,a@example.com,1980-01-02,70.1\n"+
		"u-2,b@example.com,born 1975 jane@example.com,80.2\n"), 0o600)
	headerless := filepath.Join(dir, "headerless.csv")
	os.WriteFile(headerless, []byte("u-1,jane.doe@example.com,1980-01-02,203.0.113.7\nu-2,b@example.com,1975-02-03,203.0.113.8\n"), 0o600)
	ids := filepath.Join(dir, "ids.txt")
	os.WriteFile(ids, []byte("u-1\n"), 0o600)
	out := filepath.Join(dir, "out.ndjson")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing input", []string{"-in", filepath.Join(dir, "none.csv")}, "no such file"},
		{"missing exclusion list", []string{"-in", bad, "-exclude", filepath.Join(dir, "none.txt")}, "no such file"},
		{"exclusion field absent", []string{"-in", bad, "-exclude", ids, "-exclude-field", "patient_id"}, "patient_id"},
		{"output directory missing", []string{"-in", bad, "-out", filepath.Join(dir, "no", "out.ndjson")}, "no such file"},
		{"bad record", []string{"-in", bad, "-out", out}, `line 3`},
		{"no header row", []string{"-in", headerless, "-out", out}, "a CSV input needs a first row that names its fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := exporttest.Run(t, feed(nil), append([]string{"-demo-keys"}, tc.args...)...)
			if r.Code != exportcmd.ExitFailed || !strings.Contains(r.Stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", r.Code, r.Stderr, tc.want)
			}
			for _, v := range []string{"1975", "jane", "example.com", "203.0.113"} {
				if strings.Contains(r.Stderr, v) {
					t.Fatalf("stderr holds the value %q: %s", v, r.Stderr)
				}
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("a failed run left its output")
			}
		})
	}
}

// A policy that releases fields looking like direct identifiers fails,
// naming them, unless the user opts in; the warnings are printed and
// reported either way.
func TestKeptIdentifiers(t *testing.T) {
	dir := t.TempDir()
	in, recs := exporttest.Sample(t, dir, "csv", 300)
	keepAll, err := deid.ParsePolicy([]byte(`{"name":"careless","default":"keep","fields":[{"field":"user_id","action":"pseudonymize","domain":"x"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	out, rep := filepath.Join(dir, "out.ndjson"), filepath.Join(dir, "report.json")
	r := exporttest.Run(t, feed(keepAll), "-demo-keys", "-in", in, "-out", out, "-report", rep)
	if r.Code != exportcmd.ExitFailed || !strings.Contains(r.Stderr, "email") || !strings.Contains(r.Stderr, "-allow-kept-identifiers") {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	exporttest.NoIdentifiers(t, exporttest.Identifiers(t, recs), r.Stderr)
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the refused release was written")
	}
	failed := exporttest.ReadReport(t, rep)
	if failed.Status != "failed" || failed.Report != nil || len(failed.Warnings) == 0 {
		t.Fatalf("report %+v", failed)
	}

	r = exporttest.Run(t, feed(keepAll), "-demo-keys", "-in", in, "-out", out, "-report", rep, "-allow-kept-identifiers")
	ok := exporttest.ReadReport(t, rep)
	if r.Code != exportcmd.ExitOK || ok.Status != "ok" || len(ok.Warnings) == 0 || !strings.Contains(r.Stderr, "warning: field \"email\"") {
		t.Fatalf("exit %d, report %+v: %s", r.Code, ok, r.Stderr)
	}
}

// The values of the whole input are checked before the output is
// published: a kept field whose name says nothing, holding e-mail
// addresses only past the head of the input, still fails the run.
func TestKeptIdentifiersPastTheHead(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	b.WriteString("user_id,comment\n")
	for i := 0; b.Len() < 3<<20; i++ {
		b.WriteString("u-1,fine\n")
	}
	for i := 0; i < 100; i++ {
		b.WriteString("u-2,write to jane.doe@example.com\n")
	}
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, b.Bytes(), 0o600)
	policy, err := deid.ParsePolicy([]byte(`{"fields":[{"field":"user_id","action":"pseudonymize","domain":"x"},{"field":"comment","action":"keep"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.ndjson")
	r := exporttest.Run(t, feed(policy), "-demo-keys", "-in", in, "-out", out)
	if r.Code != exportcmd.ExitFailed || !strings.Contains(r.Stderr, "comment") || strings.Contains(r.Stderr, "jane") {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the refused release was published")
	}
}

// The outputs of an earlier run are removed once the command line is
// accepted: a run that fails leaves none of them looking current.
func TestStaleOutputsRemoved(t *testing.T) {
	dir := t.TempDir()
	in, _ := exporttest.Sample(t, dir, "csv", 50)
	out, quar, rep := filepath.Join(dir, "out.ndjson"), filepath.Join(dir, "q.ndjson"), filepath.Join(dir, "report.json")
	for _, p := range []string{out, quar, rep} {
		os.WriteFile(p, []byte(`{"status":"ok"}`+"\n"), 0o600)
	}
	kek := filepath.Join(dir, "kek.json")
	os.WriteFile(kek, []byte("{}"), 0o600)
	r := exporttest.Run(t, feed(nil), "-in", in, "-out", out, "-quarantine", quar, "-report", rep, "-keyset", kek+".none", "-kek-keyset", kek)
	if r.Code != exportcmd.ExitFailed {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	for _, p := range []string{out, quar} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s of the earlier run is left", filepath.Base(p))
		}
	}
	if got := exporttest.ReadReport(t, rep); got.Status != "failed" || got.Error == "" || got.Report != nil {
		t.Errorf("report %+v", got)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	out, rep := filepath.Join(dir, "out.ndjson"), filepath.Join(dir, "report.json")
	var stderr bytes.Buffer
	if code := feed(nil).Run(ctx, []string{"-out", out, "-report", rep}, nil, io.Discard, &stderr); code != exportcmd.ExitFailed {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got := exporttest.ReadReport(t, rep); got.Status != "failed" || !strings.Contains(got.Error, "context canceled") {
		t.Errorf("report %+v", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
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
	rep, quar := filepath.Join(dir, "rep.json"), filepath.Join(dir, "q.ndjson")
	os.WriteFile(rep, []byte(`{"status":"ok"}`), 0o600)
	const secret = "jane.doe@example.com"
	var stderr bytes.Buffer
	code := feed(nil).Run(context.Background(), []string{"-out", "-", "-report", rep, "-quarantine", quar, "-quiet"},
		nil, panicWriter{secret}, &stderr)
	if code != exportcmd.ExitFailed || !strings.Contains(stderr.String(), "internal error") || strings.Contains(stderr.String(), secret) {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, _ := os.ReadFile(rep)
	var r exportcmd.Report
	if json.Unmarshal(b, &r) != nil || r.Status != "failed" || strings.Contains(string(b), secret) {
		t.Fatalf("report %s", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files left: %v", entries)
	}
}
