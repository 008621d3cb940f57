package deid

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// The profiles a research or AI export may run, built for the fields of
// a sample of the input.
func shapeProfiles(t *testing.T, fields []string) map[string]*Policy {
	t.Helper()
	sh, _, err := SafeHarbor(fields, SafeHarborOptions{ReferenceDate: profileRef})
	if err != nil {
		t.Fatal(err)
	}
	shp, _, err := SafeHarbor(fields, SafeHarborOptions{ReferenceDate: profileRef, PseudonymDomain: "sh", ScrubText: true})
	if err != nil {
		t.Fatal(err)
	}
	ai, _, err := AIEngine(fields, AIEngineOptions{ReferenceDate: profileRef})
	if err != nil {
		t.Fatal(err)
	}
	research, _, err := AIEngine(fields, AIEngineOptions{ReferenceDate: profileRef, Domain: "research/partner-x", Name: "research"})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*Policy{"safe-harbor": sh, "safe-harbor-pseudonyms": shp, "ai-engine": ai, "research": research}
}

// planted are identifiers that the records below hide inside kept fields.
var planted = []string{"ann.smith@example.org", "617-555-0142", "Ann Smith", "10.20.30.40"}

func checkNoPlanted(t *testing.T, where, text string) {
	t.Helper()
	for _, v := range planted {
		if strings.Contains(text, v) {
			t.Errorf("%s holds %q:\n%s", where, v, trunc(text))
		}
	}
}

// measurement returns an NDJSON record of the shape a profile was built
// for, with heart_rate and device_model, the fields that hide identifiers
// in the records below.
func shapeRecord(i int) string {
	return fmt.Sprintf(`{"user_id":"u%d","heart_rate":%d,"device_model":"Scale-X%d","measured_at":"2025-06-01T07:00:00Z"}`, i%50, 60+i%40, i%5)
}

var shapeFields = []string{"user_id", "heart_rate", "device_model", "measured_at"}

// An identifier inside an object or array under a field that a profile
// keeps is never released, whatever the profile, wherever the record is
// in the input and however the input is cut into chunks: the record is an
// error naming its line and field, quarantined when asked.
func TestNDJSONIdentifiersUnderKeptFields(t *testing.T) {
	hostile := []struct{ name, rec string }{
		{"array of objects", `{"user_id":"u1","heart_rate":[{"email":"ann.smith@example.org","phone":"617-555-0142"}],"device_model":"S","measured_at":"2025-06-01T07:00:00Z"}`},
		{"object", `{"user_id":"u1","heart_rate":61,"device_model":{"owner":"Ann Smith","mail":"ann.smith@example.org"},"measured_at":"2025-06-01T07:00:00Z"}`},
		{"array of strings", `{"user_id":"u1","heart_rate":61,"device_model":["Ann Smith","617-555-0142"],"measured_at":"2025-06-01T07:00:00Z"}`},
		{"nested arrays", `{"user_id":"u1","heart_rate":[[{"ip":"10.20.30.40"}]],"device_model":"S","measured_at":"2025-06-01T07:00:00Z"}`},
	}
	keys := profileKeys(t)
	// A record early in the input, and one after over 1 MiB of good
	// records, in a later chunk than any a sample of the input sees.
	var good []string
	size := 0
	for i := 0; size < 1<<20+4096; i++ {
		good = append(good, shapeRecord(i))
		size += len(good[i]) + 1
	}
	type position struct {
		good []string
		at   int
	}
	positions := []position{{good[:200], 0}, {good[:200], 3}, {good, len(good)}}
	for name, p := range shapeProfiles(t, shapeFields) {
		for _, h := range hostile {
			for _, pos := range positions {
				late := len(pos.good) == len(good)
				if late && testenv.Race && name != "research" {
					continue // 1 MiB runs are slow under the race detector: one profile is enough there
				}
				lines := append(append(append([]string{}, pos.good[:pos.at]...), h.rec), pos.good[pos.at:]...)
				in := strings.Join(lines, "\n") + "\n"
				where := fmt.Sprintf("%s, %s at line %d", name, h.name, pos.at+1)
				opts := []Options{{Workers: 1}, {Workers: 3, ChunkSize: 700}}
				if late {
					opts = []Options{{Workers: 2, ChunkSize: 64 << 10}}
				}
				for _, o := range opts {
					o.Input = NDJSON
					var quar bytes.Buffer
					o.Quarantine = &quar
					out, rep, err := run(t, p, keys, o, in)
					if err != nil {
						t.Fatalf("%s: %v", where, err)
					}
					checkNoPlanted(t, where+": output", out)
					if rep.Quarantined != 1 || rep.Written != int64(len(pos.good)) || !rep.Reconciles() {
						t.Fatalf("%s: report %+v", where, rep)
					}
					var q struct {
						Line   int64  `json:"line"`
						Reason string `json:"reason"`
					}
					if err := json.Unmarshal(quar.Bytes(), &q); err != nil || q.Line != int64(pos.at+1) {
						t.Fatalf("%s: quarantine %s (%v)", where, quar.String(), err)
					}
					checkNoPlanted(t, "quarantine reason", q.Reason)
					checkNoPlanted(t, "report", fmt.Sprintf("%+v", rep))
				}
				if late {
					continue
				}
				// Without a quarantine the run stops at the record, with
				// an error naming its line and field, never a value.
				_, _, err := run(t, p, keys, Options{Input: NDJSON, Workers: 2, ChunkSize: 4096}, in)
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Line != int64(pos.at+1) || (fe.Field != "heart_rate" && fe.Field != "device_model") {
					t.Fatalf("%s: stop mode error %v", where, err)
				}
				checkNoPlanted(t, "error", err.Error())
			}
		}
	}
}

