package exportfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWithin(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(out, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir, path string
		want      bool
	}{
		{out, filepath.Join(out, "q.ndjson"), true},
		{out, out, true},
		{out, filepath.Join(out, "sub", "q.ndjson"), true},
		{out, filepath.Join(dir, "link", "q.ndjson"), true},
		{filepath.Join(dir, "link"), filepath.Join(out, "q.ndjson"), true},
		{out, filepath.Join(out, "..", "q.ndjson"), false},
		{out, filepath.Join(dir, "out2", "q.ndjson"), false},
		{out, filepath.Join(dir, "..q"), false},
		{filepath.Join(dir, "absent"), filepath.Join(dir, "absent", "q"), true},
	} {
		got, err := Within(tc.dir, tc.path)
		if err != nil || got != tc.want {
			t.Errorf("Within(%s, %s) = %v, %v; want %v", tc.dir, tc.path, got, err, tc.want)
		}
	}
}
