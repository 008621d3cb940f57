package deid

import (
	"strings"
	"testing"
)

// An integer ID written with a zero fraction, as data frames write an
// integer column with a missing value, is the same user: excluded from a
// CSV or NDJSON input (string or number) listed either way, and one
// pseudonym.
func TestExclusionOfWholeNumbersWithAFraction(t *testing.T) {
	list := NewIDSet([]string{"1000", "2000.0"})
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "v", Action: Keep}}}
	keys := testKeys(t)
	for _, tc := range []struct {
		format Format
		in     string
	}{
		{CSV, "user_id,v\n1000.0,a\n1000,b\n2000,c\n\"2000.00\",d\n3000,e\n3000.0,f\n"},
		{NDJSON, `{"user_id":1000.0,"v":"a"}` + "\n" + `{"user_id":"1000","v":"b"}` + "\n" + `{"user_id":2000,"v":"c"}` + "\n" +
			`{"user_id":"2000.00","v":"d"}` + "\n" + `{"user_id":3000,"v":"e"}` + "\n" + `{"user_id":3000.0,"v":"f"}` + "\n"},
	} {
		out, rep, err := run(t, p, keys, Options{Input: tc.format, Output: CSV, Exclude: list, ExcludeField: "user_id"}, tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Excluded != 4 || rep.Written != 2 {
			t.Errorf("%v: excluded %d, written %d; want 4 and 2", tc.format, rep.Excluded, rep.Written)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 || strings.Split(lines[1], ",")[0] != strings.Split(lines[2], ",")[0] {
			t.Errorf("%v: 3000 and 3000.0 are two pseudonyms:\n%s", tc.format, out)
		}
	}
}

// A JSON number ID in exponent form (1e3, 1.0e3) is the integer it
// denotes, but would reach exclusion as the text of the number: listed
// user 1000's records written with user_id 1e3 were released. The NDJSON
// transformer refuses such a record (here, quarantines it).
func TestExclusionOfNumbersInExponentForm(t *testing.T) {
	list := NewIDSet([]string{"1000"})
	in := `{"user_id":1e3,"v":"a"}` + "\n" + `{"user_id":1.0E3,"v":"b"}` + "\n" + `{"user_id":10e2,"v":"c"}` + "\n" + `{"user_id":5,"v":"d"}` + "\n" + `{"user_id":1000,"v":"e"}` + "\n"
	_, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON, Quarantine: &strings.Builder{}, Exclude: list, ExcludeField: "user_id"}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written != 1 || rep.Excluded != 1 || rep.Quarantined != 3 {
		t.Errorf("written %d (excluded %d, quarantined %d): user 1000 written as a number in exponent form got through", rep.Written, rep.Excluded, rep.Quarantined)
	}
}

// The same holds for an ID pseudonymized or tokenized without an
// exclusion list: 1e3 would get another pseudonym than 1000, and k would
// count one person as two. A string "1e3" is an ID as written (a hex ID,
// say) and is pseudonymized as it is.
func TestPseudonymOfNumbersInExponentForm(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "v", Action: Keep}}}
	in := `{"user_id":1e3,"v":"a"}` + "\n" + `{"user_id":1000.0,"v":"b"}` + "\n" + `{"user_id":"1e3","v":"c"}` + "\n" +
		`{"user_id":-2.5,"v":"d"}` + "\n" + `{"user_id":1000,"v":"e"}` + "\n"
	var q strings.Builder
	out, rep, err := run(t, p, testKeys(t), Options{Input: NDJSON, Output: CSV, Quarantine: &q}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written != 3 || rep.Quarantined != 2 || !strings.Contains(q.String(), "exponent or fractional form") {
		t.Fatalf("written %d, quarantined %d (%s)", rep.Written, rep.Quarantined, q.String())
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if id := func(i int) string { return strings.Split(lines[i], ",")[0] }; len(lines) != 4 || id(1) != id(3) || id(1) == id(2) {
		t.Errorf("1000.0 and 1000 must share a pseudonym, the string \"1e3\" have its own:\n%s", out)
	}
}
