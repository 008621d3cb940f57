package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/release"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// TestOutputFormats checks the Parquet and NDJSON releases: every record
// written is in the files, with the policy's columns, typed as the
// library's release of the same records types them (release.Run): a
// Parquet file has INT64, DOUBLE and TIMESTAMP columns for them, and an
// NDJSON record JSON numbers.
func TestOutputFormats(t *testing.T) {
	f := newFixture(t, 2_000)
	_, single := singleMachine(t, f.all, f.policy(t), f.keys, f.excluded, []string{"date_of_birth", "sex", "zip", "state"}, 3)
	types := map[string]release.Type{}
	for _, c := range single.Columns {
		types[c.Name] = c.Type
	}
	for _, want := range []release.Type{release.Int64, release.Double, release.Timestamp} {
		if !slices.ContainsFunc(single.Columns, func(c release.Column) bool { return c.Type == want }) {
			t.Fatalf("the library's release has no %v column: %v", want, single.Columns)
		}
	}
	for _, format := range []string{"parquet", "ndjson"} {
		t.Run(format, func(t *testing.T) {
			out := filepath.Join(f.dir, format)
			rep := runOK(t, f.args(out, "-k", "3", "-out-format", format)...)
			if !rep.KAnonymity.Verified || rep.Written == 0 || !slices.Equal(rep.Columns, single.Columns) {
				t.Fatalf("report %+v, columns %v, the library's %v", rep, rep.Columns, single.Columns)
			}
			var n int64
			for _, file := range rep.Files {
				data := must(os.ReadFile(file))
				if format == "parquet" {
					pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
					if err != nil {
						t.Fatal(err)
					}
					checkParquetTypes(t, file, pf.Schema(), single.Columns)
					n += pf.NumRows()
					continue
				}
				for line := range bytes.Lines(data) {
					var rec map[string]any
					if err := json.Unmarshal(line, &rec); err != nil || rec["user_id"] == "" || rec["email"] != nil || len(rec) != len(single.Columns) {
						t.Fatalf("%s: %q: %v", file, line, err)
					}
					for name, v := range rec {
						_, number := v.(float64)
						if numeric := types[name] == release.Int64 || types[name] == release.Double; v != nil && number != numeric {
							t.Fatalf("%s: column %s (%v) holds %T", file, name, types[name], v)
						}
					}
					n++
				}
			}
			if n != rep.Written {
				t.Errorf("%d records in the files, %d written", n, rep.Written)
			}
		})
	}
}

// checkParquetTypes checks the physical and logical type of every column
// of a Parquet file against the release's columns.
func checkParquetTypes(t *testing.T, file string, s *parquet.Schema, cols []release.Column) {
	t.Helper()
	fields := s.Fields()
	if len(fields) != len(cols) {
		t.Fatalf("%s: %d columns, want %d", file, len(fields), len(cols))
	}
	for i, fld := range fields {
		c := cols[i]
		kind := fld.Type().Kind()
		var logical format.LogicalTypeValue
		if lt := fld.Type().LogicalType(); lt != nil {
			logical = lt.Value
		}
		_, timestamp := logical.(*format.TimestampType)
		_, text := logical.(*format.StringType)
		ok := fld.Name() == c.Name
		switch c.Type {
		case release.Int64:
			ok = ok && kind == parquet.Int64 && !timestamp
		case release.Double:
			ok = ok && kind == parquet.Double
		case release.Timestamp:
			ok = ok && kind == parquet.Int64 && timestamp
		default:
			ok = ok && kind == parquet.ByteArray && text
		}
		if !ok {
			t.Errorf("%s: column %s is %v (%v), want %s %v", file, fld.Name(), kind, logical, c.Name, c.Type)
		}
	}
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
		runFails(t, args, "measurements-zzz.csv: deid: field rule", "a@b.c")
	})
	t.Run("a shard with its columns in another order", func(t *testing.T) {
		in := filepath.Join(f.dir, "swapped")
		os.Mkdir(in, 0o700)
		for _, file := range must(filepath.Glob(f.glob)) {
			os.WriteFile(filepath.Join(in, filepath.Base(file)), must(os.ReadFile(file)), 0o600)
		}
		recs := readCSV(t, f.all)[:2]
		for _, r := range recs {
			r[0], r[len(r)-2] = r[len(r)-2], r[0]
		}
		var b bytes.Buffer
		csv.NewWriter(&b).WriteAll(recs)
		os.WriteFile(filepath.Join(in, "measurements-zzz.csv"), b.Bytes(), 0o600)
		args := f.args(filepath.Join(f.dir, "swapped-out"), "-k", "3")
		args[1] = filepath.Join(in, "*.csv")
		runFails(t, args, "its columns differ from the first shard's", recs[1][1])
	})
	t.Run("an exclusion list that matches no record", func(t *testing.T) {
		list := filepath.Join(f.dir, "nobody.txt")
		os.WriteFile(list, []byte("u-nobody-1\nu-nobody-2\n"), 0o600)
		args := append(f.args(filepath.Join(f.dir, "nobody-out"), "-k", "0"), "-exclude", list)
		runFails(t, args, "no identifier of the exclusion list matched a record (2 listed", "u-nobody")
		rep := runOK(t, append(f.args(filepath.Join(f.dir, "nobody-ok"), "-k", "0"), "-exclude", list, "-exclude-may-match-none")...)
		if e := rep.Exclusion; e == nil || e.Listed != 2 || e.Unmatched != 2 || rep.Excluded != 0 {
			t.Errorf("exclusion report %+v, %d excluded", rep.Exclusion, rep.Excluded)
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
