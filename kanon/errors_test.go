package kanon_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/kanon"
)

// TestErrorsSayWhatToDo checks that errors a user can fix name the fix,
// and no cell value.
func TestErrorsSayWhatToDo(t *testing.T) {
	newTable := func(s kanon.Schema, rows ...[]string) error {
		_, err := kanon.NewTable(s, rows)
		return err
	}
	edu, err := kanon.Tree(map[string]string{"Bachelors": "*"})
	if err != nil {
		t.Fatal(err)
	}
	mask, err := kanon.Masking(3)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "zip"}}}, [][]string{{"secret-1"}, {"secret-2"}})
	if err != nil {
		t.Fatal(err)
	}
	deep := make([]kanon.Attribute, 30)
	var deepRow []string
	for i := range deep {
		deep[i] = kanon.Attribute{Name: string(rune('a'+i%26)) + strings.Repeat("x", i/26), Hierarchy: mask}
		deepRow = append(deepRow, "123")
	}
	deepTab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: deep}, [][]string{deepRow})
	if err != nil {
		t.Fatal(err)
	}
	readCSV := func(csv string, names ...string) error {
		var s kanon.Schema
		for _, n := range names {
			s.QuasiIdentifiers = append(s.QuasiIdentifiers, kanon.Attribute{Name: n})
		}
		_, err := kanon.ReadCSV(strings.NewReader(csv), kanon.CSVOptions{Schema: s})
		return err
	}
	cases := []struct {
		name string
		err  error
		is   error
		want []string
	}{
		{"a misspelt column", readCSV("birth_year,Sex,zip_code\n1970,F,123\n", "birth-year", "sex"), kanon.ErrSchema,
			[]string{`column "birth-year" is not in the header; did you mean "birth_year"?`}},
		{"another case", readCSV("birth_year,Sex,zip_code\n1970,F,123\n", "birth_year", "sex"), kanon.ErrSchema,
			[]string{`did you mean "Sex"?`}},
		{"no near column", readCSV("a,b,c,d,e,f,g,h\n1,2,3,4,5,6,7,8\n", "diagnosis"), kanon.ErrSchema,
			[]string{`its 8 columns begin "a", "b", "c", "d", "e", "f"`}},
		{"a short header", readCSV("age,sex\n1,2\n", "diagnosis"), kanon.ErrSchema,
			[]string{`its columns are "age", "sex"`}},
		{"a file without a header row", readCSV("secret@example.com,secret,1954-03-02,02139\nother@example.com,Jo,1960-01-01,02140\n", "zip"), kanon.ErrSchema,
			[]string{`the header's column 1 looks like an e-mail address (is the header row missing?)`}},
		{"a value outside the hierarchy",
			newTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "edu", Hierarchy: edu}}}, []string{"secret"}), kanon.ErrInput,
			[]string{"add a line for the value to the hierarchy"}},
		{"a value longer than its mask",
			newTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "zip", Hierarchy: mask}}}, []string{"secret"}), kanon.ErrInput,
			[]string{"give Masking the length of the longest value"}},
		{"a word in a numeric column",
			newTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "age", Type: kanon.Numeric}}}, []string{"secret"}), kanon.ErrInput,
			[]string{"declare the column Categorical"}},
		{"no model", func() error { _, err := kanon.Mondrian(context.Background(), tab, kanon.Config{}); return err }(), kanon.ErrConfig,
			[]string{"list at least one in Config.Models"}},
		{"l without a sensitive attribute",
			func() error {
				_, err := kanon.Mondrian(context.Background(), tab, kanon.Config{Models: []kanon.Model{kanon.DistinctLDiversity(2)}})
				return err
			}(), kanon.ErrConfig,
			[]string{"name it in Schema.Sensitive"}},
		{"a lattice too large",
			func() error {
				_, err := kanon.Optimal(context.Background(), deepTab, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(1)}})
				return err
			}(), kanon.ErrConfig,
			[]string{"give the hierarchies fewer levels", "use Mondrian"}},
		{"a release of another table",
			func() error { _, err := kanon.Verify(tab, stringRelease{{"*"}}, kanon.KAnonymity(1)); return err }(), kanon.ErrInput,
			[]string{"against the table it was computed from"}},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.is) {
			t.Errorf("%s: err = %v, want %v", c.name, c.err, c.is)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(c.err.Error(), w) {
				t.Errorf("%s: %q does not say %q", c.name, c.err, w)
			}
		}
		if strings.Contains(c.err.Error(), "secret") {
			t.Errorf("%s: %q names a value", c.name, c.err)
		}
	}
}
