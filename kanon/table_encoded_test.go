package kanon

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
)

// encodedSchema has a numeric, a categorical and a hierarchical
// quasi-identifier, a sensitive attribute and an individual.
func encodedSchema(t testing.TB) Schema {
	h, err := NewHierarchy([][]string{{"a", "ab", "*"}, {"b", "ab", "*"}, {"c", "cd", "*"}, {"d", "cd", "*"}})
	if err != nil {
		t.Fatal(err)
	}
	return Schema{
		QuasiIdentifiers: []Attribute{{Name: "age", Type: Numeric}, {Name: "sex", Type: Categorical}, {Name: "grade", Type: Categorical, Hierarchy: h}},
		Sensitive:        []string{"diag"},
		Individual:       "person",
	}
}

// encode dictionary-encodes column i of rows in order of last appearance,
// so that the encoding's numbering differs from the Builder's.
func encode(rows [][]string, i int) EncodedColumn {
	index := map[string]int32{}
	var values []string
	for r := len(rows) - 1; r >= 0; r-- {
		if _, ok := index[rows[r][i]]; !ok {
			index[rows[r][i]] = int32(len(values))
			values = append(values, rows[r][i])
		}
	}
	return EncodedColumn{Values: values, Code: func(row int) int32 { return index[rows[row][i]] }}
}

func TestAddEncodedEqualsAdd(t *testing.T) {
	props := testenv.Properties(100)
	props.Property("AddEncoded builds the table Add builds", prop.ForAll(func(seeds []int, split int) string {
		s := encodedSchema(t)
		var rows [][]string
		for i, x := range seeds {
			rows = append(rows, []string{strconv.Itoa(x % 7), []string{"F", "M"}[x%2], string(rune('a' + x%4)), strconv.Itoa(x % 3), "p" + strconv.Itoa((x+i)%5)})
		}
		want, err := NewTable(s, rows)
		if err != nil {
			return err.Error()
		}
		b, err := NewBuilder(s)
		if err != nil {
			return err.Error()
		}
		// Two calls, the first of split rows.
		split = min(split, len(rows))
		for _, part := range [][][]string{rows[:split], rows[split:]} {
			cols := make([]EncodedColumn, 5)
			for i := range cols {
				cols[i] = encode(part, i)
			}
			if err := b.AddEncoded(len(part), cols...); err != nil {
				return err.Error()
			}
		}
		got, err := b.Build()
		if err != nil {
			return err.Error()
		}
		return sameTable(want, got)
	}, gen.SliceOf(gen.IntRange(0, 1000)), gen.IntRange(0, 50)))
	props.TestingRun(t)
}

// sameTable describes how two tables differ, "" if they do not.
func sameTable(want, got *Table) string {
	if want.Len() != got.Len() || want.Individuals() != got.Individuals() {
		return fmt.Sprintf("%d rows, %d individuals; want %d, %d", got.Len(), got.Individuals(), want.Len(), want.Individuals())
	}
	for row := range want.Len() {
		for q := range want.QuasiIdentifiers() {
			for l := range want.Levels(q) + 1 {
				if w, g := want.Generalize(row, q, l), got.Generalize(row, q, l); w != g {
					return fmt.Sprintf("row %d, column %d, level %d: %q, want %q", row, q, l, g, w)
				}
			}
		}
		if w, g := want.SensitiveValue(row, 0), got.SensitiveValue(row, 0); w != g {
			return fmt.Sprintf("row %d: sensitive %q, want %q", row, g, w)
		}
		if w, g := want.IndividualOf(row), got.IndividualOf(row); w != g {
			return fmt.Sprintf("row %d: individual %d, want %d", row, g, w)
		}
	}
	return ""
}

func TestAddEncodedErrors(t *testing.T) {
	rows := [][]string{{"1", "F", "a", "x", "p1"}, {"2", "M", "b", "y", ""}}
	cols := func() []EncodedColumn {
		cs := make([]EncodedColumn, 5)
		for i := range cs {
			cs[i] = encode(rows, i)
		}
		return cs
	}
	outOfRange := cols()
	outOfRange[1].Code = func(int) int32 { return 7 }
	late := cols() // fails in the sensitive column, after the first three added their values
	late[3].Code = func(row int) int32 { return int32(3 * row) }
	for name, tc := range map[string]struct {
		cols []EncodedColumn
		want InputError
	}{
		"columns":   {cols()[:4], InputError{Row: 1, Reason: "4 columns, want 5"}},
		"code":      {outOfRange, InputError{Row: 1, Column: "sex", Reason: "code 7 of 2 values"}},
		"no person": {cols(), InputError{Row: 2, Column: "person", Reason: "no individual"}},
	} {
		b, err := NewBuilder(encodedSchema(t))
		if err != nil {
			t.Fatal(err)
		}
		err = b.AddEncoded(len(rows), tc.cols...)
		var ie *InputError
		if !errors.As(err, &ie) || *ie != tc.want || !errors.Is(err, ErrInput) {
			t.Errorf("%s: %v, want %v", name, err, &tc.want)
		}
		// The failed call left nothing behind: rows, values or people.
		good := [][]string{{"2", "M", "b", "y", "p2"}, {"1", "F", "c", "z", "p1"}}
		cs := make([]EncodedColumn, 5)
		for i := range cs {
			cs[i] = encode(good, i)
		}
		if err := b.AddEncoded(len(good), cs...); err != nil {
			t.Fatal(err)
		}
		want, err := NewTable(encodedSchema(t), good)
		if err != nil {
			t.Fatal(err)
		}
		got, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if d := sameTable(want, got); d != "" {
			t.Errorf("%s: after the failed call: %s", name, d)
		}
	}
}

func TestFirstRows(t *testing.T) {
	rows := [][]string{{"3", "F", "a", "x", "p1"}, {"1", "M", "b", "y", "p2"}, {"3", "M", "a", "y", "p1"}, {"2", "F", "d", "x", "p3"}}
	tab, err := NewTable(encodedSchema(t), rows)
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range [][]int{{0, 1, 3}, {0, 1}, {0, 1, 3}} {
		got := tab.FirstRows(q)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("column %d: first rows %v, want %v", q, got, want)
		}
	}
}
