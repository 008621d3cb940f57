package exportfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

func TestOutputCommitAndAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	o, err := Create(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.W.WriteString("x")
	o.W.Flush()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("output visible before Commit")
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	o.Abort() // after Commit: no effect
	if b, err := os.ReadFile(path); err != nil || string(b) != "x" {
		t.Fatalf("%q %v", b, err)
	}
	a, _ := Create(filepath.Join(dir, "aborted.csv"), nil)
	a.W.WriteString("y")
	a.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("abort left files: %v", entries)
	}
	var stdout bytes.Buffer
	s, _ := Create("-", &stdout)
	s.W.WriteString("z")
	if err := s.Commit(); err != nil || stdout.String() != "z" || s.Path() != "-" {
		t.Fatal("stdout output")
	}
}

func TestReadExclusionList(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ids.txt")
	os.WriteFile(path, []byte("\xef\xbb\xbfu-1\r\n\r\n  \"u-2\"  \r\n"), 0o600)
	s, err := ReadExclusionList(path)
	if err != nil || s.Len() != 2 || !s.Contains([]byte("u-1")) || !s.Contains([]byte("u-2")) {
		t.Fatalf("%v %v", s, err)
	}
	if _, err := ReadExclusionList(path + ".none"); err == nil {
		t.Fatal("missing file accepted")
	}
	os.WriteFile(path, []byte("u-1\nm\xfcller\n"), 0o600)
	if _, err := ReadExclusionList(path); !errors.Is(err, deid.ErrIDList) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("Latin-1 list: %v", err)
	}
}
