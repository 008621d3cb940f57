package release

import (
	"fmt"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A pseudonymized person column is counted by its pseudonyms, which the
// release does not change for k: the IDs spelled in several letter cases
// or Unicode forms have as many pseudonyms, each written as the field
// policy alone writes it, and k counts as many people (the package doc
// says so).
func TestPseudonymizedPersonSpellingsKeepTheirPseudonyms(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,person,dob,sex,zip,state,weight,age,consent,diagnosis\n")
	spell := []string{"p0", "P0", "ｐ０", "Ｐ0"}
	for row, person := range spell {
		fmt.Fprintf(&b, "r%d,%s,1961-02-03,M,10001,NY,70,40,true,none\n", row, person)
	}
	for p := 1; p <= 8; p++ {
		fmt.Fprintf(&b, "r%d,p%d,1980-05-0%d,F,94110,CA,70,40,true,none\n", 3+p, p, 1+p%9)
	}
	keys := testKeys(t)
	// The record ids, kept, tell the two runs' records apart.
	opts := deid.Options{AllowKeptIdentifiers: true}
	field, _ := runCSV(t, []byte(b.String()), Config{Policy: peoplePolicy(), Keys: keys, Field: opts})
	pseudonymOf := map[string]string{} // by record id
	people := map[string]bool{}
	for _, r := range field[1:] {
		pseudonymOf[r[0]], people[r[1]] = r[1], true
	}
	if len(people) != len(spell)+8 {
		t.Fatalf("%d pseudonyms for %d spellings and 8 others: the package doc is out of date", len(people), len(spell))
	}
	p := &Privacy{QuasiIdentifiers: []string{"dob", "sex", "state"}, K: 2, Person: "person", Suppression: 0.5}
	rows, rep := runCSV(t, []byte(b.String()), Config{Policy: dropAges(peoplePolicy(), p.QuasiIdentifiers), Keys: keys, Privacy: p, Field: opts})
	if got := rep.KAnonymity.People; got != len(people) {
		t.Errorf("people = %d, want %d, the pseudonyms written", got, len(people))
	}
	for _, r := range rows[1:] {
		if r[1] != pseudonymOf[r[0]] {
			t.Errorf("record %s: pseudonym %q, the field policy alone writes %q", r[0], r[1], pseudonymOf[r[0]])
		}
	}
}
