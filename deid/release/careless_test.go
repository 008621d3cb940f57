package release

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// failingWriter is a release Writer whose file fills up after some
// records.
type failingWriter struct {
	Writer
	wrote, limit int
}

var errDiskFull = errors.New("disk full")

func (f *failingWriter) Write(fields [][]byte) error {
	if f.wrote == f.limit {
		return errDiskFull
	}
	f.wrote++
	return f.Writer.Write(fields)
}

// A release whose output fails midway must not come back with a report
// that describes a complete, verified release: a caller that writes the
// report it got beside the error (or logs it) would present 100 written
// records as a verified k-anonymous release of 3,000.
func TestFailedWriteReportIsNotComplete(t *testing.T) {
	in := sample(t, 3000, 1)
	cfg := Config{Profile: research, Keys: testKeys(t), Privacy: &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id"}}
	var out bytes.Buffer
	w := &failingWriter{Writer: CSV(&out), limit: 100}
	rep, err := Run(context.Background(), bytes.NewReader(in), w, cfg)
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("Run = %v, want the Writer's error", err)
	}
	if rep == nil {
		return
	}
	if rep.Written > int64(w.wrote) {
		t.Errorf("the report of a failed write says %d records written; the Writer took %d", rep.Written, w.wrote)
	}
	if k := rep.KAnonymity; k != nil && k.Verified {
		t.Errorf("the report of a failed write says the release was verified (k = %d)", k.K)
	}
}
