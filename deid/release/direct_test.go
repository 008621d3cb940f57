package release

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A field-only release into a file (the field stage's workers write their
// chunks at their offsets, and the output is hashed as they finish) holds
// the bytes of a release into a Writer, and its report has the checksums
// sha256sum gives for the input and the file.
func TestFieldOnlyIntoFile(t *testing.T) {
	csvIn, ndjsonIn := sample(t, 3000, deid.CSV), sample(t, 3000, deid.NDJSON)
	dir := t.TempDir()
	for _, c := range []struct {
		name    string
		in      []byte
		format  deid.Format
		writer  func(io.Writer) Writer
		workers int
	}{
		{"csv, 1 worker", csvIn, deid.CSV, CSV, 1},
		{"csv, 3 workers", csvIn, deid.CSV, CSV, 3},
		{"ndjson, 3 workers", ndjsonIn, deid.NDJSON, NDJSON, 3},
		{"ndjson from csv", csvIn, deid.CSV, NDJSON, 2},
	} {
		for _, withPolicy := range []bool{false, true} {
			cfg := Config{Input: c.format, Keys: testKeys(t), Field: deid.Options{Workers: c.workers, ChunkSize: 4096}}
			if withPolicy {
				fields, err := deid.SampleFields(c.in, c.format, 0)
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Policy, _, err = research(fields); err != nil {
					t.Fatal(err)
				}
			} else {
				cfg.Profile = research
			}
			var want bytes.Buffer
			if _, err := Run(context.Background(), bytes.NewReader(c.in), c.writer(&want), cfg); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			f, err := os.Create(filepath.Join(dir, "out"))
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("held before\n")
			rep, err := Run(context.Background(), bytes.NewReader(c.in), c.writer(f), cfg)
			f.Close()
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got, err := os.ReadFile(f.Name())
			if err != nil {
				t.Fatal(err)
			}
			got, ok := bytes.CutPrefix(got, []byte("held before\n"))
			if !ok || !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s (policy %t): the file holds %d bytes, want the %d of the release into a Writer", c.name, withPolicy, len(got), want.Len())
			}
			inSum, outSum := sha256.Sum256(c.in), sha256.Sum256(got)
			if rep.InputSHA256 != hex.EncodeToString(inSum[:]) || rep.OutputSHA256 != hex.EncodeToString(outSum[:]) {
				t.Errorf("%s (policy %t): checksums %s %s, want %x %x", c.name, withPolicy, rep.InputSHA256, rep.OutputSHA256, inSum, outSum)
			}
		}
	}
}
