package release

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

// A release that would hold no record has no classes, so no k, l or t to
// claim: it fails the k-anonymity stage, as kanon refuses an empty table,
// instead of a report of "k = 0, verified". That holds however the
// records went: none in the input, all withheld by the policy, or all
// withheld by the stage itself under a suppression limit of 100%.
func TestNoRecordToRelease(t *testing.T) {
	const header = "id,person,dob,sex,zip,state,weight,age,consent,diagnosis\n"
	var few strings.Builder
	few.WriteString(header)
	for i := range 3 {
		fmt.Fprintf(&few, "r%d,p%d,19%d0-05-01,F,9411%d,CA,70,40,true,none\n", i, i, 5+i, i)
	}
	for _, tc := range []struct {
		name string
		in   string
		supp float64
	}{
		{"header only", header, 0},
		{"every record refused consent", strings.ReplaceAll(few.String(), ",true,", ",false,"), 0},
		{"fewer people than k, everyone may be withheld", few.String(), 1},
	} {
		for _, alg := range []Algorithm{TopDown, Mondrian, Optimal} {
			t.Run(fmt.Sprintf("%s/%v", tc.name, alg), func(t *testing.T) {
				p := &Privacy{QuasiIdentifiers: []string{"dob", "sex", "zip"}, K: 5, Person: "person", Algorithm: alg, Suppression: tc.supp}
				var out bytes.Buffer
				rep, err := Run(context.Background(), strings.NewReader(tc.in), CSV(&out), Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: dropAges(peoplePolicy(), p.QuasiIdentifiers), Keys: testKeys(t), Privacy: p})
				if !errors.Is(err, kanon.ErrUnsatisfiable) {
					t.Fatalf("got report %+v and error %v, want an error wrapping kanon.ErrUnsatisfiable", rep, err)
				}
				if out.Len() != 0 {
					t.Errorf("a failed release wrote %d bytes", out.Len())
				}
			})
		}
	}
}
