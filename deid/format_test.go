package deid

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/scrub"
)

// What holds a record's values in passing prints none of them, whatever
// the verb: an Applier printed in a log after Apply showed the last
// record's ID and e-mail address.
func TestPrintedStateHoldsNoValue(t *testing.T) {
	secrets := []string{"u-secret-77", "zelda.quixote@example.com"}
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "id", Action: Pseudonymize, Domain: "d"}, {Field: "note", Action: Scrub},
		{Field: "email", Action: Drop}}}
	pl, err := Compile(p, []string{"id", "email", "note"}, testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	a := pl.NewApplier()
	var row Row
	if _, err := a.Apply(&row, [][]byte{[]byte(secrets[0]), []byte(secrets[1]), []byte("call " + secrets[1])}); err != nil {
		t.Fatal(err)
	}
	var known scrub.Known
	known.Add(scrub.Email, []byte(secrets[1]))
	for _, v := range []any{a, *a, pl, *pl, &known, known} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			out := fmt.Sprintf(verb, v)
			for _, s := range secrets {
				if strings.Contains(out, s) || strings.Contains(out, hex.EncodeToString([]byte(s))) || strings.Contains(out, fmt.Sprintf("%q", []byte(s))) {
					t.Errorf("%T printed with %s holds %q", v, verb, s)
				}
			}
		}
	}
}
