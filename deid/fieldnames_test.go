package deid

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The first record of a CSV export without its header row: every kind of
// value a first record holds.
var headerlessRows = []string{
	"ann.smith@example.org,Ann,Smith,617-555-0142,1980-02-03,10.20.30.40,72.4",
	"u-1000007,ann.smith@example.org,F,02139,2025-06-01T07:00:00Z,61",
	"1000007,Ann Smith,617 555 0142,61",
	"Ann,Smith,aa:bb:cc:dd:ee:ff,72.4",
	"Ann,Smith,https://example.org/ann,F",
	"Ann,Smith,078-05-1120,F",
	"Ann,Smith,4111 1111 1111 1111,F",
	"Ann,Smith,03/02/1980,F",
	"Ann,Smith,2001:db8::1,F",
	"Ann,Smith,72,F",
	"Ann,Smith,+1 617 555 0142,F",
}

// Values of the rows above that no message may repeat.
var headerlessValues = []string{"ann.smith@example.org", "Smith", "617-555-0142", "1980-02-03", "10.20.30.40", "72.4",
	"u-1000007", "1000007", "02139", "aa:bb:cc:dd:ee:ff", "example.org/ann", "078-05-1120", "4111 1111", "03/02/1980", "2001:db8::1",
	"617 555 0142"}

func checkNoValue(t *testing.T, where, text string) {
	t.Helper()
	for _, v := range headerlessValues {
		if strings.Contains(text, v) {
			t.Errorf("%s repeats %q: %s", where, v, text)
		}
	}
}

// A CSV file without a header row stops the run, with an error that says
// which fields look like values and of what kind, never the values.
func TestHeaderlessCSV(t *testing.T) {
	for _, row := range headerlessRows {
		in := row + "\n" + row + "\n"
		for _, p := range []*Policy{keepAll(), {Default: Drop}} {
			var quar bytes.Buffer
			out, rep, err := run(t, p, Keys{}, Options{Input: CSV, Quarantine: &quar}, in)
			if !errors.Is(err, ErrHeaderLooksLikeData) {
				t.Errorf("%q: error %v, want ErrHeaderLooksLikeData", row, err)
				continue
			}
			checkNoValue(t, "error", err.Error())
			checkNoValue(t, "report", fmt.Sprintf("%+v", rep))
			if out != "" || quar.Len() != 0 {
				t.Errorf("%q: wrote %q, quarantined %q", row, out, quar.String())
			}
		}
		fields := strings.Split(row, ",")
		if _, err := Compile(keepAll(), fields, Keys{}); !errors.Is(err, ErrHeaderLooksLikeData) {
			t.Errorf("Compile(%q): %v", row, err)
		} else {
			checkNoValue(t, "Compile error", err.Error())
		}
		_, _, err := SafeHarbor(fields, SafeHarborOptions{ReferenceDate: profileRef})
		if !errors.Is(err, ErrHeaderLooksLikeData) {
			t.Errorf("SafeHarbor(%q): %v", row, err)
		}
		_, _, err2 := AIEngine(fields, AIEngineOptions{ReferenceDate: profileRef})
		if !errors.Is(err2, ErrHeaderLooksLikeData) {
			t.Errorf("AIEngine(%q): %v", row, err2)
		}
	}
}

// Real field names are not mistaken for values.
func TestFieldNamesThatAreNames(t *testing.T) {
	names := []string{"user_id", "email", "email_address", "phone", "phone_1", "date_of_birth", "zip", "zip3", "ip", "ipv4_prefix",
		"mac_address", "measured_at", "weight_kg", "SpO2", "hba1c", "vo2max", "lead_v1", "ecg_sample_12", "address2", "weight[kg]",
		"device.model", "readings[].user_id", "contacts[].email", "tags[]", "m[][]", "Größe", "heart_rate_bpm", "sleep_minutes",
		"x-forwarded-for", "created_at", "year_2", "q1_score", "icd10_code", "utm_source", "www", "http_status", "date"}
	if err := checkFieldNames(names); err != nil {
		t.Fatal(err)
	}
	if err := checkKeys(names); err != nil {
		t.Fatal(err)
	}
}

