package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// Real tokens given with -in are not opened under the public demo keys
// unless -demo-keys says it is a demonstration, and nothing is audited or
// printed: tokens that open under public keys are a breach to report.
func TestDemoKeysRefusedOnRealInput(t *testing.T) {
	dir := t.TempDir()
	in, audit := filepath.Join(dir, "tokens.txt"), filepath.Join(dir, "audit.jsonl")
	if err := os.WriteFile(in, []byte("AAAA\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(t.Context(), []string{"-who", "x", "-why", "y", "-audit", audit, "-in", in}, &out, &bytes.Buffer{})
	if !errors.Is(err, keyfile.ErrUsage) || out.Len() != 0 {
		t.Fatalf("err %v, %d bytes out; want a usage error and nothing printed", err, out.Len())
	}
	if _, err := os.Stat(audit); !os.IsNotExist(err) {
		t.Errorf("the audit log was opened: %v", err)
	}
}
