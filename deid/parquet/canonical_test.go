package parquet

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A typed column never alters a value: a field whose number the column
// would store under another spelling ("0042" as 42, a ZIP or an ID with its
// leading zeros lost; "+7"; "0x1p4" as 16) is an invalid value of the
// column, an error naming the record and the column, never the value.
// Keep such a column a string.
func TestTypedColumnsNeverAlterValues(t *testing.T) {
	for _, tc := range []struct {
		typ  Type
		vals []string
	}{
		{Int64, []string{"0042", "007", "+7", "-007", "+0", "00"}},
		{Double, []string{"0042", "0042.5", "-007.5", "+7.5", "0x10", "0x1p4", "-0x1p-2", "0x_1p4", "00.5"}},
	} {
		for _, v := range tc.vals {
			var out bytes.Buffer
			w := NewWriter(&out, Options{Types: map[string]Type{"zip": tc.typ}})
			_, err := w.Write([]byte("zip,n\n1,a\n" + v + ",b\n"))
			if err == nil {
				err = w.Close()
			}
			var re *RecordError
			if !errors.Is(err, ErrInvalidValue) || !errors.As(err, &re) || re.Record != 2 || re.Column != "zip" {
				t.Errorf("%v column, value %q: got %v, want an invalid value of record 2, column zip", tc.typ, v, err)
			}
			if err != nil && strings.Contains(err.Error(), v) {
				t.Errorf("the error shows the value: %v", err)
			}
		}
	}
	// The canonical spellings still go in.
	for _, tc := range []struct {
		typ Type
		v   string
	}{{Int64, "0"}, {Int64, "-42"}, {Int64, "42"}, {Double, "0.5"}, {Double, "-0.5"}, {Double, "72.5"}, {Double, "-1e-3"}, {Double, "0"}, {Double, "1E5"}, {Double, "NaN"}} {
		var out bytes.Buffer
		w := NewWriter(&out, Options{Types: map[string]Type{"x": tc.typ}})
		_, err := w.Write([]byte("x\n" + tc.v + "\n"))
		if err == nil {
			err = w.Close()
		}
		if err != nil {
			t.Errorf("%v column, value %q: %v", tc.typ, tc.v, err)
		}
	}
}
