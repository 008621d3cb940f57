package deid_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/pseudo"
)

// A careless caller's nil reader or nil writer must get an error, not a
// panic in a worker goroutine (which a caller cannot recover: it takes
// the whole process down, mid-export).
func TestRunNilReaderOrWriter(t *testing.T) {
	tr := carelessTransformer(t, deid.Options{Input: deid.CSV})
	for name, run := range map[string]func() error{
		"nil reader": func() error { _, err := tr.Run(context.Background(), nil, &strings.Builder{}); return err },
		"nil writer": func() error {
			_, err := tr.Run(context.Background(), strings.NewReader("user_id,hr\nu1,60\n"), nil)
			return err
		},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			if err := run(); err == nil {
				t.Errorf("%s: no error", name)
			}
		}()
	}
}

// The same file as input and output (a caller who opens the export in
// place, O_RDWR) must be refused before anything is written: the workers
// write the output at the file's offsets while the input is still being
// read there, so the run overwrote its own input, failed later on a
// "malformed record" made of output bytes, and left a file mixing
// pseudonymized rows with raw ones.
func TestRunSameFileInAndOut(t *testing.T) {
	tr := carelessTransformer(t, deid.Options{Input: deid.CSV, ChunkSize: 4096})
	in := "user_id,hr\n" + strings.Repeat("user-abcdefghijklmnop,60\n", 20000)
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := tr.Run(context.Background(), f, f); err == nil || strings.Contains(err.Error(), "malformed") {
		t.Errorf("Run with one file as input and output: %v, want an error saying so", err)
	}
	if now, _ := os.ReadFile(path); string(now) != in {
		t.Error("the input was overwritten")
	}
}

// carelessTransformer pseudonymizes user_id and keeps hr.
func carelessTransformer(t *testing.T, opts deid.Options) *deid.Transformer {
	t.Helper()
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	p, err := deid.ParsePolicy([]byte(`{"name":"p","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"},{"field":"hr","action":"keep"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := deid.NewTransformer(p, deid.Keys{Pseudonyms: ks}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
