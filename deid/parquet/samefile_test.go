package parquet

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
)

// A quarantine that is the writer under a Parquet writer, or another
// handle on its file, is the output: its raw, identified records would be
// written into the release. Before, the Parquet writers hid their
// destination, and only CSV and NDJSON outputs were compared. Both runs
// refuse it (deid.ErrSameFile; release.Run also ErrConfig) before they
// read or write anything.
func TestQuarantineIsNotTheParquetOutput(t *testing.T) {
	const in = "id,model\nr1,BPM\nr2,\"unterminated\n"
	policy := &deid.Policy{Default: deid.Drop, Fields: []deid.Rule{
		{Field: "id", Action: deid.Drop},
		{Field: "model", Action: deid.Keep},
	}}
	outputs := []struct {
		name string
		// open returns the output's destination and the quarantine: the
		// same writer, or two handles on one file.
		open func(t *testing.T) (dst, quarantine io.Writer, written func() int)
	}{
		{"one buffer", func(t *testing.T) (io.Writer, io.Writer, func() int) {
			var b bytes.Buffer
			return &b, &b, b.Len
		}},
		{"two handles on one file", func(t *testing.T) (io.Writer, io.Writer, func() int) {
			path := filepath.Join(t.TempDir(), "out.parquet")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			q, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { q.Close() })
			return f, q, func() int {
				st, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				return int(st.Size())
			}
		}},
	}
	for _, o := range outputs {
		t.Run("release.Run, "+o.name, func(t *testing.T) {
			dst, q, written := o.open(t)
			cfg := release.Config{Policy: policy, Field: deid.Options{Quarantine: q}}
			_, err := release.Run(t.Context(), strings.NewReader(in), NewRecordWriter(dst, Options{}), cfg)
			if !errors.Is(err, deid.ErrSameFile) || !errors.Is(err, release.ErrConfig) {
				t.Fatalf("got %v, want ErrConfig and deid.ErrSameFile", err)
			}
			if n := written(); n != 0 {
				t.Errorf("wrote %d bytes", n)
			}
		})
		t.Run("Transformer.Run, "+o.name, func(t *testing.T) {
			dst, q, written := o.open(t)
			tr, err := deid.NewTransformer(policy, deid.Keys{}, deid.Options{Input: deid.CSV, Output: deid.CSV, Quarantine: q})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Run(t.Context(), strings.NewReader(in), NewWriter(dst, Options{})); !errors.Is(err, deid.ErrSameFile) {
				t.Fatalf("got %v, want deid.ErrSameFile", err)
			}
			if n := written(); n != 0 {
				t.Errorf("wrote %d bytes", n)
			}
		})
	}
	// Another writer is no reason to refuse.
	var out, q bytes.Buffer
	if _, err := release.Run(t.Context(), strings.NewReader(in), NewRecordWriter(&out, Options{}),
		release.Config{Policy: policy, Field: deid.Options{Quarantine: &q}}); err != nil {
		t.Fatal(err)
	}
	if out.Len() == 0 || !strings.Contains(q.String(), `"line"`) {
		t.Errorf("%d bytes out, quarantine %q", out.Len(), q.String())
	}
}

// Destination returns the caller's writer, not the checksumming one.
func TestDestination(t *testing.T) {
	var b bytes.Buffer
	if NewRecordWriter(&b, Options{}).Destination() != &b || NewWriter(&b, Options{}).Destination() != &b {
		t.Error("Destination is not the writer given")
	}
}
