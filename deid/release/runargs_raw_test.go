package release

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A quarantine that is the release's own destination, or its input file,
// is refused before anything is read: the quarantine's raw records would
// be written into the release, or over the input.
func TestQuarantineIsNotTheRelease(t *testing.T) {
	in := "id,person,dob,sex,zip,state,weight,age,consent,diagnosis\nr1,p1,1980-01-02,F,10001,NY,70,40,true,none\nr2,\"p2,1980\n"
	dir := t.TempDir()
	path := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		run  func(cfg Config) (io.Reader, Writer, *bytes.Buffer)
	}{
		{"CSV output", func(cfg Config) (io.Reader, Writer, *bytes.Buffer) {
			out := cfg.Field.Quarantine.(*bytes.Buffer)
			return strings.NewReader(in), CSV(out), out
		}},
		{"NDJSON output", func(cfg Config) (io.Reader, Writer, *bytes.Buffer) {
			out := cfg.Field.Quarantine.(*bytes.Buffer)
			return strings.NewReader(in), NDJSON(out), out
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := Config{Policy: peoplePolicy(), Keys: testKeys(t), Field: deid.Options{AllowKeptIdentifiers: true, Quarantine: new(bytes.Buffer)}}
			r, w, out := tc.run(cfg)
			_, err := Run(t.Context(), r, w, cfg)
			if !errors.Is(err, deid.ErrSameFile) || !errors.Is(err, ErrConfig) {
				t.Fatalf("got %v, want ErrConfig and deid.ErrSameFile", err)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %q", out.String())
			}
		})
	}
	t.Run("input file", func(t *testing.T) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		q, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		var out bytes.Buffer
		cfg := Config{Policy: peoplePolicy(), Keys: testKeys(t), Field: deid.Options{AllowKeptIdentifiers: true, Quarantine: q}}
		if _, err := Run(t.Context(), f, CSV(&out), cfg); !errors.Is(err, deid.ErrSameFile) {
			t.Fatalf("got %v, want deid.ErrSameFile", err)
		}
		if b, _ := os.ReadFile(path); string(b) != in {
			t.Errorf("the input changed: %q", b)
		}
	})
}