// An NDJSON record whose keys are data (an object keyed by e-mail, date or
// user number) is a record error that does not repeat the key, and the
// report does not list it.
func TestNDJSONKeysThatAreData(t *testing.T) {
	in := `{"user_id":"u1","ann.smith@example.org":{"steps":1}}` + "\n" +
		`{"user_id":"u1","steps_by_day":{"1980-02-03":5000}}` + "\n" +
		`{"user_id":"u1","by_user":{"1000007":{"w":72.4}}}` + "\n" +
		`{"user_id":"u1","steps":1}` + "\n"
	var quar bytes.Buffer
	out, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON, Quarantine: &quar}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written != 1 || rep.Quarantined != 3 || out != `{"user_id":"u1","steps":1}`+"\n" {
		t.Fatalf("out %q, report %+v", out, rep)
	}
	checkNoValue(t, "report", fmt.Sprintf("%+v", rep))
	for reason := range rep.QuarantineReasons {
		if !strings.Contains(reason, "looks like") {
			t.Errorf("reason %q", reason)
		}
	}
	_, _, err = run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON}, in)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Line != 1 || !errors.Is(err, ErrHeaderLooksLikeData) {
		t.Fatalf("stop mode: %v", err)
	}
	checkNoValue(t, "error", err.Error())
}

// No error, report or quarantine reason repeats a value of the input,
// whatever goes wrong with a record. Every bad value below holds the
// marker QZX.
func TestNoValueInMessages(t *testing.T) {
	policy := `{"default":"drop","reference_date":"2026-01-01","fields":[
	  {"field":"id","action":"pseudonymize","domain":"d"},
	  {"field":"dob","action":"year"},
	  {"field":"zip","action":"zip3"},
	  {"field":"ip","action":"truncate_ip"},
	  {"field":"lat","action":"round","decimals":2},
	  {"field":"w","action":"bucket","width":10},
	  {"field":"serial","action":"fpe","domain":"s","alphabet":"digits"},
	  {"field":"age","action":"age"},
	  {"field":"when","action":"date_shift","person":"id","max_days":5},
	  {"field":"note","action":"keep"},
	  {"field":"r[].v","action":"keep"}],
	  "suppress":[{"field":"consent","not_in":["true"]},{"field":"h","below":1}]}`
	p, err := ParsePolicy([]byte(policy))
	if err != nil {
		t.Fatal(err)
	}
	good := map[string]string{"id": "u1", "dob": "1980-01-01", "zip": "02139", "ip": "10.1.2.3", "lat": "1.5", "w": "70",
		"serial": "1234567890", "age": "40", "when": "2025-01-01", "note": "n", "consent": "true", "h": "5", "r[].v": "x"}
	header := []string{"id", "dob", "zip", "ip", "lat", "w", "serial", "age", "when", "note", "consent", "h", "r[].v"}
	var csvIn, jsonIn []string
	row := func(bad map[string]string) {
		var cells []string
		obj := map[string]any{}
		for _, f := range header {
			v := good[f]
			if b, ok := bad[f]; ok {
				v = b
			}
			cells = append(cells, v)
			obj[f] = v
		}
		csvIn = append(csvIn, strings.Join(cells, ","))
		b, _ := json.Marshal(obj)
		jsonIn = append(jsonIn, string(b))
	}
	for _, bad := range []map[string]string{
		{"dob": "QZX1980"}, {"zip": "QZX02"}, {"ip": "QZX.1.2.3"}, {"ip": "10.1.2.QZX"}, {"lat": "QZX1.5"}, {"w": "QZX70"},
		{"serial": "12345QZX"}, {"age": "QZX4"}, {"when": "QZX2025"}, {"id": "", "when": "2025-01-02"}, {"consent": "QZXno"}, {"h": "QZX5"}, {"id": "QZXu9"},
	} {
		row(bad)
	}
	csvText := strings.Join(header, ",") + "\n" + strings.Join(csvIn, "\n") + "\n" +
		`u1,"QZX` + "\n" + `u1,QZX"x,1` + "\n" + "QZX,1\n"
	jsonText := strings.Join(jsonIn, "\n") + "\n" +
		`{"id":"QZX1","id":"QZX2"}` + "\n" + `{"id":"QZX1",` + "\n" + `["QZX"]` + "\n" +
		`{"id":"u1","consent":"true","h":5,"note":{"QZX":"QZX"}}` + "\n" + `{"id":"u1","consent":"true","h":5,"r":["QZX"]}` + "\n" +
		`{"id":"u1","consent":"true","h":5,"r":{"v":"QZX"}}` + "\n" + `{"id":"u1","consent":"true","h":5,"QZX@example.org":1}` + "\n"
	keys := testKeys(t)
	for _, tc := range []struct {
		format      Format
		in          string
		quarantined int64
	}{{CSV, csvText, 13}, {NDJSON, jsonText, 16}} {
		var quar bytes.Buffer
		_, rep, err := run(t, p, keys, Options{AllowKeptIdentifiers: true, Input: tc.format, Quarantine: &quar, Exclude: NewIDSet([]string{"QZXu9"}), ExcludeField: "id"}, tc.in)
		if err != nil {
			t.Fatalf("%v: %v", tc.format, err)
		}
		if rep.Quarantined != tc.quarantined || rep.Suppressed != 1 || rep.Excluded != 1 {
			t.Errorf("%v: %d quarantined, %d suppressed, %d excluded, want %d, 1 and 1: %v", tc.format, rep.Quarantined, rep.Suppressed, rep.Excluded, tc.quarantined, rep.QuarantineReasons)
		}
		if text := fmt.Sprintf("%+v", rep); strings.Contains(text, "QZX") {
			t.Errorf("%v: report repeats a value: %s", tc.format, text)
		}
		// Each record alone, in stop mode: its error.
		lines := strings.Split(strings.TrimSuffix(tc.in, "\n"), "\n")
		first := 0
		if tc.format == CSV {
			first = 1
		}
		for _, l := range lines[first:] {
			in := l + "\n"
			if tc.format == CSV {
				in = lines[0] + "\n" + in
			}
			_, rep, err := run(t, p, keys, Options{AllowKeptIdentifiers: true, Input: tc.format}, in)
			if err == nil {
				continue
			}
			if strings.Contains(err.Error(), "QZX") || strings.Contains(fmt.Sprintf("%+v", rep), "QZX") {
				t.Errorf("%v: %q: error repeats a value: %v", tc.format, l, err)
			}
		}
	}
}

