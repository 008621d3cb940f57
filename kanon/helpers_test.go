package kanon

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var adultQIs = []string{"age", "education", "marital-status", "native-country", "race", "salary-class", "sex", "workclass"}

func adultSchema(tb testing.TB) Schema {
	tb.Helper()
	var s Schema
	for _, name := range adultQIs {
		f, err := os.Open(filepath.Join("testdata", "adult", "adult_hierarchy_"+name+".csv"))
		if err != nil {
			tb.Fatal(err)
		}
		h, err := ReadHierarchy(f, ';')
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		s.QuasiIdentifiers = append(s.QuasiIdentifiers, Attribute{Name: name, Hierarchy: h})
	}
	s.Sensitive = []string{"occupation"}
	return s
}

func loadAdult(tb testing.TB, file string) *Table {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "adult", file))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	t, err := ReadCSV(f, CSVOptions{Schema: adultSchema(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// checkReadError reads the CSV in with schema s and checks that it fails
// with target, that the error mentions every string of has, and that it
// does not name secret, a cell's value.
func checkReadError(t *testing.T, in string, s Schema, target error, has []string, secret string) {
	t.Helper()
	_, err := ReadCSV(strings.NewReader(in), CSVOptions{Schema: s, Comma: ','})
	if !errors.Is(err, target) {
		t.Fatalf("err = %v, want %v", err, target)
	}
	for _, h := range has {
		if !strings.Contains(err.Error(), h) {
			t.Errorf("%q does not mention %s", err, h)
		}
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error %q names a cell value", err)
	}
}
