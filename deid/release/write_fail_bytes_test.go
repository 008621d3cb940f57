package release

import (
	"bytes"
	"context"
	"testing"
)

// byteWriter is a release Writer that counts the records and the bytes of
// their fields it accepted, and fails the Write of record failAt
// (1-based; 0: never).
type byteWriter struct {
	Writer
	failAt int64
	took   written
}

func (b *byteWriter) Write(fields [][]byte) error {
	if b.failAt > 0 && b.took.records+1 == b.failAt {
		return errWrite
	}
	if err := b.Writer.Write(fields); err != nil {
		return err
	}
	b.took.records++
	for _, f := range fields {
		b.took.bytes += int64(len(f))
	}
	return nil
}

// A release through a Writer the field stage cannot write for (one that
// is not this package's CSV or NDJSON Writer) reports the records and the
// bytes of their fields the Writer accepted, whether the run fails midway
// or succeeds, with or without a k-anonymity stage: a failed field-only
// run reported 0 bytes.
func TestReportCountsBytesTheWriterTook(t *testing.T) {
	const rows = 3000
	in := sample(t, rows, 0)
	for _, tc := range []struct {
		name    string
		privacy *Privacy
		failAt  int64
	}{
		{"field only, Write fails after 100", nil, 101},
		{"field only, Write fails after 2000", nil, 2001},
		{"field only, no failure", nil, 0},
		{"k, Write fails after 100", &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id"}, 101},
		{"k, no failure", &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := &byteWriter{Writer: CSV(&buf), failAt: tc.failAt}
			rep, err := Run(context.Background(), bytes.NewReader(in), w, Config{Profile: research, Keys: testKeys(t), Privacy: tc.privacy})
			if (err != nil) != (tc.failAt > 0) {
				t.Fatalf("Run: %v", err)
			}
			if rep == nil {
				t.Fatal("no report")
			}
			if rep.Written != w.took.records || rep.BytesWritten != w.took.bytes {
				t.Errorf("the report says %d records, %d bytes written; the Writer took %d records, %d bytes",
					rep.Written, rep.BytesWritten, w.took.records, w.took.bytes)
			}
		})
	}
}
