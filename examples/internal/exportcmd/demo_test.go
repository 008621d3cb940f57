package exportcmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exporttest"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// Given an input of the user's own and no -keyset, the export programs
// used to release it under the public demo keys with a warning on stderr:
// anyone holding the source tree recomputes such pseudonyms from candidate
// IDs. They now refuse it as a usage error, before any file is touched,
// unless -demo-keys asks for the demo keys; the built-in sample still runs
// on them with no flag (the README's first command).
func TestDemoKeysOnlyOnTheSampleOrWhenAsked(t *testing.T) {
	dir := t.TempDir()
	in, _ := exporttest.Sample(t, dir, "csv", 20)
	out, rep := filepath.Join(dir, "out.ndjson"), filepath.Join(dir, "report.json")
	os.WriteFile(rep, []byte(`{"status":"ok"}`), 0o600)

	r := exporttest.Run(t, feed(nil), "-in", in, "-out", out, "-report", rep)
	if r.Code != exportcmd.ExitUsage || !strings.Contains(r.Stderr, "pass -keyset and -kek-keyset (or -demo-keys") {
		t.Fatalf("exit %d, stderr %q; want a usage error naming -keyset, -kek-keyset and -demo-keys", r.Code, r.Stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("the refused run wrote its output")
	}
	if b, _ := os.ReadFile(rep); string(b) != `{"status":"ok"}` {
		t.Errorf("the refused run touched the report: %s", b)
	}

	r = exporttest.Run(t, feed(nil), "-in", in, "-out", out, "-demo-keys")
	if r.Code != exportcmd.ExitOK || !strings.Contains(r.Stderr, keyfile.DemoWarning) {
		t.Fatalf("-demo-keys: exit %d, stderr %q; want a run with the DEMO warning", r.Code, r.Stderr)
	}

	r = exporttest.Run(t, feed(nil), "-out", filepath.Join(dir, "sample.ndjson"), "-sample-rows", "20", "-quiet")
	if r.Code != exportcmd.ExitOK || !strings.Contains(r.Stderr, keyfile.DemoWarning) {
		t.Fatalf("the sample: exit %d, stderr %q; want a run with the DEMO warning", r.Code, r.Stderr)
	}
}