// Rules on array elements: FHIR Bulk Data NDJSON and device APIs nest
// identifiers in arrays.
func TestNDJSONArrayPathRules(t *testing.T) {
	p, err := ParsePolicy([]byte(`{
	  "default": "drop",
	  "fields": [
	    {"field": "user_id", "action": "pseudonymize", "domain": "d"},
	    {"field": "readings[].user_id", "action": "pseudonymize", "domain": "d"},
	    {"field": "readings[].bpm", "action": "keep"},
	    {"field": "readings[].at", "action": "keep"},
	    {"field": "contacts[].email", "action": "drop"},
	    {"field": "contacts[].relation", "action": "keep"},
	    {"field": "tags[]", "action": "redact", "token": "t"},
	    {"field": "matrix[][]", "action": "round", "decimals": 0}
	  ]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	keys := testKeys(t)
	in := `{"user_id":"alice","readings":[{"user_id":"alice","bpm":61,"at":"t1"},{"bpm":62,"user_id":"bob","extra":"x"}],` +
		`"contacts":[{"email":"ann.smith@example.org","relation":"sister"},{"email":"b@example.org"}],"tags":["Ann Smith",null],"matrix":[[1.4,2.6],[]]}` + "\n" +
		`{"user_id":"bob","readings":[],"contacts":null}` + "\n"
	out, rep, err := run(t, p, keys, Options{Input: NDJSON}, in)
	if err != nil {
		t.Fatal(err)
	}
	checkNoPlanted(t, "output", out)
	for _, v := range []string{`"alice"`, `"bob"`, "b@example.org", "extra"} {
		if strings.Contains(out, v) {
			t.Errorf("output holds %s: %s", v, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var first struct {
		UserID   string `json:"user_id"`
		Readings []struct {
			UserID string `json:"user_id"`
			BPM    int    `json:"bpm"`
			At     string `json:"at"`
		} `json:"readings"`
		Contacts []map[string]string `json:"contacts"`
		Tags     []*string           `json:"tags"`
		Matrix   [][]float64         `json:"matrix"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	r := first.Readings
	if len(r) != 2 || r[0].UserID != first.UserID || r[1].UserID == first.UserID || r[1].UserID == "" || r[0].BPM != 61 || r[1].BPM != 62 || r[0].At != "t1" {
		t.Errorf("readings %+v (user %s)", r, first.UserID)
	}
	// An element left empty is left out, like an object.
	if len(first.Contacts) != 1 || first.Contacts[0]["relation"] != "sister" || len(first.Contacts[0]) != 1 {
		t.Errorf("contacts %+v", first.Contacts)
	}
	if len(first.Tags) != 2 || *first.Tags[0] != "t" || first.Tags[1] != nil {
		t.Errorf("tags %+v", first.Tags)
	}
	if fmt.Sprint(first.Matrix) != "[[1 3]]" {
		t.Errorf("matrix %v", first.Matrix)
	}
	if !strings.HasPrefix(lines[1], `{"user_id":"`) || strings.Contains(lines[1], "readings") || strings.Contains(lines[1], "contacts") {
		t.Errorf("second record %s", lines[1])
	}
	counts := map[string]int64{}
	for _, f := range rep.Fields {
		counts[f.Field] += f.Values
	}
	if counts["readings[].user_id"] != 2 || counts["tags[]"] != 1 || counts["contacts[].email"] != 0 {
		t.Errorf("report fields %+v", rep.Fields)
	}
}

// A record whose objects and arrays are not those the policy has rules
// inside is an error unless what differs is dropped.
func TestNDJSONShapeMismatch(t *testing.T) {
	p := &Policy{Default: Keep, Fields: []Rule{
		{Field: "readings[].user_id", Action: Drop},
		{Field: "device.serial", Action: Drop},
		{Field: "gone", Action: Drop},
	}}
	tests := []struct {
		rec   string
		field string // of the error; "" for a record released
	}{
		{`{"readings":[{"user_id":"x1"}]}`, ""},
		{`{"readings":{"user_id":"x1"}}`, "readings"},         // an object where the policy has an array
		{`{"readings":"x1"}`, "readings"},                     // a single value
		{`{"readings":null,"device":null}`, ""},               // null holds nothing
		{`{"device":[{"serial":"x1"}]}`, "device"},            // an array where the policy has an object
		{`{"device":{"serial":{"a":"x1"}}}`, ""},              // drop takes what it encloses
		{`{"gone":{"a":["x1"]},"ok":1}`, ""},                  // so does it here
		{`{"readings":[["x1"]]}`, "readings[]"},               // an array where the policy has objects
		{`{"readings":[{"user_id":"a"},"x1"]}`, "readings[]"}, // one element of another shape
	}
	for _, tc := range tests {
		out, _, err := run(t, p, Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON}, tc.rec+"\n")
		var fe *FieldError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: %v", tc.rec, err)
		case tc.field != "" && (!errors.As(err, &fe) || !errors.Is(err, ErrShape) || fe.Field != tc.field || fe.Line != 1):
			t.Errorf("%s: error %v, want ErrShape at %q", tc.rec, err, tc.field)
		case strings.Contains(out, "x1"):
			t.Errorf("%s: output %s", tc.rec, out)
		}
	}
}

