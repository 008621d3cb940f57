package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// The hostile inputs the single-machine export refuses must be refused
// here too: a job on a few records, on prism, with the demo keys.

// hostileJob is a small input, a policy and an exclusion list in a
// temporary directory.
type hostileJob struct {
	dir, in, policy, exclude string
}

func newHostileJob(t *testing.T, csv, listed string) *hostileJob {
	t.Helper()
	dir := t.TempDir()
	j := &hostileJob{dir: dir, in: filepath.Join(dir, "in-0.csv"), policy: filepath.Join(dir, "policy.json"),
		exclude: filepath.Join(dir, "withdrawn.txt")}
	write := func(path, data string) {
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(j.in, csv)
	write(j.policy, `{"name":"hostile","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"},{"field":"heart_rate","action":"keep"}]}`)
	write(j.exclude, listed)
	return j
}

// run runs the program with the job's input, policy and exclusion list
// and extra flags, and returns its exit status and standard error.
func (j *hostileJob) run(t *testing.T, extra ...string) (int, string) {
	t.Helper()
	args := append([]string{"-demo-keys", "-in", j.in, "-policy", j.policy, "-exclude", j.exclude, "-exclude-may-match-none",
		"-k", "0"}, extra...)
	cfg, rest := parseArgs(t, args)
	var stderr bytes.Buffer
	code := run(context.Background(), cfg, rest, &stderr)
	return code, stderr.String()
}

// An exclusion list holding "0042" with leading zeros, or an e-mail in
// capitals, against an input that writes the ID without them: the
// single-machine export refuses the record (a near match, neither
// excluded nor released); the job wrapped the list to record its matches,
// which hid the list's folded forms, and released the record.
func TestNearMatchThroughTheRecordedList(t *testing.T) {
	set := &recordingSet{IDSet: deid.NewIDSet([]string{"0042", "Zelda@Example.com"})}
	for _, id := range []string{"42", "zelda@example.com"} {
		if _, err := deid.Excluded(set, []byte(id)); !errors.Is(err, deid.ErrExclusionNearMatch) {
			t.Errorf("record %q against the recorded list: %v, want ErrExclusionNearMatch", id, err)
		}
	}
	if len(set.matched) != 0 {
		t.Errorf("near matches recorded as matches: %d", len(set.matched))
	}

	j := newHostileJob(t, "user_id,heart_rate\n42,61\nu-7,62\nu-8,63\n", "0042\n")
	out := filepath.Join(j.dir, "out")
	code, stderr := j.run(t, "-out", out)
	if code == exitOK {
		t.Fatalf("a near match of the exclusion list was released:\n%s", stderr)
	}
	if !strings.Contains(stderr, "case or leading zeros") || strings.Contains(stderr, "42,61") {
		t.Errorf("error does not name the near match, or shows the record: %s", stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("a failed job left %d files in the output directory", len(entries))
	}

	q := filepath.Join(j.dir, "quarantine.ndjson")
	out2 := filepath.Join(j.dir, "out2")
	if code, stderr := j.run(t, "-out", out2, "-quarantine", q); code != exitOK {
		t.Fatalf("with a quarantine: exit %d: %s", code, stderr)
	}
	rep := readReport(t, filepath.Join(out2, "report.json"))
	if rep.Quarantined != 1 || rep.Written != 2 || rep.Exclusion == nil || rep.Exclusion.Matched != 0 {
		t.Errorf("near match not quarantined: %d quarantined, %d written, exclusion %+v", rep.Quarantined, rep.Written, rep.Exclusion)
	}
}

func readReport(t *testing.T, path string) *report {
	t.Helper()
	var rep report
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	return &rep
}

// The files the job writes must not be files it reads, nor be published
// with the release: the single-machine export refuses an output named
// like its input, keys, list or policy (exportfile.Distinct); the job
// overwrote an input shard with its report or quarantine, and renamed a
// quarantine named like an output shard over that shard, publishing raw
// records as part of the release.
func TestFilesNamedTwice(t *testing.T) {
	const input = "user_id,heart_rate\nu-1,61\nu-2,62\nbad\n"
	for _, tc := range []struct {
		name string
		args func(j *hostileJob, out string) []string
	}{
		{"report is an input shard", func(j *hostileJob, out string) []string { return []string{"-report", j.in} }},
		{"quarantine is an input shard", func(j *hostileJob, out string) []string { return []string{"-quarantine", j.in} }},
		{"report is the exclusion list", func(j *hostileJob, out string) []string { return []string{"-report", j.exclude} }},
		{"quarantine is the policy", func(j *hostileJob, out string) []string { return []string{"-quarantine", j.policy} }},
		{"report is the quarantine", func(j *hostileJob, out string) []string {
			q := filepath.Join(j.dir, "q.ndjson")
			return []string{"-quarantine", q, "-report", q}
		}},
		{"quarantine is an output shard", func(j *hostileJob, out string) []string {
			return []string{"-quarantine", filepath.Join(out, "part-00000.csv")}
		}},
		{"quarantine inside the output directory", func(j *hostileJob, out string) []string {
			return []string{"-quarantine", filepath.Join(out, "bad.ndjson")}
		}},
		{"report is an output shard", func(j *hostileJob, out string) []string {
			return []string{"-quarantine", filepath.Join(j.dir, "q.ndjson"), "-report", filepath.Join(out, "part-00000.csv")}
		}},
		{"quarantine through a link to the input's directory", func(j *hostileJob, out string) []string {
			link := filepath.Join(j.dir, "link")
			if err := os.Symlink(j.dir, link); err != nil {
				t.Fatal(err)
			}
			return []string{"-quarantine", filepath.Join(link, filepath.Base(j.in))}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := newHostileJob(t, input, "u-1\n")
			out := filepath.Join(j.dir, "out")
			before := snapshot(t, j.dir)
			code, stderr := j.run(t, append([]string{"-out", out}, tc.args(j, out)...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (usage): %s", code, exitUsage, stderr)
			}
			if strings.Contains(stderr, "u-2") {
				t.Errorf("stderr shows a value: %s", stderr)
			}
			after := snapshot(t, j.dir)
			for name, data := range before {
				if after[name] != data {
					t.Errorf("%s changed", name)
				}
			}
			for name := range after {
				if _, ok := before[name]; !ok && name != "link" {
					t.Errorf("%s written", name)
				}
			}
		})
	}
}

// snapshot returns the regular files under dir, by relative path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&os.ModeSymlink != 0 {
			return nil
		}
		data, _ := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = string(data)
		return nil
	})
	return files
}

