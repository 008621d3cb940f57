package kanontest_test

import (
	"fmt"
	"log"
	"math/rand"
	"strings"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
)

// The ZIP hierarchy of one's own data, in ARX's format.
const zipHierarchy = `13053;1305*;130**;*
13068;1306*;130**;*
13069;1306*;130**;*
14850;1485*;148**;*
14853;1485*;148**;*
14867;1486*;148**;*
`

// Checking the guarantees on one's own columns: the real ZIP codes with
// their hierarchy, the real diagnoses, and the k, l and suppression limit
// of the release, on generated tables of 20 to 300 rows.
func Example() {
	zip, err := kanon.ReadHierarchy(strings.NewReader(zipHierarchy), ';')
	if err != nil {
		log.Fatal(err)
	}
	shape := kanontest.Shape{MinRows: 20, MaxRows: 300,
		QuasiIdentifiers: []kanontest.Column{
			{Name: "zip", Hierarchy: zip, Domain: zip.Values()},
			{Name: "birth_year", Numeric: true, Domain: []string{"1971", "1974", "1979", "1983", "1984", "1988", "1990"}},
			{Name: "sex", Domain: []string{"F", "M"}},
		},
		Sensitive: []kanontest.Column{{Name: "diagnosis", Domain: []string{"flu", "asthma", "diabetes", "hypertension"}}},
	}
	cases := kanontest.Cases(shape, kanontest.Models{K: 5, Extra: []kanon.Model{kanon.DistinctLDiversity(2)}, Suppression: 0.05})
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 20
	params.Rng = rand.New(rand.NewSource(1))
	for _, alg := range []struct {
		name string
		run  kanontest.Algorithm
		prop func(kanontest.Algorithm, gopter.Gen) gopter.Prop
	}{
		{"Mondrian", kanon.Mondrian, kanontest.Satisfies},
		{"Optimal", kanon.Optimal, kanontest.SatisfiesFullDomain},
	} {
		res := alg.prop(alg.run, cases).Check(params)
		fmt.Println(alg.name, "holds its guarantees:", res.Passed())
	}
	// Output:
	// Mondrian holds its guarantees: true
	// Optimal holds its guarantees: true
}
