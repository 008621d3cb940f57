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

func TestSample(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(sampleIDs) {
		t.Fatalf("%d lines, want %d", len(lines), len(sampleIDs))
	}
	// u-100234 appears twice: same pseudonym; no ID leaks into the output.
	if lines[0] != lines[2] || lines[0] == lines[1] || len(lines[0]) != 32 {
		t.Fatalf("unexpected pseudonyms %q", lines)
	}
	for _, id := range sampleIDs {
		if strings.Contains(out.String(), id) {
			t.Fatalf("output contains the identifier %q", id)
		}
	}
	if !strings.Contains(errOut.String(), "DEMO") {
		t.Fatal("no demo-key warning on stderr")
	}
}

func TestInputFileAndErrors(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "ids.txt")
	os.WriteFile(in, []byte("a\nb\n"), 0o600)
	var out bytes.Buffer
	if err := run([]string{"-demo-keys", "-in", in, "-encoding", "base32", "-key-version"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\n"); got != 2 {
		t.Fatalf("%d lines", got)
	}
	os.WriteFile(in, []byte("a\n\nb\n"), 0o600)
	err := run([]string{"-demo-keys", "-in", in}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("empty line: got %v", err)
	}
	if err := run([]string{"-bits", "32"}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Fatal("32-bit pseudonyms accepted")
	}
}

// Key flags that cannot work together are usage errors (exit status 2),
// checked before any key is read.
func TestKeyFlagsUsage(t *testing.T) {
	for _, args := range [][]string{{"-keyset", "keys.json"}, {"-kek-keyset", "kek.json"}} {
		var stderr bytes.Buffer
		err := run(args, &bytes.Buffer{}, &stderr)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr.String(), "needs") {
			t.Errorf("%v: %v, stderr %q", args, err, stderr.String())
		}
	}
}

// A list saved with a byte order mark, CRLF line ends, padding or quotes
// gets the pseudonyms of its IDs as the export computes them (of the
// normalized ID), not of the bytes around them; text that is not UTF-8
// is an error naming the line, not the value.
func TestListAsTextToolsSaveIt(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "ids.txt")
	pseudonyms := func(data string) (string, error) {
		os.WriteFile(in, []byte(data), 0o600)
		var out bytes.Buffer
		err := run([]string{"-demo-keys", "-in", in}, &out, &bytes.Buffer{})
		return out.String(), err
	}
	want, err := pseudonyms("u-1\nu-2\n70001\n")
	if err != nil {
		t.Fatal(err)
	}
	got, err := pseudonyms("\ufeffu-1\r\n \"u-2\" \r\n70001.0\r\n")
	if err != nil || got != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	_, err = pseudonyms("u-1\n\xffzelda\xfe\n")
	if err == nil || !strings.Contains(err.Error(), "line 2") || strings.Contains(err.Error(), "zelda") {
		t.Errorf("invalid UTF-8: %v", err)
	}
}
