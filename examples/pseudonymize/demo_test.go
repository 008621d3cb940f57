package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Given an input of the user's own and no -keyset, the program used to
// pseudonymize it under the public demo keys with a warning on stderr:
// anyone holding the source tree reverses such pseudonyms by hashing
// candidate IDs. It now refuses, unless -demo-keys says it is a
// demonstration; the sample run without -in still needs no flag.
func TestDemoKeysRefusedOnRealInput(t *testing.T) {
	in := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(in, []byte("u-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, stderr bytes.Buffer
	err := run([]string{"-in", in}, &out, &stderr)
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr.String(), "-keyset") || out.Len() != 0 {
		t.Fatalf("err %v, stderr %q, %d bytes out; want a usage error naming -keyset and nothing written", err, stderr.String(), out.Len())
	}
	if err := run([]string{"-in", in, "-demo-keys"}, &out, &bytes.Buffer{}); err != nil || out.Len() == 0 {
		t.Fatalf("-demo-keys: %v", err)
	}
	if err := run(nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatalf("the sample run: %v", err)
	}
}
