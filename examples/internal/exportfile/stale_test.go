package exportfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// deadPID returns the number of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run a process: %v", err)
	}
	return cmd.Process.Pid
}

// A run sweeps the temporary files and directories that killed runs left
// (their process is gone), and nothing else: not those of a live
// process, not files named otherwise.
func TestSweepStale(t *testing.T) {
	dir := t.TempDir()
	dead, live := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getpid())
	files := map[string]bool{ // name → removed by the sweep
		".out.csv.deidkit-" + dead + "-123.tmp":   true,
		".out.csv.deidkit-" + live + "-123.tmp":   false,
		".out.csv.123456.tmp":                     false, // not a run's
		".other.csv.deidkit-" + dead + "-123.tmp": false, // another output's
		".out.csv.deidkit-" + dead + "-12x.tmp":   false,
		"out.csv":                                 false,
	}
	for name := range files {
		os.WriteFile(filepath.Join(dir, name), nil, 0o600)
	}
	dirs := map[string]bool{
		"export-deidkit-" + dead + "-77":  true,
		"export-deidkit-" + live + "-77":  false,
		"aiexport-deidkit-" + dead + "-7": false, // another program's
	}
	for name := range dirs {
		os.MkdirAll(filepath.Join(dir, name, "sub"), 0o700)
		os.WriteFile(filepath.Join(dir, name, "sub", "x.spill"), nil, 0o600)
	}
	o, err := Create(filepath.Join(dir, "out.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	o.Abort()
	tmp, err := TempDir(dir, "export")
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(tmp); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("temporary directory %v %v", fi, err)
	}
	os.Remove(tmp)
	entries, _ := os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	for _, set := range []map[string]bool{files, dirs} {
		for name, removed := range set {
			if slices.Contains(left, name) == removed {
				t.Errorf("%s: removed %v, want %v", name, !removed, removed)
			}
		}
	}
	if len(left) != 7 {
		t.Errorf("left %q", left)
	}
}
