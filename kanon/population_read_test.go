package kanon_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/kanon"
)

func TestReadPopulation(t *testing.T) {
	attrs := censusAttributes(t)
	const in = "\ufeffnote;zip;sex;birth_year;people\n" +
		"a;021**;F;[1970, 1974];120\n" +
		"b;021**;M;[1970, 1974];95\n" +
		"c;021**;F;[1970, 1974];5\n" + // adds up with the first line
		"d;945**;*;*;0\n"
	pop, err := kanon.ReadPopulation(strings.NewReader(in), kanon.PopulationOptions{QuasiIdentifiers: attrs, Count: "people"})
	if err != nil {
		t.Fatal(err)
	}
	if pop.People() != 220 || pop.Cells() != 3 || !slices.Equal(pop.QuasiIdentifiers(), []string{"zip", "sex", "birth_year"}) {
		t.Errorf("people %d, cells %d, quasi-identifiers %v", pop.People(), pop.Cells(), pop.QuasiIdentifiers())
	}
	// Without a count column each line is a person.
	pop, err = kanon.ReadPopulation(strings.NewReader("zip,sex,birth_year\n02139,F,1971\n02139,F,1971\n"), kanon.PopulationOptions{QuasiIdentifiers: attrs})
	if err != nil || pop.People() != 2 || pop.Cells() != 1 {
		t.Errorf("register: %v people, %v cells, %v", pop.People(), pop.Cells(), err)
	}

	for _, c := range []struct {
		name, in string
		want     error
		line     int
		column   string
	}{
		{"count not a number", "zip,sex,birth_year,people\n021**,F,1971,12x4\n", kanon.ErrInput, 2, "people"},
		{"negative count", "zip,sex,birth_year,people\n021**,F,1971,5\n021**,M,1971,-3\n", kanon.ErrInput, 3, "people"},
		{"missing column", "zip,sex,people\n021**,F,3\n", kanon.ErrSchema, 0, ""},
		{"wrong field count", "zip,sex,birth_year,people\n021**,F,3\n", kanon.ErrInput, 2, ""},
		{"empty", "", kanon.ErrInput, 1, ""},
	} {
		_, err := kanon.ReadPopulation(strings.NewReader(c.in), kanon.PopulationOptions{QuasiIdentifiers: attrs, Count: "people"})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
			continue
		}
		var ie *kanon.InputError
		if c.line > 0 && (!errors.As(err, &ie) || ie.Line != c.line || ie.Column != c.column) {
			t.Errorf("%s: error %#v, want line %d column %q", c.name, err, c.line, c.column)
		}
		if strings.Contains(err.Error(), "12x4") || strings.Contains(err.Error(), "-3") {
			t.Errorf("%s: error %q quotes the value", c.name, err)
		}
	}
	if _, err := kanon.NewPopulation(nil); !errors.Is(err, kanon.ErrSchema) {
		t.Errorf("no quasi-identifiers: %v", err)
	}
	pop, _ = kanon.NewPopulation(attrs)
	if err := pop.Add(3, "021**", "F"); !errors.Is(err, kanon.ErrInput) {
		t.Errorf("two values for three quasi-identifiers: %v", err)
	}
	if err := pop.Add(-1, "021**", "F", "*"); !errors.Is(err, kanon.ErrInput) {
		t.Errorf("negative count: %v", err)
	}
}

func TestKMapRefusesAMismatchedPopulation(t *testing.T) {
	attrs := censusAttributes(t)
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: attrs}, [][]string{{"02139", "F", "1971"}, {"02139", "F", "1972"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := kanon.Mondrian(context.Background(), tab, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(2)}})
	if err != nil {
		t.Fatal(err)
	}
	pop, _ := kanon.NewPopulation(attrs)
	if _, err := res.KMap(pop, 0); !errors.Is(err, kanon.ErrConfig) {
		t.Errorf("k = 0: %v", err)
	}
	other := slices.Clone(attrs)
	other[1].Name = "gender"
	pop, _ = kanon.NewPopulation(other)
	if _, err := res.KMap(pop, 5); !errors.Is(err, kanon.ErrPopulation) {
		t.Errorf("other names: %v", err)
	}
	if _, err := res.Presence(pop); !errors.Is(err, kanon.ErrPopulation) {
		t.Errorf("other names: %v", err)
	}
	pop, _ = kanon.NewPopulation(attrs[:2])
	if _, err := res.KMap(pop, 5); !errors.Is(err, kanon.ErrPopulation) {
		t.Errorf("fewer quasi-identifiers: %v", err)
	}
	other = slices.Clone(attrs)
	other[0].Hierarchy, _ = kanon.Masking(3)
	pop, _ = kanon.NewPopulation(other)
	if _, err := res.KMap(pop, 5); !errors.Is(err, kanon.ErrPopulation) {
		t.Errorf("another hierarchy: %v", err)
	}
	// The same quasi-identifiers in another order are matched by name.
	pop, _ = kanon.NewPopulation([]kanon.Attribute{attrs[2], attrs[0], attrs[1]})
	if err := pop.Add(40, "[1970, 1974]", "021**", "F"); err != nil {
		t.Fatal(err)
	}
	if err := pop.Add(7, "1971", "02139", "F"); err != nil {
		t.Fatal(err)
	}
	km, err := res.KMap(pop, 10)
	if err != nil {
		t.Fatal(err)
	}
	// The release is "02139 | F | [1971, 1972]": the band [1970, 1974] is
	// coarser and counts for nothing, the 7 people born in 1971 count.
	if km.Min != 7 || km.Below != 1 || km.BelowPeople != 2 || km.Short != 0 {
		t.Errorf("k-map %+v", km)
	}
}

