package deid

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func TestNDJSONRoundTrip(t *testing.T) {
	big := strings.Repeat("é", 600_000) // over 1 MB of UTF-8
	tests := []struct {
		name, in, want string
	}{
		{"flat", `{"a":"x","b":1.50,"c":true,"d":null}` + "\n", `{"a":"x","b":1.50,"c":true,"d":null}` + "\n"},
		{"nested, key order", `{"z":1,"dev":{"model":"S","fw":{"v":"1.2"}},"a":[1,{"b":2}]}` + "\n", `{"z":1,"dev":{"model":"S","fw":{"v":"1.2"}},"a":[1,{"b":2}]}` + "\n"},
		{"escapes kept", `{"s":"line\nbreak \"q\" \u00e9 \ud83d\ude00"}` + "\n", `{"s":"line\nbreak \"q\" \u00e9 \ud83d\ude00"}` + "\n"},
		{"unicode", `{"nom":"Zoë 日本"}` + "\n", `{"nom":"Zoë 日本"}` + "\n"},
		{"CRLF, blank lines, BOM", "\xef\xbb\xbf{\"a\":1}\r\n\r\n{\"a\":2}\r\n", "{\"a\":1}\n{\"a\":2}\n"},
		{"whitespace", `{ "a" : 1 , "b" : { "c" : "x" } }` + "\n", `{"a":1,"b":{"c":"x"}}` + "\n"},
		{"no final newline", `{"a":1}`, `{"a":1}` + "\n"},
		{"empty object", "{}\n", "{}\n"},
		{"huge string", `{"n":"` + big + `"}` + "\n", `{"n":"` + big + `"}` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				out, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON, Workers: workers, ChunkSize: 16}, tc.in)
				if err != nil {
					t.Fatal(err)
				}
				if out != tc.want {
					t.Fatalf("got %q, want %q", trunc(out), trunc(tc.want))
				}
				if !rep.Reconciles() || rep.Written != int64(strings.Count(tc.want, "\n")) {
					t.Fatalf("report %+v", rep)
				}
			}
		})
	}
}

