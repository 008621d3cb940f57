package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Given shards of the user's own and no -keyset, the job used to release
// them under the public demo keys with a warning on stderr, as
// examples/export did: anyone holding the source tree recomputes such
// pseudonyms from candidate IDs. It now refuses, as a usage error before
// anything runs, unless -demo-keys asks for the demo keys.
func TestDemoKeysRefusedOnRealInput(t *testing.T) {
	j := newHostileJob(t, "user_id,heart_rate\nu-1,61\n", "u-9\n")
	out := filepath.Join(j.dir, "out")
	cfg, rest := parseArgs(t, []string{"-in", j.in, "-policy", j.policy, "-k", "0", "-out", out})
	var stderr bytes.Buffer
	code := run(context.Background(), cfg, rest, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "pass -keyset and -kek-keyset (or -demo-keys") {
		t.Fatalf("exit %d, stderr %q; want a usage error naming -keyset, -kek-keyset and -demo-keys", code, stderr.String())
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("the refused job made its output directory")
	}
	if code, stderr := j.run(t, "-out", out); code != exitOK {
		t.Fatalf("-demo-keys: exit %d: %s", code, stderr)
	}
}
