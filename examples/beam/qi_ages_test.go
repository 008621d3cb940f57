package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Ages written as they are beside a generalized date of birth give the
// birth year back (2026 - 40), and kanon.Verify, reading the
// quasi-identifiers only, called the release k-anonymous. The library's
// release refuses it (release.Privacy.CheckColumns); the job ran its own
// k stage and released it. It now refuses it before the pipeline runs,
// naming both columns and leaving nothing in -out; with the ages among
// the quasi-identifiers the columns are accepted.
func TestAgesBesideAGeneralizedBirthDate(t *testing.T) {
	dir := t.TempDir()
	in, policy := filepath.Join(dir, "in-0.csv"), filepath.Join(dir, "policy.json")
	var b strings.Builder
	b.WriteString("user_id,dob,sex,age,heart_rate\n")
	for i := range 20 {
		b.WriteString("u-" + string(rune('a'+i)) + ",19" + string(rune('5'+i%4)) + "0-05-01," + string("FM"[i%2]) + ",4" + string(rune('0'+i%10)) + ",60\n")
	}
	for path, data := range map[string]string{
		in: b.String(),
		policy: `{"name":"ages","reference_date":"2026-01-01","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"},` +
			`{"field":"dob","action":"year"},{"field":"sex","action":"keep"},{"field":"age","action":"age"},{"field":"heart_rate","action":"keep"}]}`,
	} {
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := func(out, qi string) []string {
		return []string{"-demo-keys", "-in", in, "-policy", policy, "-out", out, "-k", "2", "-qi", qi, "-person", "user_id"}
	}

	out := filepath.Join(dir, "out")
	cfg, rest := parseArgs(t, args(out, "dob,sex"))
	var stderr bytes.Buffer
	if code := run(context.Background(), cfg, rest, &stderr); code != exitUsage {
		t.Fatalf("exit %d, want %d: %s", code, exitUsage, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, `"age"`) || !strings.Contains(msg, `"dob"`) || !strings.Contains(msg, "birth year") {
		t.Errorf("stderr %q, want the ages and the date of birth named", msg)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}

	// The same columns pass the check when the ages are quasi-identifiers
	// too, and when no date is generalized among them.
	for _, qi := range []string{"dob,sex,age", "sex,age"} {
		cfg, _ := parseArgs(t, args(filepath.Join(dir, "ok"), qi))
		spec := &jobSpec{K: 2, OutFields: []string{"user_id", "dob", "sex", "age", "heart_rate"}}
		p, _, err := choosePolicy(cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := chooseColumns(cfg, spec, p); err != nil {
			t.Errorf("-qi %s: %v", qi, err)
		}
	}
}
