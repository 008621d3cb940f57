package kanon

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestAdultLoads(t *testing.T) {
	tab := loadAdult(t, "adult.csv")
	if tab.Len() != 30162 {
		t.Fatalf("rows = %d, want 30162", tab.Len())
	}
	if got := strings.Join(tab.QuasiIdentifiers(), ","); got != strings.Join(adultQIs, ",") {
		t.Errorf("quasi-identifiers %s", got)
	}
	if !tab.IsNumeric(0) || tab.IsNumeric(1) {
		t.Errorf("age should be numeric and education categorical")
	}
	if v := tab.Value(0, 0); v != "39" {
		t.Errorf("first age %q, want 39", v)
	}
	if v := tab.SensitiveValue(0, 0); v != "Adm-clerical" {
		t.Errorf("first occupation %q", v)
	}
	if g := tab.Generalize(0, 0, 2); g != "30-39" {
		t.Errorf("age 39 at level 2 = %q, want 30-39", g)
	}
}

func TestReadCSVDelimiters(t *testing.T) {
	s := Schema{QuasiIdentifiers: []Attribute{{Name: "zip"}, {Name: "age"}}, Sensitive: []string{"dx"}}
	for _, sep := range []string{",", ";", "\t", "|"} {
		in := strings.Join([]string{"id", "zip", "age", "dx"}, sep) + "\n" +
			strings.Join([]string{"1", "12345", "40", "flu"}, sep) + "\r\n" +
			strings.Join([]string{"2", "12346", "9", "cold"}, sep) + "\n"
		tab, err := ReadCSV(strings.NewReader(in), CSVOptions{Schema: s})
		if err != nil {
			t.Fatalf("%q: %v", sep, err)
		}
		if tab.Len() != 2 || tab.Value(1, 0) != "12346" || tab.SensitiveValue(0, 0) != "flu" {
			t.Errorf("%q: wrong content", sep)
		}
		// Numbers keep numeric order: 9 < 40 although "9" > "40".
		if !tab.IsNumeric(1) || tab.qi[1].codes[1] >= tab.qi[1].codes[0] {
			t.Errorf("%q: age is not ordered numerically", sep)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	const secret = "SECRET-VALUE-77"
	zips, err := ReadHierarchy(strings.NewReader("12345;123**;*\n12346;123**;*\n"), ';')
	if err != nil {
		t.Fatal(err)
	}
	dates := Schema{QuasiIdentifiers: []Attribute{{Name: "zip", Type: Categorical}, {Name: "birth", Hierarchy: Dates("02/01/2006")}}}
	withZips := Schema{QuasiIdentifiers: []Attribute{{Name: "zip", Type: Categorical, Hierarchy: zips}}}
	cases := []struct {
		name   string
		in     string
		schema Schema
		target error
		has    []string
	}{
		{"missing column", "a,b\n1,2\n", Schema{QuasiIdentifiers: []Attribute{{Name: "c"}}}, ErrSchema, []string{`"c"`}},
		{"wrong field count", "a,b\n1,2\n3\n", Schema{QuasiIdentifiers: []Attribute{{Name: "a"}}}, ErrInput, []string{"line 3", "fields"}},
		{"not a number", "a,b\n1,2\n" + secret + ",3\n", Schema{QuasiIdentifiers: []Attribute{{Name: "a", Type: Numeric}}}, ErrInput, []string{"row 2", `"a"`}},
		{"bad quote", "a,b\n1,\"2\n3,4\n", Schema{QuasiIdentifiers: []Attribute{{Name: "a"}}}, ErrInput, []string{"line"}},
		{"empty input", "", Schema{QuasiIdentifiers: []Attribute{{Name: "a"}}}, ErrInput, []string{"header"}},
		{"no quasi-identifier", "a\n1\n", Schema{}, ErrSchema, nil},
		{"repeated name", "a\n1\n", Schema{QuasiIdentifiers: []Attribute{{Name: "a"}}, Sensitive: []string{"a"}}, ErrSchema, nil},
		// A date in another layout than its hierarchy's: the cell is a
		// birth date, which must not appear in the error.
		{"date not in the hierarchy", "zip,birth\n12345,12/03/1957\n12346," + secret + "\n", dates, ErrInput, []string{"row 2", `"birth"`, "not in the hierarchy"}},
		{"value not in the hierarchy", "zip,birth\n12345,x\n" + secret + ",x\n", withZips, ErrInput, []string{"row 2", `"zip"`, "not in the hierarchy"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkReadError(t, c.in, c.schema, c.target, c.has, secret)
		})
	}
}

func TestBuilderRowLength(t *testing.T) {
	b, err := NewBuilder(Schema{QuasiIdentifiers: []Attribute{{Name: "a"}}, Sensitive: []string{"s"}})
	if err != nil {
		t.Fatal(err)
	}
	var ie *InputError
	if err := b.Add("only one"); !errors.As(err, &ie) || ie.Row != 1 {
		t.Fatalf("err = %v, want InputError at row 1", err)
	}
}

// TestTableBytesPerRow checks the memory budget: at most 64 bytes per row
// for 8 quasi-identifiers, besides the distinct strings.
func TestTableBytesPerRow(t *testing.T) {
	const n = 100_000
	var s Schema
	for i := range 8 {
		s.QuasiIdentifiers = append(s.QuasiIdentifiers, Attribute{Name: "q" + strconv.Itoa(i)})
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err := NewBuilder(s)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]string, 8)
	for i := range n {
		for q := range row {
			row[q] = strconv.Itoa((i * (q + 7)) % (10 + 13*q))
		}
		if err := b.Add(row...); err != nil {
			t.Fatal(err)
		}
	}
	tab, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perRow := float64(after.HeapAlloc-before.HeapAlloc) / n
	runtime.KeepAlive(tab)
	t.Logf("%.1f bytes per row", perRow)
	if perRow > 64 {
		t.Errorf("%.1f bytes per row, want at most 64", perRow)
	}
}
