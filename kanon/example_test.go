package kanon_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/deidkit/deidkit/kanon"
)

const patients = `birth_year;sex;zip;diagnosis
1971;F;13053;flu
1974;F;13068;asthma
1979;F;13068;flu
1983;M;14850;diabetes
1984;M;14853;flu
1988;M;14853;asthma
1990;F;14850;diabetes
1992;F;14853;flu
`

// Mondrian with k-anonymity and l-diversity. The birth year, numeric and
// without a hierarchy, becomes ranges; sex, without one, is kept or
// becomes "*"; the ZIP code is declared categorical (its digits are a
// label, not a quantity) and generalizes by masking.
func ExampleMondrian() {
	zip, err := kanon.Masking(5)
	if err != nil {
		log.Fatal(err)
	}
	t, err := kanon.ReadCSV(strings.NewReader(patients), kanon.CSVOptions{Schema: kanon.Schema{
		QuasiIdentifiers: []kanon.Attribute{{Name: "birth_year"}, {Name: "sex"}, {Name: "zip", Type: kanon.Categorical, Hierarchy: zip}},
		Sensitive:        []string{"diagnosis"},
	}})
	if err != nil {
		log.Fatal(err)
	}
	res, err := kanon.Mondrian(context.Background(), t, kanon.Config{
		Models: []kanon.Model{kanon.KAnonymity(2), kanon.DistinctLDiversity(2)},
	})
	if err != nil {
		log.Fatal(err)
	}
	for row, qi := range res.Rows() {
		fmt.Println(strings.Join(qi, " | "), "|", t.SensitiveValue(row, 0))
	}
	m := res.Metrics()
	fmt.Printf("k=%d l=%d NCP=%.1f%% prosecutor risk=%.2f\n", m.K, m.L, m.NCP, m.ProsecutorMax)
	// Output:
	// [1971, 1974] | F | 130** | flu
	// [1971, 1974] | F | 130** | asthma
	// [1979, 1983] | * | 1**** | flu
	// [1979, 1983] | * | 1**** | diabetes
	// [1984, 1988] | M | 14853 | flu
	// [1984, 1988] | M | 14853 | asthma
	// [1990, 1992] | F | 1485* | diabetes
	// [1990, 1992] | F | 1485* | flu
	// k=2 l=2 NCP=30.2% prosecutor risk=0.50
}

// Optimal full-domain generalization with suppression of up to a quarter
// of the rows.
func ExampleOptimal() {
	decades, err := kanon.Intervals(10, 20)
	if err != nil {
		log.Fatal(err)
	}
	t, err := kanon.ReadCSV(strings.NewReader(patients), kanon.CSVOptions{Schema: kanon.Schema{
		QuasiIdentifiers: []kanon.Attribute{{Name: "birth_year", Hierarchy: decades}, {Name: "sex"}},
		Sensitive:        []string{"diagnosis"},
	}})
	if err != nil {
		log.Fatal(err)
	}
	res, err := kanon.Optimal(context.Background(), t, kanon.Config{
		Models:      []kanon.Model{kanon.KAnonymity(3)},
		Suppression: 0.25,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("levels:", res.Levels())
	for row, qi := range res.Rows() {
		if qi == nil {
			fmt.Println("suppressed")
			continue
		}
		fmt.Println(strings.Join(qi, " | "), "|", t.SensitiveValue(row, 0))
	}
	// Output:
	// levels: [1 0]
	// [1970, 1980) | F | flu
	// [1970, 1980) | F | asthma
	// [1970, 1980) | F | flu
	// [1980, 1990) | M | diabetes
	// [1980, 1990) | M | flu
	// [1980, 1990) | M | asthma
	// suppressed
	// suppressed
}

// Verify checks any release against the original table, here one that
// publishes the raw quasi-identifiers.
func ExampleVerify() {
	t, err := kanon.ReadCSV(strings.NewReader(patients), kanon.CSVOptions{Schema: kanon.Schema{
		QuasiIdentifiers: []kanon.Attribute{{Name: "birth_year"}, {Name: "sex"}},
		Sensitive:        []string{"diagnosis"},
	}})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := kanon.Verify(t, raw{t}, kanon.KAnonymity(2))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep)
	fmt.Println("first failing class:", rep.Failures[0].Rows, rep.Failures[0].Models)
	// Output:
	// fails: 8 of 8 classes violate a model, 0 untruthful cells
	// first failing class: [0] [2-anonymity]
}

// raw releases the original values.
type raw struct{ t *kanon.Table }

func (r raw) Len() int                    { return r.t.Len() }
func (r raw) Suppressed(int) bool         { return false }
func (r raw) Released(row, qi int) string { return r.t.Value(row, qi) }

// An ARX-format hierarchy: one line per value, most specific first.
func ExampleReadHierarchy() {
	h, err := kanon.ReadHierarchy(strings.NewReader(
		"Bachelors;Undergraduate;Higher education;*\n"+
			"Masters;Graduate;Higher education;*\n"+
			"HS-grad;High School;Secondary education;*\n"), ';')
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.Depth())
	_, err = kanon.ReadHierarchy(strings.NewReader("Masters;Graduate;*\nDoctorate;*\n"), ';')
	fmt.Println(err)
	// Output:
	// 3
	// kanon: hierarchy line 2: value "Doctorate": has 1 levels, line 1 has 2
}

