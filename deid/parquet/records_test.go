package parquet

import (
	"bytes"
	"errors"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/deidkit/deidkit/deid/release"
)

// columnTypes reads the physical kind and the logical type of each column
// of a Parquet file.
func columnTypes(t *testing.T, data []byte) (kinds []pq.Kind, logical []*format.LogicalType) {
	t.Helper()
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, fld := range f.Schema().Fields() {
		kinds = append(kinds, fld.Type().Kind())
		logical = append(logical, fld.Type().LogicalType())
	}
	return kinds, logical
}

func TestRecordWriterTypes(t *testing.T) {
	var buf bytes.Buffer
	w := NewRecordWriter(&buf, Options{})
	cols := []release.Column{
		{Name: "user_id", Type: release.String}, {Name: "steps", Type: release.Int64},
		{Name: "weight_kg", Type: release.Double}, {Name: "measured_at", Type: release.Timestamp},
	}
	if err := w.Begin(cols); err != nil {
		t.Fatal(err)
	}
	recs := [][]string{
		{"a1", "12034", "72.5", "2025-05-30T19:29:39Z"},
		{"b2", "", "", ""},
		{"c3", "-7", "1e-3", "2025-05-30T21:29:39.123456+02:00"},
	}
	for _, r := range recs {
		fields := make([][]byte, len(r))
		for i, v := range r {
			fields[i] = []byte(v)
		}
		if err := w.Write(fields); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	kinds, logical := columnTypes(t, buf.Bytes())
	wantKinds := []pq.Kind{pq.ByteArray, pq.Int64, pq.Double, pq.Int64}
	for i, k := range kinds {
		if k != wantKinds[i] {
			t.Errorf("column %s: kind %v, want %v", cols[i].Name, k, wantKinds[i])
		}
	}
	if _, ok := valueOf(logical[0]).(*format.StringType); !ok {
		t.Errorf("user_id: logical type %v, want STRING", logical[0])
	}
	if it, ok := valueOf(logical[1]).(*format.IntType); !ok || it.BitWidth != 64 || !it.IsSigned {
		t.Errorf("steps: logical type %v, want INT(64, signed)", logical[1])
	}
	ts, ok := valueOf(logical[3]).(*format.TimestampType)
	if !ok || !ts.IsAdjustedToUTC {
		t.Fatalf("measured_at: logical type %v, want TIMESTAMP adjusted to UTC", logical[3])
	}
	if _, ok := ts.Unit.Value.(*format.MicroSeconds); !ok {
		t.Fatalf("measured_at: unit %v, want microseconds", ts.Unit.Value)
	}
	got := readParquet(t, buf.Bytes())
	want := [][]any{
		{"a1", int64(12034), 72.5, time.Date(2025, 5, 30, 19, 29, 39, 0, time.UTC).UnixMicro()},
		{"b2", nil, nil, nil},
		{"c3", int64(-7), 1e-3, time.Date(2025, 5, 30, 19, 29, 39, 123456000, time.UTC).UnixMicro()},
	}
	if err := compareRows(got.rows, want); err != nil {
		t.Fatal(err)
	}
}

func TestRecordWriterErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		typ   release.Type
		value string
	}{
		{"int", release.Int64, "7.5"},
		{"double", release.Double, "seven"},
		{"timestamp without zone", release.Timestamp, "2025-05-30T19:29:39"},
		{"timestamp finer than a microsecond", release.Timestamp, "2025-05-30T19:29:39.1234567Z"},
		{"date", release.Timestamp, "2025-05-30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := NewRecordWriter(&bytes.Buffer{}, Options{})
			if err := w.Begin([]release.Column{{Name: "v", Type: tc.typ}}); err != nil {
				t.Fatal(err)
			}
			err := w.Write([][]byte{[]byte(tc.value)})
			var re *RecordError
			if !errors.As(err, &re) || re.Record != 1 || re.Column != "v" || !errors.Is(err, ErrInvalidValue) {
				t.Fatalf("err = %v", err)
			}
			if bytes.Contains([]byte(err.Error()), []byte(tc.value)) {
				t.Fatalf("error %q names the value", err)
			}
			if w.Close() == nil {
				t.Fatal("Close after an error succeeded")
			}
		})
	}
	w := NewRecordWriter(&bytes.Buffer{}, Options{})
	if err := w.Begin([]release.Column{{Name: "a", Type: release.String}, {Name: "a", Type: release.String}}); err == nil {
		t.Fatal("a repeated column name accepted")
	}
	w = NewRecordWriter(&bytes.Buffer{}, Options{})
	if err := w.Begin([]release.Column{{Name: "a", Type: release.String}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Write([][]byte{[]byte("x"), []byte("y")}); !errors.Is(err, ErrFieldCount) {
		t.Fatalf("two fields for one column: %v", err)
	}
}

func valueOf(lt *format.LogicalType) format.LogicalTypeValue {
	if lt == nil {
		return nil
	}
	return lt.Value
}
