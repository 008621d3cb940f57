package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exporttest"
)

// A research release of a user's file is k-anonymous without -k: a
// forgotten flag must not release exact quasi-identifiers. -k 0 asks for
// the field policy's output alone; -policy and the other profiles have no
// k-anonymity stage unless asked.
func TestResearchReleaseIsKAnonymousByDefault(t *testing.T) {
	dir := t.TempDir()
	in, _ := exporttest.Sample(t, dir, "csv", 2000)
	for _, tc := range []struct {
		name  string
		args  []string
		wantK int // 0: no k-anonymity stage
	}{
		{"research profile, no -k", nil, defaultK},
		{"research profile named, no -k", []string{"-profile", "research"}, defaultK},
		{"-k 0", []string{"-k", "0"}, 0},
		{"-k 7", []string{"-k", "7"}, 7},
		{"ai-engine profile", []string{"-profile", "ai-engine"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, rep := filepath.Join(dir, "o.csv"), filepath.Join(dir, "r.json")
			args := append([]string{"-in", in, "-out", out, "-report", rep, "-quiet", "-reference-date", "2026-01-01"}, tc.args...)
			r := run(t, args...)
			if r.Code != exportcmd.ExitOK {
				t.Fatalf("exit %d: %s", r.Code, r.Stderr)
			}
			k := exporttest.ReadReport(t, rep).KAnonymity
			switch {
			case tc.wantK == 0 && k != nil:
				t.Fatalf("k-anonymity stage %+v, want none", k)
			case tc.wantK > 0 && (k == nil || !k.Verified || k.KRequested != tc.wantK || k.K < tc.wantK):
				t.Fatalf("k-anonymity %+v, want k=%d verified", k, tc.wantK)
			}
			if tc.wantK > 0 {
				kAnonymousInPeople(t, out, tc.wantK)
			}
		})
	}
}

// The default quasi-identifiers are those of the output: a column the
// input lacks is left out and said, and an output with none of them fails
// the job, saying how to go on; a -qi the output lacks fails it.
func TestDefaultQuasiIdentifiersFollowTheOutput(t *testing.T) {
	dir := t.TempDir()
	in, _ := exporttest.Sample(t, dir, "csv", 2000)
	without := func(name string, drop ...string) string {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var keep []int
		for i, f := range recs[0] {
			if !slices.Contains(drop, f) {
				keep = append(keep, i)
			}
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		for _, rec := range recs {
			row := make([]string, 0, len(keep))
			for _, i := range keep {
				row = append(row, rec[i])
			}
			w.Write(row)
		}
		w.Flush()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	noState := without("nostate.csv", "state")
	rep := filepath.Join(dir, "r.json")
	r := run(t, "-in", noState, "-out", filepath.Join(dir, "o.csv"), "-report", rep, "-quiet", "-reference-date", "2026-01-01")
	if r.Code != exportcmd.ExitOK || !strings.Contains(r.Stderr, `no "state" column`) {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	k := exporttest.ReadReport(t, rep).KAnonymity
	var qis []string
	if k != nil {
		for _, q := range k.QuasiIdentifiers {
			qis = append(qis, q.Name)
		}
	}
	if k == nil || !k.Verified || !slices.Equal(qis, []string{"date_of_birth", "sex", "zip"}) {
		t.Fatalf("k-anonymity %+v on %q", k, qis)
	}

	none := without("noqi.csv", "date_of_birth", "sex", "zip", "state")
	r = run(t, "-in", none, "-out", filepath.Join(dir, "o2.csv"), "-quiet", "-reference-date", "2026-01-01")
	if r.Code != exportcmd.ExitFailed || !strings.Contains(r.Stderr, "-qi") || !strings.Contains(r.Stderr, "-k 0") {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}

	r = run(t, "-in", noState, "-out", filepath.Join(dir, "o3.csv"), "-qi", "date_of_birth,state", "-quiet", "-reference-date", "2026-01-01")
	if r.Code != exportcmd.ExitFailed || !strings.Contains(r.Stderr, `"state"`) {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
}
