package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exporttest"
)

// TestMain runs the program itself when the test binary is started as
// it by TestKilledRun.
func TestMain(m *testing.M) {
	if os.Getenv("DEIDKIT_EXPORT_MAIN") == "1" {
		command().Main()
	}
	os.Exit(m.Run())
}

// A run killed outright (kill -9, or the kernel's out-of-memory killer)
// runs no deferred call: its temporary output and its spill directory
// stay. The next run removes them, and only them.
func TestKilledRun(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	head, _ := exporttest.Sample(t, dir, "csv", 10000) // more than the head the job reads before it starts
	data, err := os.ReadFile(head)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	cmd := exec.Command(os.Args[0], "-demo-keys", "-in", "-", "-in-format", "csv", "-out", out, "-k", "3", "-temp-dir", tmp, "-quiet")
	cmd.Env = append(os.Environ(), "DEIDKIT_EXPORT_MAIN=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The input never ends: the run is in the middle of the field stage,
	// its output and spill made, when it is killed.
	stdin.Write(data)
	leftovers := func() (files []string) {
		for _, d := range []string{dir, tmp} {
			entries, _ := os.ReadDir(d)
			for _, e := range entries {
				if strings.Contains(e.Name(), "deidkit-") {
					files = append(files, e.Name())
				}
			}
		}
		return files
	}
	for deadline := time.Now().Add(time.Minute); len(leftovers()) < 2; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the run made no temporary output and spill: %v; stderr:\n%s", leftovers(), stderr.String())
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	stdin.Close()
	killed := leftovers()
	if len(killed) != 2 {
		t.Fatalf("a killed run left %v, want its temporary output and spill directory", killed)
	}
	r := run(t, "-in", head, "-out", out, "-k", "3", "-temp-dir", tmp, "-quiet")
	if r.Code != exportcmd.ExitOK {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if left := leftovers(); len(left) != 0 {
		t.Fatalf("the next run left %v of the killed one", left)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}
