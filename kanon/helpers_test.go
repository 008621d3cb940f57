package kanon

import (
	"os"
	"path/filepath"
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
