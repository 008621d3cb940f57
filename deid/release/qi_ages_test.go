package release

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A release that generalizes the date of birth while it writes ages as
// they are is refused before anything is written: the partner would read
// the birth year back from the age (2025 - 40), and the report said
// "k-anonymous, verified". Both among the quasi-identifiers, ages alone,
// no date among them, or no ages written: released (see qi_ages.go for
// birth years beside generalized ages, which this does not catch).
func TestAgesBesideAGeneralizedBirthDate(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,person,dob,sex,zip,state,weight,age,consent,diagnosis\n")
	for i := range 40 {
		fmt.Fprintf(&b, "r%d,p%d,19%d-05-0%d,%c,94110,CA,70,%d,true,none\n", i, i, 50+i, 1+i%9, "FM"[i%2], 75-i)
	}
	in := []byte(b.String())
	for _, tc := range []struct {
		name   string
		qis    []string
		policy *deid.Policy
		ok     bool
	}{
		{"date generalized, ages as they are", []string{"dob", "sex", "state"}, peoplePolicy(), false},
		{"both quasi-identifiers", []string{"dob", "age", "sex"}, peoplePolicy(), true},
		{"ages only", []string{"age", "sex"}, peoplePolicy(), true},
		{"no date among them", []string{"sex", "state"}, peoplePolicy(), true},
		{"ages dropped", []string{"dob", "sex"}, dropAges(peoplePolicy(), []string{"dob"}), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			p := &Privacy{QuasiIdentifiers: tc.qis, K: 3, Person: "person", Suppression: 0.2}
			_, err := Run(context.Background(), bytes.NewReader(in), CSV(&out), Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: tc.policy, Keys: testKeys(t), Privacy: p})
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), `"age"`) || !strings.Contains(err.Error(), `"dob"`) {
				t.Fatalf("got %v, want ErrConfig naming age and dob", err)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes", out.Len())
			}
		})
	}
}
