package kanon_test

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/deidkit/deidkit/kanon"
)

// Population uniqueness of a data set of 200 people drawn from a
// population ten times larger, from its equivalence class sizes alone:
// 120 people alone in their class, 25 pairs, 10 classes of three.
func ExampleEstimateUniqueness() {
	u, err := kanon.EstimateUniqueness(map[int]int{1: 120, 2: 25, 3: 10}, kanon.SamplingFraction(0.1))
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range []kanon.Estimate{u.Pitman, u.Zayatz, u.SNB} {
		fmt.Printf("%-6v %5.0f population uniques (%4.1f%% of %.0f)\n", e.Model, e.Uniques, 100*e.Share, u.Population)
	}
	fmt.Printf("chosen: %v; about %.0f of the %d sample uniques are unique in the population\n",
		u.Chosen.Model, u.Chosen.InRelease, u.SampleUniques)
	// Output:
	// Pitman   272 population uniques (13.6% of 2000)
	// Zayatz   761 population uniques (38.0% of 2000)
	// SNB      624 population uniques (31.2% of 2000)
	// chosen: Pitman; about 27 of the 120 sample uniques are unique in the population
}

// The population uniqueness of a data set released as it is (k = 1): 300
// people drawn from the 3,000 of a population, described by birth year,
// sex and ZIP3.
func ExampleResult_PopulationUniqueness() {
	b, err := kanon.NewBuilder(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "birth_year"}, {Name: "sex"}, {Name: "zip3"}}})
	if err != nil {
		log.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		year := strconv.Itoa(1940 + r.IntN(60))
		if err := b.Add(year, []string{"F", "M"}[r.IntN(2)], []string{"130", "148", "945"}[r.IntN(3)]); err != nil {
			log.Fatal(err)
		}
	}
	t, err := b.Build()
	if err != nil {
		log.Fatal(err)
	}
	res, err := kanon.Mondrian(context.Background(), t, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(1)}})
	if err != nil {
		log.Fatal(err)
	}
	u, err := res.PopulationUniqueness(kanon.PopulationSize(3000))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d people, %d unique in the sample\n", u.People, u.SampleUniques)
	fmt.Printf("%v: %.0f unique in the population, %.0f of them released\n", u.Chosen.Model, u.Chosen.Uniques, u.Chosen.InRelease)
	// Output:
	// 300 people, 127 unique in the sample
	// Pitman: 240 unique in the population, 24 of them released
}

// k-map against census counts per ZIP3 area, sex and five-year birth
// band: each released class is matched with the residents its released
// values cover.
func ExampleResult_KMap() {
	zip, err := kanon.Masking(5)
	if err != nil {
		log.Fatal(err)
	}
	bands, err := kanon.Intervals(5, 10)
	if err != nil {
		log.Fatal(err)
	}
	qis := []kanon.Attribute{{Name: "birth_year", Hierarchy: bands}, {Name: "sex"}, {Name: "zip", Type: kanon.Categorical, Hierarchy: zip}}
	t, err := kanon.ReadCSV(strings.NewReader(patients), kanon.CSVOptions{Schema: kanon.Schema{QuasiIdentifiers: qis}})
	if err != nil {
		log.Fatal(err)
	}
	res, err := kanon.Optimal(context.Background(), t, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(2)}})
	if err != nil {
		log.Fatal(err)
	}
	const census = `zip,sex,birth_year,residents
130**,F,"[1970, 1974]",310
130**,F,"[1975, 1979]",290
148**,M,"[1980, 1984]",1250
148**,M,"[1985, 1989]",1190
148**,F,"[1990, 1994]",1320
`
	pop, err := kanon.ReadPopulation(strings.NewReader(census), kanon.PopulationOptions{QuasiIdentifiers: qis, Count: "residents"})
	if err != nil {
		log.Fatal(err)
	}
	km, err := res.KMap(pop, 1000)
	if err != nil {
		log.Fatal(err)
	}
	for row, qi := range res.Rows() {
		fmt.Println(strings.Join(qi, " | "), "matches", km.Counts[res.Class(row)])
	}
	fmt.Printf("%.0f-map; %.0f%% of the people are in classes matching fewer than 1000\n", float64(km.Min), 100*km.Below)
	// Output:
	// [1970, 1980) | F | 130** matches 600
	// [1970, 1980) | F | 130** matches 600
	// [1970, 1980) | F | 130** matches 600
	// [1980, 1990) | M | 148** matches 2440
	// [1980, 1990) | M | 148** matches 2440
	// [1980, 1990) | M | 148** matches 2440
	// [1990, 2000) | F | 148** matches 1320
	// [1990, 2000) | F | 148** matches 1320
	// 600-map; 38% of the people are in classes matching fewer than 1000
}
