package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Exclusion drops the listed person's own records; a kept column naming
// them in another person's record (a carer) must be refused too, as the
// single-machine export refuses it: the job hands its list to the
// library's field stage, which looks for it in kept values. With a
// quarantine the record is set aside, and the list's report counts only
// IDs that matched a record's own ID, never one a kept value names: the
// job's recording wrapper of the list had counted u-77 as matched.
func TestListedIDInAKeptColumn(t *testing.T) {
	const csv = "user_id,heart_rate,carer_ref\nu-1,61,u-77\nu-2,62,u-9\nu-3,63,u-8\nu-42,64,u-1\n"
	j := newHostileJob(t, csv, "u-42\nu-77\n")
	policy := `{"name":"carers","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"},{"field":"heart_rate","action":"keep"},{"field":"carer_ref","action":"keep"}]}`
	if err := os.WriteFile(j.policy, []byte(policy), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(j.dir, "out")
	code, stderr := j.run(t, "-out", out)
	if code != exitInput || !strings.Contains(stderr, `field "carer_ref"`) || !strings.Contains(stderr, "exclusion list") {
		t.Fatalf("exit %d, want %d refusing carer_ref: %s", code, exitInput, stderr)
	}
	if strings.Contains(stderr, "u-77") {
		t.Errorf("the refusal names the listed ID: %s", stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("a refused job left %d files in its output", len(entries))
	}

	q := filepath.Join(j.dir, "quarantine.ndjson")
	out2 := filepath.Join(j.dir, "out2")
	if code, stderr := j.run(t, "-out", out2, "-quarantine", q); code != exitOK {
		t.Fatalf("with a quarantine: exit %d: %s", code, stderr)
	}
	rep := readReport(t, filepath.Join(out2, "report.json"))
	if rep.Quarantined != 1 || rep.Written != 2 || rep.Excluded != 1 || rep.Exclusion == nil || rep.Exclusion.Matched != 1 || rep.Exclusion.Unmatched != 1 {
		t.Errorf("%d quarantined, %d written, %d excluded, exclusion %+v; want 1, 2, 1, one ID matched and one not", rep.Quarantined, rep.Written, rep.Excluded, rep.Exclusion)
	}
	parts, _ := filepath.Glob(filepath.Join(out2, "part-*"))
	if len(parts) == 0 {
		t.Fatal("no release written")
	}
	for _, p := range parts {
		if b, _ := os.ReadFile(p); strings.Contains(string(b), "u-77") || strings.Contains(string(b), "u-42") {
			t.Errorf("%s holds a listed ID: %s", p, b)
		}
	}
}
