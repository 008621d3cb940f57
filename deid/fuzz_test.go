package deid

import (
	"encoding/json"
	"os"
	"testing"
)

// FuzzParsePolicy: loading any input never panics; an accepted policy
// validates, survives a JSON round trip, and compiles against its own
// fields without keys unless it has keyed actions.
//
//	go test ./deid -run '^$' -fuzz FuzzParsePolicy -fuzztime 60s
func FuzzParsePolicy(f *testing.F) {
	if data, err := os.ReadFile("testdata/research-policy.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			if p != nil {
				t.Fatal("policy returned with an error")
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted policy does not validate: %v", err)
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		p2, err := ParsePolicy(again)
		if err != nil {
			t.Fatalf("re-encoded policy rejected: %v\n%s", err, again)
		}
		if len(p2.Fields) != len(p.Fields) || len(p2.Suppress) != len(p.Suppress) {
			t.Fatal("round trip changed the policy")
		}
		var fields []string
		seen := map[string]bool{}
		add := func(f string) {
			if !seen[f] {
				seen[f] = true
				fields = append(fields, f)
			}
		}
		for _, r := range p.Fields {
			add(r.Field)
		}
		for _, r := range p.Fields {
			if r.Person != "" {
				add(r.Person)
			}
		}
		for _, c := range p.Suppress {
			add(c.Field)
		}
		// Validate catches everything that does not need keys or an input:
		// against its own fields and with both keysets, it compiles.
		if _, err := Compile(p, fields, testKeysFuzz(t)); err != nil {
			t.Fatalf("valid policy does not compile against its own fields: %v", err)
		}
	})
}

var fuzzKeys *Keys

func testKeysFuzz(t *testing.T) Keys {
	if fuzzKeys == nil {
		k := testKeys(t)
		fuzzKeys = &k
	}
	return *fuzzKeys
}
