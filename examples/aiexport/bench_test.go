package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/deidkit/deidkit/bench/baseline"
	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
)

// benchRows is the size of the benchmarks' export: large enough that the
// run, not the start-up (keys, profile), dominates.
const benchRows = 100_000

func benchInput(b *testing.B) (string, []byte) {
	b.Helper()
	var buf bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &buf, deidtest.Config{Rows: benchRows, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "measurements.csv")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	return path, buf.Bytes()
}

// BenchmarkRun is the whole program on a CSV file, NDJSON to a discarded
// stdout, in bytes of input per second.
func BenchmarkRun(b *testing.B) {
	path, data := benchInput(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				code := command().Run(context.Background(), []string{"-demo-keys", "-in", path, "-out", "-", "-reference-date", "2026-01-01",
					"-workers", fmt.Sprint(workers)}, nil, io.Discard, io.Discard)
				if code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// BenchmarkBaseline is the same policy written by hand with the standard
// library (package bench/baseline: encoding/csv, hmac.New per row,
// csv.Writer), reading the same bytes: the yardstick of BenchmarkRun.
func BenchmarkBaseline(b *testing.B) {
	_, data := benchInput(b)
	keys, err := keyfile.Load("", "", "")
	if err != nil {
		b.Fatal(err)
	}
	key, err := insecurekeyset.DomainKey(keys.Pseudonyms, "ai-engine", keys.Pseudonyms.PrimaryKeyID())
	if err != nil {
		b.Fatal(err)
	}
	p := baseline.Params{DomainKey: key, RefDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := baseline.CSV(context.Background(), bytes.NewReader(data), io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}