func TestPolicyPaths(t *testing.T) {
	rule := func(f string) string { return fmt.Sprintf(`{"field":%q,"action":"drop"}`, f) }
	tests := []struct {
		fields []string
		suffix string // suppress rules or extra rules
		err    string // "" if valid
	}{
		{[]string{"a[][]", "b[].c.d[]", "weight[kg]", "x.y", "z[]"}, "", ""},
		{[]string{"[]"}, "", "follows no key"},
		{[]string{"a.[]"}, "", "follows no key"},
		{[]string{"a[]b"}, "", "must end a key"},
		{[]string{"a[]]"}, "", "must end a key"},
		{[]string{"a."}, "", "empty key"},
		{[]string{"a[]", "a[].b"}, "", `beneath "a[]"`},
		{[]string{"a", "a[]"}, "", `beneath "a"`},
		{[]string{"a.b", "a[].c"}, "", `needs "a" to be an array, rule 0 needs it to be an object`},
		{[]string{"a[].b", "a[][]"}, "", `needs "a[]" to be an array`},
		{[]string{"a"}, `],"suppress":[{"field":"r[].consent","in":["no"]}]`, "inside an array"},
		{[]string{"a"}, `,{"field":"t","action":"date_shift","person":"r[].id","max_days":3}`, "inside an array"},
	}
	for _, tc := range tests {
		var rules []string
		for _, f := range tc.fields {
			rules = append(rules, rule(f))
		}
		src := `{"fields":[` + strings.Join(rules, ",") + tc.suffix
		if !strings.HasPrefix(tc.suffix, "]") {
			src += "]"
		}
		src += "}"
		_, err := ParsePolicy([]byte(src))
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", src, err)
		case tc.err != "" && (!errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: %v, want %q", src, err, tc.err)
		}
	}
}

// Profiles classify the members of array elements by their paths, keep
// only what they recognize, and give paths of mixed shapes no rule.
func TestProfilesOnArrayPaths(t *testing.T) {
	fields := []string{"user_id", "contacts[].email", "contacts[].name", "contacts[].phone", "readings[].heart_rate",
		"readings[].measured_at", "readings[].user_id", "hr_samples[]", "heart_rate[].value", "emails[]", "device", "device.model"}
	want := map[string]map[string]Action{
		"safe-harbor": {"contacts[].email": Drop, "contacts[].name": Drop, "contacts[].phone": Drop, "readings[].heart_rate": Keep,
			"readings[].measured_at": Year, "readings[].user_id": Drop, "hr_samples[]": Keep, "heart_rate[].value": Keep, "emails[]": Drop,
			"device": Drop, "device.model": Keep},
		"ai-engine": {"contacts[].email": Drop, "contacts[].name": Drop, "readings[].heart_rate": Keep, "readings[].measured_at": Keep,
			"readings[].user_id": Pseudonymize, "hr_samples[]": Keep, "emails[]": Drop, "device": Drop, "device.model": Keep},
	}
	keys := profileKeys(t)
	profiles := shapeProfiles(t, fields)
	for name, actions := range want {
		p := profiles[name]
		for f, a := range actions {
			r := ruleFor(p, f)
			got := p.defaultAction()
			if r >= 0 {
				got = p.Fields[r].Action
			}
			if got != a {
				t.Errorf("%s: %s is %s, want %s", name, f, got, a)
			}
		}
	}
	in := `{"user_id":"u1","contacts":[{"email":"ann.smith@example.org","name":"Ann Smith","phone":"617-555-0142"}],` +
		`"readings":[{"heart_rate":61,"measured_at":"2025-06-01T07:00:00Z","user_id":"u1"}],"hr_samples":[60,61],"emails":["ann.smith@example.org"],` +
		`"device":{"model":"S"}}` + "\n" + `{"user_id":"u2","device":"10.20.30.40"}` + "\n"
	for name, p := range profiles {
		out, rep, err := run(t, p, keys, Options{Input: NDJSON}, in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkNoPlanted(t, name, out)
		if rep.Written != 2 || !strings.Contains(out, `"heart_rate":61`) || !strings.Contains(out, `"hr_samples":[60,61]`) {
			t.Errorf("%s: %s", name, out)
		}
	}
}
