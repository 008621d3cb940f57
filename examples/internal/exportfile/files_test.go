package exportfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestDistinct(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("a\n1\n"), 0o600)
	os.Symlink(in, filepath.Join(dir, "link.csv"))
	os.Link(in, filepath.Join(dir, "hard.csv"))
	os.Mkdir(filepath.Join(dir, "sub"), 0o700)
	os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "subdir-link"))
	os.Symlink(filepath.Join(dir, "missing.csv"), filepath.Join(dir, "dangling.csv"))
	t.Chdir(dir)
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"same name", "out.csv", "out.csv", true},
		{"relative and absolute", "out.csv", filepath.Join(dir, "out.csv"), true},
		{"dot segments", "out.csv", "sub/../out.csv", true},
		{"symlink to the input", in, "link.csv", true},
		{"hard link", in, "hard.csv", true},
		{"new files through a linked directory", "sub/q.ndjson", "subdir-link/q.ndjson", true},
		{"dangling link and its target", "dangling.csv", "missing.csv", true},
		{"different new files", "out.csv", "q.ndjson", false},
		{"stdin and stdout", "-", "-", false},
		{"unset", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Distinct(Named{"-in", tc.a}, Named{"-keyset", "keys.json"}, Named{"-out", tc.b})
			if got := errors.Is(err, ErrSameFile); got != tc.same {
				t.Fatalf("Distinct(%q, %q) = %v", tc.a, tc.b, err)
			}
			if tc.same && !strings.Contains(err.Error(), "-in and -out") {
				t.Fatalf("error does not name the flags: %v", err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); !os.IsNotExist(err) {
		t.Fatal("Distinct created a file")
	}
}

func TestCreateThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "data", "real.csv")
	os.Mkdir(filepath.Dir(real), 0o700)
	os.WriteFile(real, []byte("old"), 0o600)
	link := filepath.Join(dir, "out.csv")
	os.Symlink(real, link)
	o, err := Create(link, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.W.WriteString("new")
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Fatalf("target holds %q", b)
	}
	if entries, _ := os.ReadDir(filepath.Dir(real)); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
	// A link to a missing file creates the file, like a shell redirection.
	dangling := filepath.Join(dir, "dangling.csv")
	os.Symlink(filepath.Join(dir, "data", "new.csv"), dangling)
	o, err = Create(dangling, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.W.WriteString("x")
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "data", "new.csv")); string(b) != "x" {
		t.Fatalf("%q %v", b, err)
	}
	if fi, _ := os.Lstat(dangling); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the dangling link was replaced")
	}
}

func TestCreateFIFOWritesThrough(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "out.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	o, err := Create(fifo, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.W.WriteString("records\n")
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "records\n" {
		t.Fatalf("reader got %q", s)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(fifo)); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

func TestCreateDevice(t *testing.T) {
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skipf("%s is not a character device here", os.DevNull)
	}
	// Through a link: a regression that replaced the file it is given
	// replaces the link, never the system's device (which a test run as
	// root could).
	dir := t.TempDir()
	null := filepath.Join(dir, "null.csv")
	os.Symlink(os.DevNull, null)
	o, err := Create(null, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.W.WriteString("x")
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(null); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link to %s was replaced: %v", os.DevNull, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
	// A directory is refused, not replaced.
	if _, err := Create(dir, nil); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("directory: %v", err)
	}
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	rep := filepath.Join(dir, "report.json")
	os.WriteFile(rep, []byte(`{"status":"ok"}`), 0o600)
	if err := RemoveStale(rep); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(rep); !os.IsNotExist(err) {
		t.Fatal("stale report left")
	}
	fifo := filepath.Join(dir, "fifo.json")
	syscall.Mkfifo(fifo, 0o600)
	for _, p := range []string{"", "-", rep, fifo} {
		if err := RemoveStale(p); err != nil {
			t.Fatalf("%q: %v", p, err)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was removed: %v", err)
	}
}

func TestCheckWorkers(t *testing.T) {
	for _, n := range []int{0, 1, MaxWorkers()} {
		if err := CheckWorkers(n); err != nil {
			t.Errorf("%d: %v", n, err)
		}
	}
	for _, n := range []int{-1, MaxWorkers() + 1, 5000} {
		if err := CheckWorkers(n); err == nil {
			t.Errorf("%d accepted", n)
		}
	}
}

func TestPanicError(t *testing.T) {
	var err error
	func() {
		defer func() { err = PanicError(recover()) }()
		var m map[string]int
		secret := "jane.doe@example.com"
		m[secret] = 1 // panics: assignment to a nil map
	}()
	if err == nil || !strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), "TestPanicError") {
		t.Fatalf("err = %v", err)
	}
	func() {
		defer func() { err = PanicError(recover()) }()
		panic("jane.doe@example.com")
	}()
	if strings.Contains(err.Error(), "jane") {
		t.Fatalf("the panic value leaks: %v", err)
	}
}
