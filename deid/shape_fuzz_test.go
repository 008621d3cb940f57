package deid

import (
	"bytes"
	"context"
	"testing"
)

// fuzzArrayPolicies name values inside arrays and objects, with either
// default.
var fuzzArrayPolicies = []*Policy{
	{Default: Keep, Fields: []Rule{
		{Field: "readings[].user_id", Action: Pseudonymize, Domain: "d"},
		{Field: "contacts[].email", Action: Drop},
		{Field: "tags[]", Action: Redact, Token: "[R]"},
		{Field: "device", Action: Drop},
		{Field: "a.b", Action: Drop},
		{Field: "m[][]", Action: Redact, Token: "[R]"},
	}},
	{Default: Drop, Fields: []Rule{
		{Field: "readings[].bpm", Action: Keep},
		{Field: "readings[].user_id", Action: Pseudonymize, Domain: "d"},
		{Field: "tags[]", Action: Keep},
		{Field: "a[][]", Action: Keep},
		{Field: "name", Action: Keep},
		{Field: "x.y[].z", Action: Keep},
	}},
	{Default: Keep, Fields: []Rule{
		{Field: "user_id", Action: Pseudonymize, Domain: "d"},
		{Field: "x[].y[].z", Action: Drop},
		{Field: "name", Action: Keep},
	}},
}

// FuzzNDJSONArrayPaths runs the transformer over any input under policies
// with rules on array elements and nested members, in chunks of any size:
// it never panics, accounts for every record, writes valid JSON objects,
// and releases no value the policy hides (checked by the oracle of
// shape_oracle_test.go, which reads the records with encoding/json).
//
//	go test ./deid -run '^$' -fuzz FuzzNDJSONArrayPaths -fuzztime 60s
func FuzzNDJSONArrayPaths(f *testing.F) {
	seeds := []string{
		`{"readings":[{"user_id":"alice","bpm":61},{"user_id":"bob","bpm":62}],"contacts":[{"email":"ann@example.org","name":"Ann"}],"tags":["a",null]}`,
		`{"device":{"serial":"SN1","owner":{"email":"x@y.org"}},"a":{"b":"secret","c":"kept"},"m":[[1,2],[3]]}`,
		`{"readings":{"user_id":"alice"},"tags":"t","a":[["p"],"q"]}` + "\n" + `{"readings":"alice","contacts":[["e"]]}`,
		`{"x":[{"y":[{"z":"hidden","w":"kept"}]}],"name":"N","user_id":"u1"}` + "\r\n\r\n" + `{"x":{"y":{"z":"leak?"}}}`,
		`{"readings":[],"contacts":null,"tags":[[]],"a":{}}`,
		"\xef\xbb\xbf" + `{"x.y":[{"z":"dotted"}],"x":{"y[]":{"z":"bracketed"}}}`,
		`{"readings":[{"user_id":"a","user_id":"b"}]}` + "\n" + `[1]` + "\n" + `{"bad":`,
	}
	for i, s := range seeds {
		f.Add([]byte(s+"\n"), uint8(i), uint16(7*i))
	}
	f.Fuzz(func(t *testing.T, in []byte, pick uint8, chunk uint16) {
		p := fuzzArrayPolicies[int(pick)%len(fuzzArrayPolicies)]
		tr, err := NewTransformer(p, testKeysFuzz(t), Options{Input: NDJSON, Workers: 1 + int(pick)%3,
			ChunkSize: 1 + int(chunk%1024), Quarantine: &bytes.Buffer{}})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		rep, err := tr.Run(context.Background(), bytes.NewReader(in), &out)
		if err != nil {
			return // a line longer than the limit, which stops the run
		}
		if !rep.Reconciles() {
			t.Fatalf("report does not reconcile: %+v", rep)
		}
		if err := checkRelease(p, in, out.Bytes(), "[R]"); err != nil {
			t.Fatalf("%v\ninput %q\noutput %q", err, in, out.String())
		}
	})
}
