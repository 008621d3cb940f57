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
		fields := make([]string, 0, len(p.Fields)+len(p.Suppress)+1)
		seen := map[string]bool{}
		for _, r := range p.Fields {
			fields = append(fields, r.Field)
			seen[r.Field] = true
			if r.Person != "" && !seen[r.Person] {
				fields = append(fields, r.Person)
				seen[r.Person] = true
			}
		}
		for _, c := range p.Suppress {
			if !seen[c.Field] {
				fields = append(fields, c.Field)
				seen[c.Field] = true
			}
		}
		_, _ = Compile(p, fields, testKeysFuzz(t))
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
