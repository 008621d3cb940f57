package deid

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/fieldname"
)

func TestClosest(t *testing.T) {
	names := []string{"user_id", "email", "phone_number", "heart_rate", "heartRate_bpm", "decimals", "date_of_birth"}
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"decimal", []string{"decimals"}},
		{"userid", []string{"user_id"}},
		{"UserId", []string{"user_id"}},
		{"phone", []string{"phone_number"}},
		{"heartrate", []string{"heart_rate", "heartRate_bpm"}},
		{"dob", nil},
		{"zip", nil},
		{"email", nil}, // itself is no suggestion
	} {
		if got := fieldname.Closest(tc.name, names, 3); !slices.Equal(got, tc.want) {
			t.Errorf("fieldname.Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A rule, a suppress condition or a date shift's person naming a field
// the input lacks names the input's closest fields; a header that looks
// like a record is refused before any name is repeated.
func TestNoSuchFieldSuggests(t *testing.T) {
	fields := []string{"user_id", "measured_at", "consent_given", "weight_kg"}
	for _, tc := range []struct {
		name string
		p    Policy
		want string
	}{
		{"rule", Policy{Fields: []Rule{{Field: "weight", Action: Keep}}},
			`field rule 0 (field "weight"): the input has no such field; its closest fields are "weight_kg"`},
		{"nothing near", Policy{Fields: []Rule{{Field: "zip", Action: Keep}}},
			`the input has no such field (none of its 4 fields has a similar name)`},
		{"suppress", Policy{Suppress: []Condition{{Field: "consent", NotIn: []string{"true"}}}},
			`suppress rule 0 (field "consent"): the input has no such field; its closest fields are "consent_given"`},
		{"person", Policy{Fields: []Rule{{Field: "measured_at", Action: DateShift, Person: "userid", MaxDays: 10}}},
			`person field "userid" is not in the input; its closest fields are "user_id"`},
	} {
		_, err := Compile(&tc.p, fields, testKeys(t))
		if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	_, err := Compile(&Policy{Fields: []Rule{{Field: "weight", Action: Keep}}}, []string{"u-0000042", "jane@example.org", "71.5"}, Keys{})
	if !errors.Is(err, ErrHeaderLooksLikeData) || strings.Contains(err.Error(), "jane") {
		t.Errorf("a header of values: %v", err)
	}
}

func TestTagErrorsSuggest(t *testing.T) {
	type misspelled struct {
		Lat float64 `deid:"round,decimal=2"`
	}
	type wrongParam struct {
		Lat float64 `deid:"round,width=2"`
	}
	type wrongAction struct {
		ID string `deid:"pseudonymise,domain=x"`
	}
	type noDomain struct {
		ID string `deid:"pseudonymize"`
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{compileErr[misspelled](t), `unknown parameter "decimal"; did you mean "decimals"?`},
		{compileErr[wrongParam](t), `parameter "width" does not apply to action round (round takes decimals, allow_noop)`},
		{compileErr[wrongAction](t), `unknown action "pseudonymise"; did you mean "pseudonymize"?`},
		{compileErr[noDomain](t), `domain= in a struct tag, or deid.WithDomain`},
	} {
		if !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%v, want %q", tc.err, tc.want)
		}
	}
}
