package parquet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// file is a Parquet file read back with parquet-go's reader, independently
// of the writer's code.
type file struct {
	names  []string
	kinds  []pq.Kind
	utf8   []bool
	rows   [][]any // nil (null), string, int64 or float64
	groups []int64 // rows per row group
}

func readParquet(t testing.TB, data []byte) *file {
	t.Helper()
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("open parquet: %v", err)
	}
	out := &file{}
	for _, fld := range f.Schema().Fields() {
		if !fld.Leaf() || !fld.Optional() {
			t.Fatalf("column %q: not an optional leaf", fld.Name())
		}
		out.names = append(out.names, fld.Name())
		out.kinds = append(out.kinds, fld.Type().Kind())
		var lt format.LogicalType
		if p := fld.Type().LogicalType(); p != nil {
			lt = *p
		}
		_, isString := lt.Value.(*format.StringType)
		out.utf8 = append(out.utf8, isString)
	}
	for _, rg := range f.RowGroups() {
		out.groups = append(out.groups, rg.NumRows())
		rows := rg.Rows()
		buf := make([]pq.Row, 16)
		for {
			n, err := rows.ReadRows(buf)
			for _, r := range buf[:n] {
				if len(r) != len(out.names) {
					t.Fatalf("row of %d values, want %d", len(r), len(out.names))
				}
				row := make([]any, len(r))
				for _, v := range r {
					i := v.Column()
					switch {
					case v.IsNull():
						row[i] = nil
					case v.Kind() == pq.ByteArray:
						row[i] = string(v.ByteArray())
					case v.Kind() == pq.Int64:
						row[i] = v.Int64()
					case v.Kind() == pq.Double:
						row[i] = v.Double()
					default:
						t.Fatalf("unexpected kind %v", v.Kind())
					}
				}
				out.rows = append(out.rows, row)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("read rows: %v", err)
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// expected reads csvText with encoding/csv and returns the header and the
// values the writer should store for opts.
func expected(t testing.TB, csvText string, opts Options) ([]string, [][]any) {
	t.Helper()
	r := csv.NewReader(strings.NewReader(csvText))
	if opts.Comma != 0 {
		r.Comma = rune(opts.Comma)
	}
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("reference reader: %v", err)
	}
	header := recs[0]
	var rows [][]any
	for _, rec := range recs[1:] {
		row := make([]any, len(rec))
		for i, s := range rec {
			typ := opts.Types[header[i]]
			switch {
			case s == "" && (typ != String || !opts.EmptyStrings):
				row[i] = nil
			case typ == Int64:
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					t.Fatalf("test data: %v", err)
				}
				row[i] = n
			case typ == Double:
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatalf("test data: %v", err)
				}
				row[i] = x
			default:
				row[i] = s
			}
		}
		rows = append(rows, row)
	}
	return header, rows
}

// compareRows reports the first difference between got and want, without
// printing megabyte values whole.
func compareRows(got, want [][]any) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				return fmt.Errorf("row %d column %d: got %.60q, want %.60q", i+1, j, fmt.Sprint(got[i][j]), fmt.Sprint(want[i][j]))
			}
		}
	}
	return nil
}