// A user's weighings share the user's birth year, sex and ZIP code. Naming
// the user column as the individual makes k count people. Released as if
// every row were a person, the classes hold 3 or 4 rows but only 2 people
// each, which Verify catches against the table with individuals.
func ExampleSchema_individual() {
	const weighings = `user_id;birth_year;sex;zip3;weight_kg
u1;1971;F;130;61.2
u1;1971;F;130;61.0
u1;1971;F;130;60.8
u2;1974;F;130;72.5
u3;1979;F;131;58.1
u3;1979;F;131;58.4
u4;1983;M;148;80.2
u5;1984;M;148;91.0
u5;1984;M;148;90.4
u6;1988;M;149;77.7
`
	zip, err := kanon.Masking(3)
	if err != nil {
		log.Fatal(err)
	}
	schema := kanon.Schema{
		QuasiIdentifiers: []kanon.Attribute{{Name: "birth_year"}, {Name: "sex"}, {Name: "zip3", Type: kanon.Categorical, Hierarchy: zip}},
		Individual:       "user_id",
	}
	t, err := kanon.ReadCSV(strings.NewReader(weighings), kanon.CSVOptions{Schema: schema})
	if err != nil {
		log.Fatal(err)
	}
	models := []kanon.Model{kanon.KAnonymity(3)}
	res, err := kanon.Mondrian(context.Background(), t, kanon.Config{Models: models})
	if err != nil {
		log.Fatal(err)
	}
	for row, qi := range res.Rows() {
		fmt.Println("person", t.IndividualOf(row), "|", strings.Join(qi, " | "))
	}
	m := res.Metrics()
	fmt.Printf("%d people in %d rows; smallest class: %d people, %d rows; prosecutor risk %.2f\n",
		m.Individuals, m.Rows, m.K, m.MinClassRows, m.ProsecutorMax)

	schema.Individual = ""
	rows, err := kanon.ReadCSV(strings.NewReader(weighings), kanon.CSVOptions{Schema: schema})
	if err != nil {
		log.Fatal(err)
	}
	byRows, err := kanon.Mondrian(context.Background(), rows, kanon.Config{Models: models})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := kanon.Verify(t, byRows, models...)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("row-based release:", rep)
	for _, f := range rep.Failures {
		fmt.Printf("rows %v: %d people, %v\n", f.Rows, f.Individuals, f.Models)
	}
	// Output:
	// person 0 | [1971, 1979] | F | 13*
	// person 0 | [1971, 1979] | F | 13*
	// person 0 | [1971, 1979] | F | 13*
	// person 1 | [1971, 1979] | F | 13*
	// person 2 | [1971, 1979] | F | 13*
	// person 2 | [1971, 1979] | F | 13*
	// person 3 | [1983, 1988] | M | 14*
	// person 4 | [1983, 1988] | M | 14*
	// person 4 | [1983, 1988] | M | 14*
	// person 5 | [1983, 1988] | M | 14*
	// 6 people in 10 rows; smallest class: 3 people, 4 rows; prosecutor risk 0.33
	// row-based release: fails: 3 of 3 classes violate a model, 0 untruthful cells
	// rows [0 1 2 3]: 2 people, [3-anonymity]
	// rows [4 5 6]: 2 people, [3-anonymity]
	// rows [7 8 9]: 2 people, [3-anonymity]
}