func TestSampleFields(t *testing.T) {
	head := "\xef\xbb\xbf" + `{"user_id":"u1","readings":[{"bpm":61},{"bpm":62,"at":"t"}],"device":{"model":"S"},"tags":["a"]}` + "\n" +
		"not json\n\n" + `{"user_id":"u2","ann.smith@example.org":1}` + "\n" +
		`{"user_id":"u3","device":"S","m":[[1]],"x":null}` + "\n" + `{"cut":`
	got, err := SampleFields([]byte(head), NDJSON, 0)
	want := []string{"user_id", "readings[].bpm", "readings[].at", "device.model", "tags[]", "device", "m[][]", "x"}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("NDJSON fields %q, %v; want %q", got, err, want)
	}
	got, err = SampleFields([]byte("a;b.c;\"d\"\n1;2;3\n"), CSV, ';')
	if err != nil || !slices.Equal(got, []string{"a", "b.c", "d"}) {
		t.Fatalf("CSV fields %q, %v", got, err)
	}
	_, err = SampleFields([]byte(headerlessRows[0]+"\n"), CSV, 0)
	if !errors.Is(err, ErrHeaderLooksLikeData) {
		t.Fatalf("headerless CSV: %v", err)
	}
	checkNoValue(t, "error", err.Error())
	// A policy built from the sampled paths applies to the records they
	// came from.
	p, _, err := AIEngine(want, AIEngineOptions{ReferenceDate: profileRef})
	if err != nil {
		t.Fatal(err)
	}
	var quar bytes.Buffer
	_, rep, err := run(t, p, profileKeys(t), Options{Input: NDJSON, Quarantine: &quar}, head+"}\n")
	if err != nil || rep.Written != 2 || rep.Quarantined != 3 {
		t.Fatalf("report %+v, %v\n%s", rep, err, quar.String())
	}
}
