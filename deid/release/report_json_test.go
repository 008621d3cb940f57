package release

import (
	"encoding/json"
	"testing"
)

// A figure that was asked for is in the JSON report even when it is 0,
// and one that was not asked for is not; decoding gives the report back.
func TestKAnonymityReportJSONZeros(t *testing.T) {
	for _, tc := range []struct {
		name    string
		r       KAnonymityReport
		present []string
		absent  []string
	}{
		{"t of 0 reached", KAnonymityReport{KRequested: 5, K: 5, TRequested: 0.2, T: 0, Sensitive: "dx"},
			[]string{"t", "t_requested"}, []string{"l", "l_requested", "people", "suppressed_people"}},
		{"nothing withheld, counting people", KAnonymityReport{KRequested: 5, K: 6, Person: "user_id", KCounts: "people", People: 30, ReleasedPeople: 30},
			[]string{"people", "released_people", "suppressed_people", "suppressed_records"}, []string{"t", "l"}},
		{"l asked", KAnonymityReport{KRequested: 2, K: 2, LRequested: 2, L: 3, Sensitive: "dx"},
			[]string{"l", "l_requested"}, []string{"t", "t_requested", "people"}},
		{"records counted", KAnonymityReport{KRequested: 2, K: 2, KCounts: "records"},
			[]string{"k", "records"}, []string{"people", "released_people", "suppressed_people", "t", "l"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(&tc.r)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			for _, k := range tc.present {
				if _, ok := m[k]; !ok {
					t.Errorf("%q missing from %s", k, b)
				}
			}
			for _, k := range tc.absent {
				if _, ok := m[k]; ok {
					t.Errorf("%q in %s", k, b)
				}
			}
			var back KAnonymityReport
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			b2, _ := json.Marshal(back)
			if string(b2) != string(b) {
				t.Errorf("round trip: %s, then %s", b, b2)
			}
		})
	}
}
