package release

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A person whose ID is written in several Unicode forms or letter cases
// ("p0", "P0", fullwidth "ｐ０", "josé" composed and "jose\u0301"
// combined) in a person column kept as it is was counted by k as several
// people: a class that held one person was reported as k=4, verified.
// People are now counted by the folded ID the exclusion list's near
// matches compare, by the stage and by Verify.
func TestPersonFoldedSpellingsAreOnePerson(t *testing.T) {
	policy := dropAges(peoplePolicy(), []string{"dob"})
	for i := range policy.Fields {
		if policy.Fields[i].Field == "person" {
			policy.Fields[i] = deid.Rule{Field: "person", Action: deid.Keep}
		}
	}
	for _, spell := range [][]string{
		{"p0", "P0", "ｐ０", "Ｐ0"},
		{"jos\u00e9", "jose\u0301", "JOS\u00c9", "JOSE\u0301"},
	} {
		var b strings.Builder
		b.WriteString("id,person,dob,sex,zip,state,weight,age,consent,diagnosis\n")
		row := 0
		// One person alone in its corner of the data, four rows, one
		// spelling each; eight others together.
		for _, person := range spell {
			fmt.Fprintf(&b, "r%d,%s,1961-02-03,M,10001,NY,70,40,true,none\n", row, person)
			row++
		}
		for p := 1; p <= 8; p++ {
			fmt.Fprintf(&b, "r%d,p%d,1980-05-0%d,F,94110,CA,70,40,true,none\n", row, p, 1+p%9)
			row++
		}
		for _, alg := range []Algorithm{TopDown, Mondrian, Optimal} {
			t.Run(spell[0]+"/"+alg.String(), func(t *testing.T) {
				p := &Privacy{QuasiIdentifiers: []string{"dob", "sex", "state"}, K: 2, Person: "person", Algorithm: alg, Suppression: 0.5}
				rows, rep := runCSV(t, []byte(b.String()), Config{Policy: policy, Keys: testKeys(t), Privacy: p, Field: deid.Options{AllowKeptIdentifiers: true}})
				if got := rep.KAnonymity.People; got != 9 {
					t.Errorf("people = %d, want 9 (one person in four spellings and eight others)", got)
				}
				for _, r := range rows {
					if r[2] == "1961" {
						t.Errorf("the lone person's class went out with its year of birth: %q", r)
					}
				}
			})
		}
	}
}

// TestPersonDictFoldsSpellings checks the stage's own count, which
// TopDown uses: the person dictionary gives every spelling of one ID
// the same code, so that TopDown and Verify count people alike.
func TestPersonDictFoldsSpellings(t *testing.T) {
	var mu sync.RWMutex
	d := newPersonDict()
	spell := []string{"p0", "P0", "\uff50\uff10", "\uff30\uff10", " P0 ", "q1", "Q1", "007", "7"}
	var c chunkDict
	for _, v := range spell {
		c.add([]byte(v), d)
	}
	c.resolve(d)
	d.merge(&c, &mu)
	if len(d.values) != 3 {
		t.Fatalf("%d people numbered, want 3 (p0, q1 and 7 in several spellings): %q", len(d.values), d.values)
	}
	want := []int32{0, 0, 0, 0, 0, 1, 1, 2, 2}
	for row, w := range want {
		if got := d.rows.at(row); got != w {
			t.Errorf("row %d (%q): code %d, want %d", row, spell[row], got, w)
		}
	}
}
