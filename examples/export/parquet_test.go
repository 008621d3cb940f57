package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exporttest"
	pq "github.com/parquet-go/parquet-go"
)

// parquetFile is a Parquet file read back: the type of each column (its
// physical kind, and its logical type if any) and every value as text.
type parquetFile struct {
	types map[string]string
	text  string
	rows  int64
}

func readParquet(t *testing.T, path string) parquetFile {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	p := parquetFile{types: map[string]string{}}
	for _, fld := range f.Schema().Fields() {
		typ := fld.Type().Kind().String()
		if lt := fld.Type().LogicalType(); lt != nil {
			typ += " " + lt.String()
		}
		p.types[fld.Name()] = typ
	}
	var b strings.Builder
	for _, rg := range f.RowGroups() {
		rows := rg.Rows()
		buf := make([]pq.Row, 64)
		for {
			n, err := rows.ReadRows(buf)
			for _, r := range buf[:n] {
				p.rows++
				for _, v := range r {
					b.WriteString(v.String() + "\n")
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	p.text = b.String()
	return p
}

// The research release in Parquet, with and without the k-anonymity
// stage, has typed measurement columns, as DuckDB, pandas or Spark read
// them: DOUBLE, INT64, TIMESTAMP; the rest are strings.
func TestParquetIsTyped(t *testing.T) {
	dir := t.TempDir()
	in, recs := exporttest.Sample(t, dir, "csv", 2000)
	want := map[string]string{
		"measured_at": "INT64 TIMESTAMP", "weight_kg": "DOUBLE", "fat_mass_kg": "DOUBLE", "muscle_mass_kg": "DOUBLE",
		"heart_rate": "INT64", "systolic": "INT64", "diastolic": "INT64", "sleep_minutes": "INT64", "steps": "INT64",
		"user_id": "BYTE_ARRAY STRING", "date_of_birth": "BYTE_ARRAY STRING", "sex": "BYTE_ARRAY STRING",
		"zip": "BYTE_ARRAY STRING", "state": "BYTE_ARRAY STRING", "device_model": "BYTE_ARRAY STRING",
	}
	for _, k := range []string{"0", "10"} {
		out, rep := filepath.Join(dir, "out"+k+".parquet"), filepath.Join(dir, "rep"+k+".json")
		r := run(t, "-in", in, "-out", out, "-report", rep, "-k", k, "-quiet")
		if r.Code != exportcmd.ExitOK {
			t.Fatalf("-k %s: exit %d: %s", k, r.Code, r.Stderr)
		}
		got := readParquet(t, out)
		for col, typ := range want {
			if g := got.types[col]; !strings.HasPrefix(g, typ) {
				t.Errorf("-k %s: column %s is %q, want %s", k, col, g, typ)
			}
		}
		if len(got.types) != len(want) {
			t.Errorf("-k %s: columns %v", k, got.types)
		}
		if written := exporttest.ReadReport(t, rep).Written; got.rows != written || got.rows == 0 {
			t.Fatalf("-k %s: %d Parquet rows, the report says %d written", k, got.rows, written)
		}
		exporttest.NoIdentifiers(t, exporttest.Identifiers(t, recs), got.text)
	}
}
