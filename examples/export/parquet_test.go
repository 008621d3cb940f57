package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
)

// parquetText decodes every value of a Parquet file (compressed, so a byte
// scan would find nothing) and returns them as text, and the row count.
func parquetText(t *testing.T, data []byte) (string, int64) {
	t.Helper()
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var n int64
	for _, rg := range f.RowGroups() {
		rows := rg.Rows()
		buf := make([]pq.Row, 64)
		for {
			k, err := rows.ReadRows(buf)
			for _, r := range buf[:k] {
				n++
				for _, v := range r {
					if !v.IsNull() {
						b.WriteString(v.String())
						b.WriteByte('\n')
					}
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
	return b.String(), n
}

func TestParquetOutput(t *testing.T) {
	dir := t.TempDir()
	in, recs := writeSample(t, dir, "csv", 2000)
	for _, k := range []string{"0", "4"} {
		out := filepath.Join(dir, "out"+k+".parquet")
		rep := filepath.Join(dir, "rep"+k+".json")
		code, _, stderr := runExport(t, "-in", in, "-out", out, "-report", rep, "-k", k, "-quiet")
		if code != exitOK {
			t.Fatalf("-k %s: exit %d: %s", k, code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		text, rows := parquetText(t, data)
		r := readReport(t, rep)
		if rows != r.Records.Written || rows == 0 {
			t.Fatalf("-k %s: %d Parquet rows, report says %d written", k, rows, r.Records.Written)
		}
		assertNoIdentifiers(t, identifiers(t, recs), text)
	}
}
