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

// TestFailedJobWritesNothing runs the export on inputs it must refuse:
// the job fails and leaves neither output nor report.
func TestFailedJobWritesNothing(t *testing.T) {
	f := newFixture(t, 2_000)
	t.Run("a shard with other columns", func(t *testing.T) {
		in := filepath.Join(f.dir, "odd")
		os.Mkdir(in, 0o700)
		for _, file := range must(filepath.Glob(f.glob)) {
			os.WriteFile(filepath.Join(in, filepath.Base(file)), must(os.ReadFile(file)), 0o600)
		}
		os.WriteFile(filepath.Join(in, "measurements-zzz.csv"), []byte("user_id,email\nu-1,a@b.c\n"), 0o600)
		args := f.args(filepath.Join(f.dir, "odd-out"), "-k", "3")
		args[1] = filepath.Join(in, "*.csv")
		runFails(t, args, "its header differs from the first shard's", "a@b.c")
	})
	t.Run("an exclusion list that matches no record", func(t *testing.T) {
		list := filepath.Join(f.dir, "nobody.txt")
		os.WriteFile(list, []byte("u-nobody-1\nu-nobody-2\n"), 0o600)
		args := append(f.args(filepath.Join(f.dir, "nobody-out")), "-exclude", list)
		runFails(t, args, "no identifier of the exclusion list matched a record (2 listed", "u-nobody")
		rep := runOK(t, append(f.args(filepath.Join(f.dir, "nobody-ok")), "-exclude", list, "-exclude-may-match-none")...)
		if e := rep.Exclusion; e == nil || e.Listed != 2 || e.Unmatched != 2 || rep.Records.Excluded != 0 {
			t.Errorf("exclusion report %+v, %d excluded", rep.Exclusion, rep.Records.Excluded)
		}
	})
}

// runFails runs the program, which must fail with a message holding want
// and not secret, and leave no file in its output directory.
func runFails(t *testing.T, args []string, want, secret string) {
	t.Helper()
	cfg := &config{}
	fs := flag.NewFlagSet("beam", flag.ContinueOnError)
	cfg.register(fs)
	fs.Parse(args)
	var stderr bytes.Buffer
	if code := run(context.Background(), cfg, fs.Args(), &stderr); code != exitInput {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, want) || strings.Contains(msg, secret) {
		t.Errorf("stderr: %s", msg)
	}
	entries, _ := os.ReadDir(cfg.out)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}
