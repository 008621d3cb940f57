package deid

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name string
		json string
		want string // substring of the error; the rule and field are named
	}{
		{"unknown action", `{"fields":[{"field":"email","action":"hash"}]}`, `field rule 0 (field "email"): unknown action "hash" (known:`},
		{"misspelled action", `{"fields":[{"field":"id","action":"pseudonymise"}]}`, `unknown action "pseudonymise"; did you mean "pseudonymize"?`},
		{"no action", `{"fields":[{"field":"email"}]}`, `field rule 0 (field "email"): no action`},
		{"missing domain", `{"fields":[{"field":"id","action":"pseudonymize"}]}`, `field rule 0 (field "id"): pseudonymize needs a domain`},
		{"missing domain says how", `{"fields":[{"field":"id","action":"pseudonymize"}]}`, `"domain": "research/partner-x" in a policy, domain= in a struct tag, or deid.WithDomain`},
		{"missing context", `{"fields":[{"field":"id","action":"tokenize"}]}`, `tokenize needs a context`},
		{"two rules", `{"fields":[{"field":"a","action":"keep"},{"field":"a","action":"drop"}]}`, `field rule 1 (field "a"): field already has rule 0`},
		{"nested under rule", `{"fields":[{"field":"a","action":"drop"},{"field":"a.b","action":"keep"}]}`, `field rule 1 (field "a.b"): field is beneath "a"`},
		{"param of another action", `{"fields":[{"field":"a","action":"drop","domain":"x"}]}`, `parameter "domain" does not apply to action "drop" (drop takes none)`},
		{"param of another action says which", `{"fields":[{"field":"a","action":"round","width":2}]}`, `(round takes decimals, allow_noop)`},
		{"unknown member", `{"fields":[{"field":"a","action":"keep","colour":1}]}`, `field rule 0 (field "a"): unknown member "colour"`},
		{"misspelled member", `{"fields":[{"field":"a","action":"keep"},{"field":"lat","action":"round","decimal":2}]}`, `field rule 1 (field "lat"): unknown member "decimal"; did you mean "decimals"?`},
		{"unknown member, no field", `{"fields":[{"action":"round","decimal":2}]}`, `field rule 0: unknown member "decimal"`},
		{"unknown suppress member", `{"fields":[],"suppress":[{"field":"c","in":["x"]},{"field":"c","like":"x"}]}`, `suppress rule 1 (field "c"): unknown member "like"`},
		{"misspelled suppress member", `{"fields":[],"suppress":[{"field":"c","notin":["x"]}]}`, `suppress rule 0 (field "c"): unknown member "notin"; did you mean "not_in"?`},
		{"unknown top-level member", `{"feilds":[]}`, `policy`},
		{"bad default", `{"default":"redact","fields":[]}`, `default must be`},
		{"bad reference date", `{"reference_date":"2026-13-01","fields":[]}`, `reference_date`},
		{"year without reference date", `{"fields":[{"field":"dob","action":"year"}]}`, `needs the policy's reference_date`},
		{"date shift without person", `{"fields":[{"field":"d","action":"date_shift","max_days":10}]}`, `needs person`},
		{"date shift days", `{"fields":[{"field":"d","action":"date_shift","person":"id","max_days":0}]}`, `max_days`},
		{"round without decimals", `{"fields":[{"field":"lat","action":"round"}]}`, `decimals`},
		{"bucket both", `{"fields":[{"field":"w","action":"bucket","width":5,"ranges":[{"label":"x"}]}]}`, `not both`},
		{"overlapping ranges", `{"fields":[{"field":"w","action":"bucket","ranges":[{"max":10,"label":"a"},{"min":5,"label":"b"}]}]}`, `overlap`},
		{"scrub with", `{"fields":[{"field":"n","action":"scrub","with":"hash"}]}`, `scrub replaces with`},
		{"suppress two tests", `{"fields":[],"suppress":[{"field":"c","in":["x"],"below":3}]}`, `suppress rule 0 (field "c"): needs exactly one`},
		{"suppress age without ref", `{"fields":[],"suppress":[{"field":"dob","age_below":13}]}`, `age_below needs`},
		{"not json", `{"fields":[`, `policy`},
		{"trailing data", `{"fields":[]} {}`, `trailing`},
		{"empty field", `{"fields":[{"field":"","action":"keep"}]}`, `no field named`},
		{"bad path", `{"fields":[{"field":"a..b","action":"keep"}]}`, `malformed path`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tc.json))
			if !errors.Is(err, ErrPolicy) {
				t.Fatalf("err = %v, want ErrPolicy", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not say %q", err, tc.want)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	keys := testKeys(t)
	fields := []string{"user_id", "email", "dob"}
	tests := []struct {
		name   string
		policy Policy
		fields []string
		keys   Keys
		want   string
	}{
		{"field not in input", Policy{Fields: []Rule{{Field: "phone", Action: Drop}}}, fields, keys, `field rule 0 (field "phone"): the input has no such field`},
		{"no keyset", Policy{Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}}}, fields, Keys{}, `pseudonymize needs a pseudonym keyset`},
		{"no token keyset", Policy{Fields: []Rule{{Field: "user_id", Action: Tokenize, Context: "c"}}}, fields, Keys{Pseudonyms: keys.Pseudonyms}, `tokenize needs a token keyset`},
		{"person not in input", Policy{Fields: []Rule{{Field: "dob", Action: DateShift, Person: "patient", MaxDays: 5}}}, fields, keys, `person field "patient" is not in the input`},
		{"suppress field not in input", Policy{Suppress: []Condition{{Field: "consent", NotIn: []string{"true"}}}}, fields, keys, `suppress rule 0 (field "consent")`},
		{"duplicate input field", Policy{}, []string{"a", "a"}, keys, `input has field "a" twice`},
		{"bad pseudonym bits", Policy{Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d", Bits: 32}}}, fields, keys, `field rule 0 (field "user_id")`},
		{"bad scrub kind", Policy{Fields: []Rule{{Field: "email", Action: Scrub, Kinds: []string{"names"}}}}, fields, keys, `unknown kind "names"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(&tc.policy, tc.fields, tc.keys)
			if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrPolicy saying %q", err, tc.want)
			}
		})
	}
	if _, err := Compile(nil, fields, keys); !errors.Is(err, ErrPolicy) {
		t.Fatalf("nil policy: %v", err)
	}
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	src := `{
	  "name": "research",
	  "default": "drop",
	  "reference_date": "2026-01-01",
	  "fields": [
	    {"field": "user_id", "action": "pseudonymize", "domain": "research/partner-x"},
	    {"field": "date_of_birth", "action": "year"},
	    {"field": "zip", "action": "zip3"},
	    {"field": "weight_kg", "action": "keep"}
	  ],
	  "suppress": [{"field": "consent", "not_in": ["true"], "name": "no consent"}]
	}`
	p, err := ParsePolicy([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "research" || len(p.Fields) != 4 || p.Fields[0].Domain != "research/partner-x" || p.Suppress[0].label() != "no consent" {
		t.Fatalf("parsed %+v", p)
	}
	if got := actionNames(); len(got) != 17 || got[0] != string(Age) {
		t.Fatalf("actionNames() = %v", got)
	}
}

func TestDefaultAndNestedRules(t *testing.T) {
	keys := testKeys(t)
	fields := []string{"a", "b", "address.street", "address.city", "addressee"}
	p := &Policy{Default: Keep, Fields: []Rule{{Field: "a", Action: Drop}, {Field: "address", Action: Drop}}}
	pl, err := Compile(p, fields, keys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Action{"a": Drop, "b": Keep, "address.street": Drop, "address.city": Drop, "addressee": Keep}
	for i, f := range fields {
		if pl.ActionOf(i) != want[f] {
			t.Errorf("%s: %s, want %s", f, pl.ActionOf(i), want[f])
		}
	}
	if got := strings.Join(pl.OutputFields(), ","); got != "b,addressee" {
		t.Fatalf("OutputFields = %s", got)
	}
	// Only drop takes what a path encloses: a rule that keeps or
	// transforms one value does not apply to the members of an object.
	for _, a := range []Action{Keep, Redact} {
		p := &Policy{Default: Drop, Fields: []Rule{{Field: "address", Action: a}}}
		if a == Redact {
			p.Fields[0].Token = "x"
		}
		if _, err := Compile(p, fields, keys); !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), `"address.street" is beneath it`) {
			t.Errorf("%s on an object's path: %v", a, err)
		}
	}
	// The default default is drop.
	pl, err = Compile(&Policy{Fields: []Rule{{Field: "a", Action: Keep}}}, fields, keys)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(pl.OutputFields(), ","); got != "a" {
		t.Fatalf("default drop released %s", got)
	}
}

// A rule beneath another rule's object is refused whatever sorts between
// the two names ("device id" and "device-id" sort before "device.serial").
func TestNestedRuleRefusedWhateverTheOrder(t *testing.T) {
	_, err := ParsePolicy([]byte(`{"fields":[{"field":"device","action":"drop"},{"field":"device id","action":"drop"},{"field":"device-id","action":"drop"},{"field":"device.serial","action":"keep"}]}`))
	if !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), `beneath "device"`) {
		t.Fatalf("err = %v", err)
	}
	for _, bad := range []string{
		`{"fields":[{"field":"a","action":"pseudonymize","domain":"d","bits":7}]}`,
		`{"fields":[{"field":"a","action":"pseudonymize","domain":"d","encoding":"rot13"}]}`,
		`{"fields":[{"field":"a","action":"scrub","kinds":["bogus"]}]}`,
		`{"fields":[{"field":"a","action":"fpe","domain":"d","alphabet":"aa"}]}`,
	} {
		if _, err := ParsePolicy([]byte(bad)); !errors.Is(err, ErrPolicy) {
			t.Errorf("%s: accepted", bad)
		}
	}
}

// Member names are the schema's exactly and once: encoding/json alone
// would accept "Fields" and let a second "fields" replace the first.
func TestPolicyMembersExact(t *testing.T) {
	for _, bad := range []string{
		`{"Fields":[]}`,
		`{"fields":[{"field":"a","action":"keep"}],"fields":[]}`,
		`{"fields":[{"field":"a","Action":"keep"}]}`,
		`{"fields":[{"field":"a","action":"keep","field":"b"}]}`,
		`{"fields":[],"suppress":[{"field":"c","In":["x"]}]}`,
		`{"fields":[],"suppress":[{"field":"c","in":[]}]}`,
		`{"fields":[],"suppress":[{"field":"c","not_in":[]}]}`,
		`{"fields":[{"field":"w","action":"bucket","ranges":[{"Label":"x"}]}]}`,
	} {
		if _, err := ParsePolicy([]byte(bad)); !errors.Is(err, ErrPolicy) {
			t.Errorf("%s accepted", bad)
		}
	}
}
