package release_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/pseudo"
)

// The evidence a privacy officer signs: the release's report as one HTML
// page, with the population-uniqueness estimates of a release that holds
// about one person in a hundred of the population it could be linked
// with.
func ExampleReport_WriteHTML() {
	keys, err := pseudo.NewKeyset()
	if err != nil {
		log.Fatal(err)
	}
	var data bytes.Buffer // the released file
	rep, err := release.Run(context.Background(), measurements(), release.CSV(&data), release.Config{
		Profile: release.Research(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "research/partner-x"),
		Keys:    deid.Keys{Pseudonyms: keys},
		Privacy: &release.Privacy{
			QuasiIdentifiers: []string{"date_of_birth", "sex", "zip", "state"},
			K:                10,
			Person:           "user_id",
			Population:       kanon.SamplingFraction(0.01),
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	var page bytes.Buffer // an *os.File in practice, kept with the data
	if err := rep.WriteHTML(&page); err != nil {
		log.Fatal(err)
	}

	pop := rep.KAnonymity.Population
	fmt.Println(strings.Contains(page.String(), rep.OutputSHA256), len(rep.OutputSHA256))
	fmt.Printf("before generalization: %d of %d people unique in the sample, %.0f in the population (%s)\n",
		pop.Before.SampleUniques, pop.Before.People, pop.Before.Estimates[0].Uniques, pop.Before.Chosen)
	fmt.Printf("released: %d unique in the sample, %.0f in the population\n",
		pop.Released.SampleUniques, pop.Released.Estimates[0].Uniques)
	// Output:
	// true 64
	// before generalization: 844 of 1101 people unique in the sample, 3582 in the population (Pitman)
	// released: 0 unique in the sample, 0 in the population
}
