package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestLibraryLinksNoBeam checks that the library never pulls in Beam: no
// package of the main module depends on it, and the main module's go.mod
// does not require it. Beam lives in this module only.
func TestLibraryLinksNoBeam(t *testing.T) {
	root := filepath.Join("..", "..")
	cmd := exec.Command("go", "list", "-deps", "./...")
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./... in the main module: %v", err)
	}
	if !bytes.Contains(out, []byte("github.com/deidkit/deidkit/deid\n")) {
		t.Fatalf("go list listed no package of the library:\n%s", out)
	}
	for line := range bytes.Lines(out) {
		if bytes.Contains(line, []byte("github.com/apache/beam")) {
			t.Errorf("the main module depends on %s", bytes.TrimSpace(line))
		}
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(mod, []byte("apache/beam")) {
		t.Error("the main module's go.mod requires Beam")
	}
}
