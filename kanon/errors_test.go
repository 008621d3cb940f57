package kanon

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestErrorsSayWhatToDo checks that errors a user can fix name the fix,
// and no cell value.
func TestErrorsSayWhatToDo(t *testing.T) {
	newTable := func(s Schema, rows ...[]string) error {
		_, err := NewTable(s, rows)
		return err
	}
	edu, err := Tree(map[string]string{"Bachelors": "*"})
	if err != nil {
		t.Fatal(err)
	}
	mask, err := Masking(3)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "zip"}}}, [][]string{{"secret-1"}, {"secret-2"}})
	if err != nil {
		t.Fatal(err)
	}
	deep := make([]Attribute, 30)
	var deepRow []string
	for i := range deep {
		deep[i] = Attribute{Name: string(rune('a'+i%26)) + strings.Repeat("x", i/26), Hierarchy: mask}
		deepRow = append(deepRow, "123")
	}
	deepTab, err := NewTable(Schema{QuasiIdentifiers: deep}, [][]string{deepRow})
	if err != nil {
		t.Fatal(err)
	}
	readCSV := func(csv string, names ...string) error {
		var s Schema
		for _, n := range names {
			s.QuasiIdentifiers = append(s.QuasiIdentifiers, Attribute{Name: n})
		}
		_, err := ReadCSV(strings.NewReader(csv), CSVOptions{Schema: s})
		return err
	}
	cases := []struct {
		name string
		err  error
		is   error
		want []string
	}{
		{"a misspelt column", readCSV("birth_year,Sex,zip_code\n1970,F,123\n", "birth-year", "sex"), ErrSchema,
			[]string{`column "birth-year" is not in the header; did you mean "birth_year"?`}},
		{"another case", readCSV("birth_year,Sex,zip_code\n1970,F,123\n", "birth_year", "sex"), ErrSchema,
			[]string{`did you mean "Sex"?`}},
		{"no near column", readCSV("a,b,c,d,e,f,g,h\n1,2,3,4,5,6,7,8\n", "diagnosis"), ErrSchema,
			[]string{`its 8 columns begin "a", "b", "c", "d", "e", "f"`}},
		{"a short header", readCSV("age,sex\n1,2\n", "diagnosis"), ErrSchema,
			[]string{`its columns are "age", "sex"`}},
		{"a value outside the hierarchy",
			newTable(Schema{QuasiIdentifiers: []Attribute{{Name: "edu", Hierarchy: edu}}}, []string{"secret"}), ErrInput,
			[]string{"add a line for the value to the hierarchy"}},
		{"a value longer than its mask",
			newTable(Schema{QuasiIdentifiers: []Attribute{{Name: "zip", Hierarchy: mask}}}, []string{"secret"}), ErrInput,
			[]string{"give Masking the length of the longest value"}},
		{"a word in a numeric column",
			newTable(Schema{QuasiIdentifiers: []Attribute{{Name: "age", Type: Numeric}}}, []string{"secret"}), ErrInput,
			[]string{"declare the column Categorical"}},
		{"no model", func() error { _, err := Mondrian(context.Background(), tab, Config{}); return err }(), ErrConfig,
			[]string{"list at least one in Config.Models"}},
		{"l without a sensitive attribute",
			func() error {
				_, err := Mondrian(context.Background(), tab, Config{Models: []Model{DistinctLDiversity(2)}})
				return err
			}(), ErrConfig,
			[]string{"name it in Schema.Sensitive"}},
		{"a lattice too large",
			func() error {
				_, err := Optimal(context.Background(), deepTab, Config{Models: []Model{KAnonymity(1)}})
				return err
			}(), ErrConfig,
			[]string{"give the hierarchies fewer levels", "use Mondrian"}},
		{"a release of another table",
			func() error { _, err := Verify(tab, stringCells{{"*"}}, KAnonymity(1)); return err }(), ErrInput,
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

// stringCells is a release given as strings.
type stringCells [][]string

func (r stringCells) Len() int                    { return len(r) }
func (r stringCells) Suppressed(row int) bool     { return false }
func (r stringCells) Released(row, qi int) string { return r[row][qi] }