// A report left by an earlier run, outside the output directory, is
// removed before the job runs, so that a job that fails leaves no report
// saying "released" beside nothing (the single-machine export replaces
// it too).
func TestStaleReportRemoved(t *testing.T) {
	j := newHostileJob(t, "user_id,heart_rate\nu-1,61\nbad\n", "u-1\n")
	report := filepath.Join(j.dir, "report.json")
	if err := os.WriteFile(report, []byte(`{"status":"released"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stderr := j.run(t, "-out", filepath.Join(j.dir, "out"), "-report", report)
	if code == exitOK {
		t.Fatalf("a record with a missing field was released: %s", stderr)
	}
	if _, err := os.Stat(report); err == nil {
		t.Errorf("a failed job left the earlier run's report")
	}
}

// One person whose kept ID is spelled with white space and quotes (" a",
// "a", "\"a\"") is one person to the single-machine release (kanon
// compares people as deid.NormalizeID does); the job counted three, so
// one person's records could make a class of "3 people", and a blank ID
// (" ") passed as a person.
//
// The policy keeps the IDs and ZIP codes as they are, which the job
// refuses without -allow-kept-identifiers.
func TestPersonSpellings(t *testing.T) {
	const policy = `{"name":"hostile","fields":[{"field":"user_id","action":"keep"},{"field":"zip","action":"keep"},{"field":"heart_rate","action":"keep"}]}`
	const input = "user_id,zip,heart_rate\n" +
		" a,02139,61\na,02139,62\n\"\"\"a\"\"\",02139,63\n" +
		"b,10001,64\nc,10001,65\nd,10001,66\n"
	j := newHostileJob(t, input, "zz\n")
	if err := os.WriteFile(j.policy, []byte(policy), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(j.dir, "out")
	code, stderr := j.run(t, "-out", out, "-k", "3", "-qi", "zip", "-person", "user_id", "-allow-kept-identifiers")
	if code == exitOK {
		rep := readReport(t, filepath.Join(out, "report.json"))
		if kr := rep.KAnonymity; kr == nil || kr.People != 4 {
			t.Errorf("k-anonymity report %+v: want 4 people", kr)
		}
		classes := map[string]map[string]bool{}
		for _, f := range rep.Files {
			for _, row := range readCSV(t, must(os.ReadFile(f)))[1:] {
				if classes[row[1]] == nil {
					classes[row[1]] = map[string]bool{}
				}
				classes[row[1]][string(deid.NormalizeID([]byte(row[0])))] = true
			}
		}
		for zip, people := range classes {
			if len(people) < 3 {
				t.Errorf("class zip=%q holds %d people, want at least 3", zip, len(people))
			}
		}
	} else if !strings.Contains(stderr, "fewer than") {
		t.Errorf("exit %d: %s", code, stderr)
	}

	blank := newHostileJob(t, "user_id,zip,heart_rate\n\" \",02139,61\nb,10001,64\nc,10001,65\nd,10001,66\n", "zz\n")
	if err := os.WriteFile(blank.policy, []byte(policy), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, stderr := blank.run(t, "-out", filepath.Join(blank.dir, "out"), "-k", "3", "-qi", "zip", "-person", "user_id", "-allow-kept-identifiers"); code == exitOK {
		t.Errorf("a blank person ID was counted as a person: %s", stderr)
	}
}

// -exclude is read by the workers through a file pattern: a pattern that
// matched several lists had them read the first and ignore the others,
// releasing the records those list.
func TestExclusionListIsOneFile(t *testing.T) {
	lists := [][]byte{[]byte("u-1\n"), []byte("u-2\n")}
	i := 0
	next := func(b *[]byte) bool {
		if i == len(lists) {
			return false
		}
		*b = lists[i]
		i++
		return true
	}
	if set, err := exclusionList(next, "withdrawn-*.txt"); err == nil {
		t.Errorf("two lists read as one of %d IDs", set.Len())
	}
	j := newHostileJob(t, "user_id,heart_rate\nu-1,61\nu-2,62\n", "u-1\n")
	if code, stderr := j.run(t, "-out", filepath.Join(j.dir, "out"), "-exclude", filepath.Join(j.dir, "withdrawn*.txt")); code != exitUsage {
		t.Errorf("-exclude with a pattern: exit %d: %s", code, stderr)
	}
}