// TestKMapReadsLabelsFromTheHierarchy gives population cells as labels of
// an explicit hierarchy (countries by region) and of the dates hierarchy
// (months), and checks each class's count against which labels lie under
// its released values, from the trees written out here.
func TestKMapReadsLabelsFromTheHierarchy(t *testing.T) {
	region := map[string]string{"France": "Europe", "Italy": "Europe", "Peru": "Americas", "Chile": "Americas", "Europe": "*", "Americas": "*"}
	countries, err := kanon.Tree(region)
	if err != nil {
		t.Fatal(err)
	}
	attrs := []kanon.Attribute{{Name: "country", Hierarchy: countries}, {Name: "birth", Hierarchy: kanon.Dates("2006-01-02")}}
	var rows [][]string
	for i, d := range []string{"1971-03-02", "1971-03-20", "1971-04-11", "1972-07-01", "1975-01-05", "1983-12-30", "1984-02-14", "1971-03-09"} {
		rows = append(rows, []string{[]string{"France", "Italy", "Peru", "Chile"}[i%4], d})
	}
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: attrs}, rows)
	if err != nil {
		t.Fatal(err)
	}
	pop, err := kanon.NewPopulation(attrs)
	if err != nil {
		t.Fatal(err)
	}
	cells := []struct {
		country, birth string
		n              int64
	}{
		{"France", "1971-03", 10}, {"Italy", "1971-03", 20}, {"Europe", "1971", 300}, {"Peru", "1971-04", 4},
		{"Chile", "1972-07-01", 6}, {"Americas", "1983-12", 50}, {"Chile", "1984", 70}, {"France", "1975-01-05", 1},
	}
	for _, c := range cells {
		if err := pop.Add(c.n, c.country, c.birth); err != nil {
			t.Fatal(err)
		}
	}
	// The labels a value lies under, written out.
	under := func(released, v string) bool {
		for ; v != ""; v = region[v] {
			if v == released {
				return true
			}
		}
		return false
	}
	underDate := func(released, v string) bool {
		chain := []string{v}
		if len(v) == 10 {
			chain = append(chain, v[:7])
		}
		if len(v) >= 7 {
			chain = append(chain, v[:4])
		}
		chain = append(chain, v[:3]+"0s", "*")
		return slices.Contains(chain, released)
	}
	for _, alg := range algorithms {
		for k := 1; k <= 4; k++ {
			res, err := alg.run(context.Background(), tab, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(k)}})
			if err != nil {
				t.Fatal(err)
			}
			km, err := res.KMap(pop, 1)
			if err != nil {
				t.Fatal(err)
			}
			for row := range tab.Len() {
				c := res.Class(row)
				country, birth := res.Released(row, 0), res.Released(row, 1)
				var want int64
				for _, cell := range cells {
					if under(country, cell.country) && underDate(birth, cell.birth) {
						want += cell.n
					}
				}
				own := int64(0)
				for r := range tab.Len() {
					if res.Class(r) == c {
						own++
					}
				}
				want = max(want, own)
				if km.Counts[c] != want {
					t.Errorf("%s k=%d: class %q %q matches %d, want %d", alg.name, k, country, birth, km.Counts[c], want)
				}
			}
		}
	}
}

// TestKMapCountsPeople checks that with an individual column the classes
// and the share below the threshold count individuals, each at the class
// holding its rows that matches the fewest.
func TestKMapCountsPeople(t *testing.T) {
	attrs := []kanon.Attribute{{Name: "zip", Type: kanon.Categorical}}
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: attrs, Individual: "user"}, [][]string{
		{"10001", "ann"}, {"10001", "ann"}, {"10001", "bob"},
		{"10002", "ann"}, {"10002", "cy"}, // ann moved
		{"10003", "dee"}, {"10003", "eve"}, {"10003", "eve"},
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := kanon.Mondrian(context.Background(), tab, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(2)}})
	if err != nil {
		t.Fatal(err)
	}
	pop, err := kanon.NewPopulation(attrs)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		zip string
		n   int64
	}{{"10001", 50}, {"10002", 8}, {"10003", 1}} {
		if err := pop.Add(c.n, c.zip); err != nil {
			t.Fatal(err)
		}
	}
	km, err := res.KMap(pop, 10)
	if err != nil {
		t.Fatal(err)
	}
	// 10002 (8 people) is below 10, and so is 10003, which holds two
	// people but whose census count says one: its count is its own 2.
	// Below are ann (through 10002), cy, dee and eve: 4 of 5 people.
	if km.Min != 2 || km.Short != 1 || km.BelowPeople != 4 || km.Below != 0.8 {
		t.Errorf("k-map %+v", km)
	}
	pr, err := res.Presence(pop)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Min != 2.0/50 || pr.Max != 1 || pr.Short != 1 || pr.Unmatched != 0 {
		t.Errorf("presence %+v", pr)
	}
}