func TestNDJSONActions(t *testing.T) {
	p := &Policy{
		Default:       Keep,
		ReferenceDate: "2026-01-01",
		Fields: []Rule{
			{Field: "email", Action: Drop},
			{Field: "device.serial", Action: Drop},
			{Field: "loc", Action: Drop},
			{Field: "age", Action: Age},
			{Field: "lat", Action: Round, Decimals: ptr(1)},
			{Field: "zip", Action: ZIP3},
			{Field: "tags[]", Action: Keep},
		},
	}
	in := `{"email":"a@b.c","device":{"serial":"X1","model":"S"},"loc":{"lat":1,"lon":2},"age":92,"lat":37.77,"zip":"94110","tags":["x"],"w":null}` + "\n" +
		`{"age":40,"device":{"serial":"X2"},"extra":{"deep":{"x":1}}}` + "\n"
	out, rep, err := run(t, p, Keys{}, Options{Input: NDJSON}, in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"device":{"model":"S"},"age":"90+","lat":37.8,"zip":"941","tags":["x"],"w":null}` + "\n" +
		`{"age":40,"extra":{"deep":{"x":1}}}` + "\n"
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	fields := map[string]Action{}
	for _, f := range rep.Fields {
		fields[f.Field] = f.Action
	}
	if fields["loc.lat"] != Drop || fields["device.model"] != Keep || fields["age"] != Age || len(rep.Fields) != 11 {
		t.Fatalf("report fields %+v", rep.Fields)
	}
}

func TestNDJSONQuarantine(t *testing.T) {
	p := &Policy{Default: Keep, ReferenceDate: "2026-01-01", Fields: []Rule{{Field: "dob", Action: Year}, {Field: "tags", Action: Redact}}}
	in := `{"dob":"1980-01-01"}` + "\n" + // 1 ok
		`{"dob":"1980-02-30"}` + "\n" + // 2 bad date
		`{"dob":"1980-01-01"` + "\n" + // 3 bad JSON
		`{"dob":"1980-01-01","dob":"1990-01-01"}` + "\n" + // 4 duplicate key
		`{"tags":["a"]}` + "\n" + // 5 array under redact
		`[1,2]` + "\n" + // 6 not an object
		`{"a.b":1,"a":{"b":2}}` + "\n" + // 7 two values at one path
		`{"dob":"1981-01-01"}` + "\n" // 8 ok
	var quar bytes.Buffer
	out, rep, err := run(t, p, Keys{}, Options{Input: NDJSON, Quarantine: &quar, ChunkSize: 40, Workers: 2}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 8 || rep.Written != 2 || rep.Quarantined != 6 || !rep.Reconciles() {
		t.Fatalf("report %+v\n%s", rep, quar.String())
	}
	if out != `{"dob":"1980"}`+"\n"+`{"dob":"1981"}`+"\n" {
		t.Fatalf("out %q", out)
	}
	var lines []int
	for _, l := range strings.Split(strings.TrimSpace(quar.String()), "\n") {
		var q struct {
			Line   int
			Reason string
			Record string
		}
		if err := json.Unmarshal([]byte(l), &q); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, q.Line)
		if strings.Contains(q.Reason, "1980-02-30") {
			t.Fatalf("reason reveals a value: %s", q.Reason)
		}
	}
	if fmt.Sprint(lines) != "[2 3 4 5 6 7]" {
		t.Fatalf("quarantined lines %v", lines)
	}
	_, _, err = run(t, p, Keys{}, Options{Input: NDJSON}, in)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Line != 2 || fe.Field != "dob" || !errors.Is(err, ErrMalformedDate) {
		t.Fatalf("stop mode: %v", err)
	}
}

func TestNDJSONToCSV(t *testing.T) {
	in := `{"a":"x,y","b":{"c":1}}` + "\n" + `{"a":"z","b":{"c":2}}` + "\n" + `{"a":"w"}` + "\n"
	var quar bytes.Buffer
	out, rep, err := run(t, keepAll(), Keys{}, Options{Input: NDJSON, Output: CSV, Quarantine: &quar}, in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "a,b.c\n\"x,y\",1\nz,2\n"; out != want || rep.Quarantined != 1 {
		t.Fatalf("out %q (want %q), report %+v", out, want, rep)
	}
	if !strings.Contains(quar.String(), "CSV header") {
		t.Fatalf("quarantine %s", quar.String())
	}
}

// The same data as CSV and as NDJSON gives the same values under the
// research policy, and no dropped value reaches the NDJSON output.
func TestNDJSONAgreesWithCSV(t *testing.T) {
	rows := 5000
	if testenv.Race {
		rows = 1000
	}
	cfg := deidtest.Config{Rows: rows, Seed: 3, MinPerUser: 1, MaxPerUser: 40}
	var inCSV, inJSON bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &inCSV, cfg); err != nil {
		t.Fatal(err)
	}
	if err := deidtest.WriteNDJSON(context.Background(), &inJSON, cfg); err != nil {
		t.Fatal(err)
	}
	keys := testKeys(t)
	p := researchPlan(t).Policy()
	outCSV, _, err := run(t, p, keys, Options{Input: CSV}, inCSV.String())
	if err != nil {
		t.Fatal(err)
	}
	outJSON, rep, err := run(t, p, keys, Options{Input: NDJSON, Workers: 2, ChunkSize: 4096}, inJSON.String())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written != int64(rows) {
		t.Fatalf("report %+v", rep)
	}
	recs, err := csv.NewReader(strings.NewReader(outCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(outJSON), "\n")
	for i, line := range lines {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		for j, name := range recs[0] {
			got := ""
			if v := m[name]; v != nil {
				got = fmt.Sprint(v)
			}
			if got != recs[i+1][j] {
				t.Fatalf("record %d field %s: NDJSON %q, CSV %q", i+1, name, got, recs[i+1][j])
			}
		}
		if len(m) != len(recs[0]) {
			t.Fatalf("record %d has %d fields, CSV %d", i+1, len(m), len(recs[0]))
		}
	}
	inRecs, _ := csv.NewReader(strings.NewReader(inCSV.String())).ReadAll()
	pl := researchPlan(t)
	for _, rec := range inRecs[1:] {
		for i, v := range rec {
			if a := pl.ActionOf(i); (a == Drop || a == Pseudonymize) && len(v) > 4 && strings.Contains(outJSON, v) {
				t.Fatalf("value of %s in the NDJSON output", inRecs[0][i])
			}
		}
	}
}

func TestNDJSONOrderProperty(t *testing.T) {
	props := properties()
	props.Property("output order is input order", prop.ForAll(func(vals []string, chunk, workers int) string {
		var in, want strings.Builder
		for i, v := range vals {
			b, _ := json.Marshal(map[string]any{"i": i, "v": v})
			in.Write(b)
			in.WriteByte('\n')
		}
		want.WriteString(in.String())
		out, rep, err := run(t, keepAll(), Keys{}, Options{Input: NDJSON, Workers: workers, ChunkSize: chunk}, in.String())
		if err != nil {
			return err.Error()
		}
		if out != want.String() || rep.Written != int64(len(vals)) {
			return fmt.Sprintf("output differs: %q vs %q", trunc(out), trunc(want.String()))
		}
		return ""
	}, gen.SliceOf(gen.AnyString()), gen.IntRange(1, 200), gen.IntRange(1, 5)))
	props.TestingRun(t)
}

// A value (array or scalar) where the policy has rules beneath it is never
// released: those rules cannot apply to it.
func TestNDJSONRulesBeneathAValue(t *testing.T) {
	p := &Policy{Default: Keep, Fields: []Rule{
		{Field: "readings.user_id", Action: Pseudonymize, Domain: "d"},
		{Field: "device.serial", Action: Drop},
	}}
	keys := testKeys(t)
	in := `{"readings":[{"user_id":"alice"}],"ok":1}` + "\n" + `{"device":"SN-123","ok":2}` + "\n" + `{"device":{"serial":"SN-9"},"ok":3}` + "\n"
	var quar bytes.Buffer
	out, rep, err := run(t, p, keys, Options{AllowKeptIdentifiers: true, Input: NDJSON, Quarantine: &quar}, in)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "alice") || strings.Contains(out, "SN-") || rep.Quarantined != 2 || rep.Written != 1 {
		t.Fatalf("out %q, report %+v", out, rep)
	}
	if !strings.Contains(quar.String(), "rules beneath") {
		t.Fatalf("quarantine %s", quar.String())
	}
}

func TestNDJSONExclusion(t *testing.T) {
	in := `{"user":{"id":"u1"},"v":1}` + "\n" + `{"user":{"id":"u2"},"v":2}` + "\n" +
		`{"user":{"id":"u1"},"v":3}` + "\n" + `{"user":{"id":null},"v":4}` + "\n" + `{"v":5}` + "\n"
	var quar bytes.Buffer
	out, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON, Quarantine: &quar,
		Exclude: NewIDSet([]string{"u1"}), ExcludeField: "user.id"}, in)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "u1") || rep.Excluded != 2 || rep.Written != 1 || rep.Quarantined != 2 || !rep.Reconciles() {
		t.Fatalf("out %q report %+v", out, rep)
	}
	// Records whose ID is missing or null cannot be checked: fail closed.
	if strings.Count(quar.String(), "exclude") != 2 {
		t.Fatalf("quarantine %s", quar.String())
	}
}

// A JSON record without the person of a date shift is a record error,
// not a policy error, and names its line.
func TestNDJSONDateShiftWithoutPerson(t *testing.T) {
	p := &Policy{Default: Keep, Fields: []Rule{{Field: "when", Action: DateShift, Person: "who", MaxDays: 3}}}
	in := `{"who":"a","when":"2024-01-01"}` + "\n" + `{"when":"2024-01-02"}` + "\n"
	_, _, err := run(t, p, testKeys(t), Options{Input: NDJSON}, in)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Line != 2 || !errors.Is(err, ErrMissingField) || errors.Is(err, ErrPolicy) {
		t.Fatalf("err = %v", err)
	}
}

// NDJSON to CSV takes its header from the first record that parses; the
// bad lines before it are quarantined like any other.
func TestNDJSONToCSVBadFirstLine(t *testing.T) {
	in := "{bad\n" + `{"a":1}` + "\n"
	var quar bytes.Buffer
	out, rep, err := run(t, keepAll(), Keys{}, Options{Input: NDJSON, Output: CSV, Quarantine: &quar}, in)
	if err != nil || out != "a\n1\n" || rep.Quarantined != 1 || !rep.Reconciles() {
		t.Fatalf("out %q, report %+v, %v", out, rep, err)
	}
}

// The report lists fields in the order first met, the same on every run,
// and a bounded number of them however many keys the input uses.
func TestNDJSONReportFields(t *testing.T) {
	var in strings.Builder
	for i := range maxReportFields + 500 {
		fmt.Fprintf(&in, "{\"id\":1,\"k%d\":%d}\n", i, i)
	}
	var first []string
	for _, opts := range []Options{{AllowKeptIdentifiers: true, Input: NDJSON, Workers: 1}, {AllowKeptIdentifiers: true, Input: NDJSON, Workers: 3, ChunkSize: 4 << 10}, {AllowKeptIdentifiers: true, Input: NDJSON, Workers: 2, ChunkSize: 300}} {
		tr, err := NewTransformer(keepAll(), Keys{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := tr.Run(context.Background(), strings.NewReader(in.String()), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		// The report lists paths in the order the input first has them,
		// whatever the workers and chunks.
		for i, f := range rep.Fields[1 : len(rep.Fields)-1] {
			if want := fmt.Sprintf("k%d", i); f.Field != want {
				t.Fatalf("%+v: field %d is %s, want %s", opts, i+1, f.Field, want)
			}
		}
		// Slots kept for the next run do not keep the long field lists.
		tr.runs.Get().mu.Lock()
		for _, sl := range tr.runs.Get().spare {
			if len(sl.stats.fields) > 256 {
				t.Errorf("%+v: a spare slot keeps %d field counts", opts, len(sl.stats.fields))
			}
		}
		tr.runs.Get().mu.Unlock()
		if len(rep.Fields) > maxReportFields+1 || rep.Fields[0].Field != "id" || rep.Fields[len(rep.Fields)-1].Field != otherFields {
			t.Fatalf("%d fields, first %v, last %v", len(rep.Fields), rep.Fields[0], rep.Fields[len(rep.Fields)-1])
		}
		var names []string
		var total int64
		for _, f := range rep.Fields {
			names = append(names, f.Field)
			total += f.Values
		}
		if total != 2*int64(maxReportFields+500) {
			t.Fatalf("values counted %d", total)
		}
		if first == nil {
			first = names
		} else if fmt.Sprint(names) != fmt.Sprint(first) {
			t.Fatal("field order differs between runs")
		}
	}
}

// A key holding NUL (which separates the paths of a shape's key) is a bad
// record; a key that only spells the escape is not.
func TestNDJSONNULKey(t *testing.T) {
	p := &Policy{Default: Keep}
	in := `{"a\u0000b":1}` + "\n" + `{"x":{"a\u0000":2}}` + "\n" + `{"a\\u0000b":3}` + "\n"
	var quar bytes.Buffer
	out, rep, err := run(t, p, Keys{}, Options{Input: NDJSON, Quarantine: &quar}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 3 || rep.Written != 1 || rep.Quarantined != 2 || !strings.Contains(quar.String(), "NUL") {
		t.Fatalf("report %+v\n%s", rep, quar.String())
	}
	if want := `{"a\\u0000b":3}` + "\n"; out != want {
		t.Fatalf("out %q, want %q", out, want)
	}
}

// A record that Apply transformed but that cannot be written (its output
// fields differ from the CSV header) is not counted in the report's fields.
func TestNDJSONRejectedRecordNotCounted(t *testing.T) {
	in := `{"a":1,"b":2}` + "\n" + `{"a":1,"c":3}` + "\n"
	var quar bytes.Buffer
	_, rep, err := run(t, keepAll(), Keys{}, Options{Input: NDJSON, Output: CSV, Quarantine: &quar}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written != 1 || rep.Quarantined != 1 {
		t.Fatalf("report %+v", rep)
	}
	for _, f := range rep.Fields {
		if want := map[string]int64{"a": 1, "b": 1}[f.Field]; f.Values != want {
			t.Fatalf("field %s counts %d values, want %d: %+v", f.Field, f.Values, want, rep.Fields)
		}
	}
}
