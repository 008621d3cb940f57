package kanon_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/deidkit/deidkit/kanon"
)

// labels returns the labels of v in h, level by level, read back through a
// table as any user of the hierarchy would see them.
func labels(t *testing.T, h *kanon.Hierarchy, v string) []string {
	t.Helper()
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "q", Type: kanon.Categorical, Hierarchy: h}}}, [][]string{{v}})
	if err != nil {
		t.Fatalf("%q: %v", v, err)
	}
	var out []string
	for l := 1; l <= tab.Levels(0); l++ {
		out = append(out, tab.Generalize(0, 0, l))
	}
	return out
}

func TestUSStates(t *testing.T) {
	h := kanon.USStates()
	for v, want := range map[string][]string{
		"CA":                   {"Pacific", "West", "*"},
		"California":           {"Pacific", "West", "*"},
		"DC":                   {"South Atlantic", "South", "*"},
		"NY":                   {"Middle Atlantic", "Northeast", "*"},
		"WY":                   {"Mountain", "West", "*"},
		"TX":                   {"West South Central", "South", "*"},
		"PR":                   {"U.S. territories", "U.S. territories", "*"},
		"District of Columbia": {"South Atlantic", "South", "*"},
	} {
		if got := labels(t, h, v); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", v, got, want)
		}
	}
	_, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "state", Type: kanon.Categorical, Hierarchy: h}}},
		[][]string{{"CA"}, {"Bavaria"}})
	var ie *kanon.InputError
	if !errors.As(err, &ie) || ie.Row != 2 {
		t.Fatalf("an unknown state: %v", err)
	}
}

// Every ZIP3 that a state holds generalizes through that state's division
// and region, as the state itself does, so the two columns agree.
func TestUSZIP3AgreesWithStates(t *testing.T) {
	z, s := kanon.USZIP3(), kanon.USStates()
	states := map[string]int{}
	for p := range 1000 {
		zip := fmt.Sprintf("%03d", p)
		l := labels(t, z, zip)
		if len(l) != 4 || l[3] != "*" {
			t.Fatalf("%s: labels %q", zip, l)
		}
		if l[0] == zip { // held by no state: kept apart up to "*"
			if l[1] != zip || l[2] != zip {
				t.Errorf("%s: labels %q", zip, l)
			}
			continue
		}
		states[l[0]]++
		if want := labels(t, s, l[0]); !slices.Equal(l[1:], want) {
			t.Errorf("%s in %s: %q, but the state generalizes to %q", zip, l[0], l[1:], want)
		}
	}
	for zip, want := range map[string]string{
		"000": "000", "005": "NY", "021": "MA", "055": "MA", "100": "NY", "200": "DC", "201": "VA",
		"303": "GA", "398": "GA", "733": "TX", "885": "TX", "941": "CA", "967": "HI", "995": "AK",
		"090": "090", "962": "962",
	} {
		if got := labels(t, z, zip)[0]; got != want {
			t.Errorf("%s: state %q, want %q", zip, got, want)
		}
	}
	// Every state and DC holds prefixes.
	for _, code := range []string{"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
		"IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
		"ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"} {
		if states[code] == 0 {
			t.Errorf("no prefix in %s", code)
		}
	}
	if _, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "zip", Type: kanon.Categorical, Hierarchy: z}}},
		[][]string{{"94110"}}); err == nil {
		t.Error("a five-digit ZIP code accepted")
	}
}
