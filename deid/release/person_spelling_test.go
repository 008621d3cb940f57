package release

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A person whose ID is spelled several ways (" p1", "\"p1\"", "p1\t") is
// one person to the stage, as to kanon.Verify: the release of an input
// with such spellings generalizes exactly as that of the same input
// spelled one way. Before, TopDown counted the spellings as people while
// Verify did not, so a class of one person passed TopDown's k.
func TestPersonSpellingsAreOnePerson(t *testing.T) {
	policy := func() *deid.Policy {
		p := dropAges(peoplePolicy(), []string{"dob"})
		for i := range p.Fields {
			if p.Fields[i].Field == "person" {
				p.Fields[i] = deid.Rule{Field: "person", Action: deid.Keep}
			}
		}
		return p
	}
	spell := []string{"p0", " p0", `"p0"`, "p0\t"}
	input := func(variants bool) []byte {
		var b strings.Builder
		b.WriteString("id,person,dob,sex,zip,state,weight,age,consent,diagnosis\n")
		row := 0
		// p0 alone in its corner of the data, four rows; p1..p8 together.
		for i := range 4 {
			person := "p0"
			if variants {
				person = spell[i]
			}
			fmt.Fprintf(&b, "r%d,\"%s\",1931-02-03,M,10001,NY,70,40,true,none\n", row, strings.ReplaceAll(person, `"`, `""`))
			row++
		}
		for p := 1; p <= 8; p++ {
			fmt.Fprintf(&b, "r%d,p%d,1980-05-0%d,F,94110,CA,70,40,true,none\n", row, p, 1+p%9)
			row++
		}
		return []byte(b.String())
	}
	for _, alg := range []Algorithm{TopDown, Mondrian, Optimal} {
		t.Run(alg.String(), func(t *testing.T) {
			p := &Privacy{QuasiIdentifiers: []string{"dob", "sex", "state"}, K: 2, Person: "person", Algorithm: alg, Suppression: 0.5}
			one, repOne := runCSV(t, input(false), Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: policy(), Keys: testKeys(t), Privacy: p})
			many, repMany := runCSV(t, input(true), Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: policy(), Keys: testKeys(t), Privacy: p})
			a, b := *repOne.KAnonymity, *repMany.KAnonymity
			if a.People != 9 || b.People != 9 || a.K != b.K || a.Classes != b.Classes || a.SuppressedPeople != b.SuppressedPeople || a.NCP != b.NCP {
				t.Fatalf("one spelling: people %d k %d classes %d withheld %d NCP %.2f; several: people %d k %d classes %d withheld %d NCP %.2f",
					a.People, a.K, a.Classes, a.SuppressedPeople, a.NCP, b.People, b.K, b.Classes, b.SuppressedPeople, b.NCP)
			}
			if len(one) != len(many) {
				t.Fatalf("%d rows written against %d", len(many), len(one))
			}
			for i := range one {
				// The person column is kept as spelled; the rest must agree.
				x, y := slices.Clone(one[i]), slices.Clone(many[i])
				x[1], y[1] = "", ""
				if !slices.Equal(x, y) {
					t.Errorf("row %d: %q against %q", i, y, x)
				}
			}
		})
	}
}
