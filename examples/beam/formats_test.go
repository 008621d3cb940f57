package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// TestOutputFormats checks the Parquet and NDJSON releases: every record
// written is in the files, with the policy's columns.
func TestOutputFormats(t *testing.T) {
	f := newFixture(t, 2_000)
	for _, format := range []string{"parquet", "ndjson"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(f.dir, format)
			rep := runOK(t, f.args(out, "-k", "3", "-out-format", format)...)
			if !rep.KAnonymity.Verified || rep.Records.Written == 0 {
				t.Fatalf("report %+v", rep)
			}
			var n int64
			for _, file := range rep.Files {
				data := must(os.ReadFile(file))
				if format == "parquet" {
					pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
					if err != nil {
						t.Fatal(err)
					}
					if cols := columnNames(pf.Schema()); !slices.Contains(cols, "user_id") || slices.Contains(cols, "email") {
						t.Fatalf("%s: columns %q", file, cols)
					}
					n += pf.NumRows()
					continue
				}
				for line := range bytes.Lines(data) {
					var rec map[string]string
					if err := json.Unmarshal(line, &rec); err != nil || rec["user_id"] == "" || rec["email"] != "" {
						t.Fatalf("%s: %q: %v", file, line, err)
					}
					n++
				}
			}
			if n != rep.Records.Written {
				t.Errorf("%d records in the files, %d written", n, rep.Records.Written)
			}
		})
	}
}

func columnNames(s *parquet.Schema) []string {
	var names []string
	for _, f := range s.Fields() {
		names = append(names, f.Name())
	}
	return names
}

// TestFailedJobWritesNothing runs the export on shards of which one has
// other columns: the job must fail and leave neither output nor report.
func TestFailedJobWritesNothing(t *testing.T) {
	f := newFixture(t, 2_000)
	odd := filepath.Join(filepath.Dir(f.glob), "measurements-zzz.csv")
	os.WriteFile(odd, []byte("user_id,email\nu-1,a@b.c\n"), 0o600)
	out := filepath.Join(f.dir, "out")
	cfg := &config{}
	fs := flag.NewFlagSet("beam", flag.ContinueOnError)
	cfg.register(fs)
	fs.Parse(f.args(out, "-k", "3"))
	var stderr bytes.Buffer
	if code := run(context.Background(), cfg, fs.Args(), &stderr); code != exitInput {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "its header differs from the first shard's") || strings.Contains(stderr.String(), "a@b.c") {
		t.Errorf("stderr: %s", stderr.String())
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}
