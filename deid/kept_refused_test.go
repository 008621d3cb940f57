package deid_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/pseudo"
)

// A keptCase is an input whose policy keeps an identifier: by a field's
// name, or in one record's value.
type keptCase struct {
	name   string
	fields []string   // the input's fields; user_id is pseudonymized, last_name dropped, the rest kept
	rows   [][]string // the records
	// bad is the index of the record holding the identifier, -1 when the
	// field's name is the fault (every record then is)
	bad    int
	field  string // the field the error names
	secret string // what must not be written by default
	kind   deid.WarningKind
}

var keptCases = []keptCase{
	{name: "kept field named as an identifier", fields: []string{"user_id", "email", "steps"},
		rows: [][]string{{"u-1", "kept-x1", "10"}, {"u-2", "kept-y2", "11"}, {"u-3", "kept-z3", "12"}},
		bad:  -1, field: "email", secret: "kept-", kind: deid.WarnIdentifierName},
	{name: "e-mail address in a kept value", fields: []string{"user_id", "device_model", "steps"},
		rows: [][]string{{"u-1", "Pixel 7", "10"}, {"u-2", "write to zelda.quist@example.org", "11"}, {"u-3", "Pixel 8", "12"}},
		bad:  1, field: "device_model", secret: "zelda.quist@example.org", kind: deid.WarnIdentifierValues},
	{name: "telephone number in a kept value", fields: []string{"user_id", "steps", "device_model"},
		rows: [][]string{{"u-1", "10", "Pixel 7"}, {"u-2", "11", "Pixel 8"}, {"u-3", "12", "call +1 415-555-2671"}},
		bad:  2, field: "device_model", secret: "555-2671", kind: deid.WarnIdentifierValues},
	{name: "SSN in a kept value", fields: []string{"user_id", "device_model", "steps"},
		rows: [][]string{{"u-1", "ssn 212-47-3391", "10"}, {"u-2", "Pixel 8", "11"}, {"u-3", "Pixel 9", "12"}},
		bad:  0, field: "device_model", secret: "212-47-3391", kind: deid.WarnIdentifierValues},
	{name: "the record's own dropped last name in a kept value", fields: []string{"user_id", "last_name", "device_model", "steps"},
		rows: [][]string{{"u-1", "Okonkwo", "Pixel 7", "10"}, {"u-2", "Vantablack", "Vantablack X2", "11"}, {"u-3", "Quistorff", "Pixel 8", "12"}},
		bad:  1, field: "device_model", secret: "Vantablack", kind: deid.WarnIdentifierValues},
}

func (c *keptCase) policy() *deid.Policy {
	p := &deid.Policy{Name: "kept", Default: deid.Drop}
	for _, f := range c.fields {
		switch f {
		case "user_id":
			p.Fields = append(p.Fields, deid.Rule{Field: f, Action: deid.Pseudonymize, Domain: "d"})
		case "last_name":
			p.Fields = append(p.Fields, deid.Rule{Field: f, Action: deid.Drop})
		default:
			p.Fields = append(p.Fields, deid.Rule{Field: f, Action: deid.Keep})
		}
	}
	return p
}

// input returns the records as CSV or NDJSON, and the input line of each.
func (c *keptCase) input(f deid.Format) (string, []int) {
	var b strings.Builder
	var lines []int
	line := 1
	if f == deid.CSV {
		b.WriteString(strings.Join(c.fields, ",") + "\n")
		line++
	}
	for _, r := range c.rows {
		lines = append(lines, line)
		line++
		if f == deid.CSV {
			b.WriteString(strings.Join(r, ",") + "\n")
			continue
		}
		m := map[string]string{}
		for i, v := range r {
			m[c.fields[i]] = v
		}
		j, _ := json.Marshal(m)
		b.Write(append(j, '\n'))
	}
	return b.String(), lines
}

// An entry point runs a case's input through one of the library's ways
// of releasing records.
type entryPoint struct {
	name string
	// quarantine: it takes a quarantine
	quarantine bool
	run        func(t *testing.T, c *keptCase, allow bool, quar *bytes.Buffer) (out string, rep *deid.Report, lines []int, err error)
}

func keptKeys(t *testing.T) deid.Keys {
	t.Helper()
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	return deid.Keys{Pseudonyms: ks}
}

func transformerEntry(name string, in, out deid.Format, workers, chunk int) entryPoint {
	return entryPoint{name: name, quarantine: true, run: func(t *testing.T, c *keptCase, allow bool, quar *bytes.Buffer) (string, *deid.Report, []int, error) {
		opts := deid.Options{Input: in, Output: out, Workers: workers, ChunkSize: chunk, AllowKeptIdentifiers: allow}
		if quar != nil {
			opts.Quarantine = quar
		}
		tr, err := deid.NewTransformer(c.policy(), keptKeys(t), opts)
		if err != nil {
			t.Fatal(err)
		}
		text, lines := c.input(in)
		var b bytes.Buffer
		rep, err := tr.Run(context.Background(), strings.NewReader(text), &b)
		return b.String(), rep, lines, err
	}}
}

func releaseEntry(name string, k bool) entryPoint {
	return entryPoint{name: name, quarantine: true, run: func(t *testing.T, c *keptCase, allow bool, quar *bytes.Buffer) (string, *deid.Report, []int, error) {
		cfg := release.Config{Policy: c.policy(), Keys: keptKeys(t), Field: deid.Options{Workers: 2, AllowKeptIdentifiers: allow}, TempDir: t.TempDir()}
		if quar != nil {
			cfg.Field.Quarantine = quar
		}
		if k {
			cfg.Privacy = &release.Privacy{QuasiIdentifiers: []string{"steps"}, K: 2, Person: "user_id"}
		}
		text, lines := c.input(deid.CSV)
		var b bytes.Buffer
		rep, err := release.Run(context.Background(), strings.NewReader(text), release.CSV(&b), cfg)
		if rep == nil {
			return b.String(), nil, lines, err
		}
		return b.String(), &rep.Report, lines, err
	}}
}

// applierEntry applies a compiled plan record by record, as a distributed
// job or a message consumer would, writing each record it releases and
// stopping at the first error.
var applierEntry = entryPoint{name: "Applier", run: func(t *testing.T, c *keptCase, allow bool, _ *bytes.Buffer) (string, *deid.Report, []int, error) {
	pl, err := deid.Compile(c.policy(), c.fields, keptKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	var opts []deid.ApplierOption
	if allow {
		opts = append(opts, deid.AllowKeptIdentifiers())
	}
	a := pl.NewApplier(opts...)
	var b strings.Builder
	rep := &deid.Report{}
	lines := make([]int, len(c.rows))
	for i, r := range c.rows {
		lines[i] = i + 1
		in := make([][]byte, len(r))
		for j, v := range r {
			in[j] = []byte(v)
		}
		var out deid.Row
		if _, err := a.Apply(&out, in); err != nil {
			var fe *deid.FieldError
			if errors.As(err, &fe) {
				fe.Line = int64(i + 1) // as a caller locates it
			}
			return b.String(), rep, lines, err
		}
		rep.Read++
		rep.Written++
		for j := range out.Len() {
			b.Write(out.Field(j))
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	rep.Warnings = a.Warnings()
	return b.String(), rep, lines, nil
}}

var entryPoints = []entryPoint{
	transformerEntry("CSV, 1 worker", deid.CSV, deid.CSV, 1, 0),
	transformerEntry("CSV, 2 workers, small chunks", deid.CSV, deid.CSV, 2, 16),
	transformerEntry("CSV to NDJSON (no direct path)", deid.CSV, deid.NDJSON, 2, 0),
	transformerEntry("NDJSON, 1 worker", deid.NDJSON, deid.NDJSON, 1, 0),
	transformerEntry("NDJSON, 3 workers, small chunks", deid.NDJSON, deid.NDJSON, 3, 32),
	transformerEntry("NDJSON to CSV", deid.NDJSON, deid.CSV, 2, 0),
	releaseEntry("release.Run, field-only", false),
	releaseEntry("release.Run, with k", true),
	applierEntry,
}

// Every entry point refuses a kept identifier by default: a kept field
// named as one stops the run before anything of it is written, even with
// a quarantine; a kept value holding one is a record error naming its
// line and field, never the value, and the record is not written (it is
// quarantined when a quarantine is given, and the counts reconcile; without
// one, the output of a failed run is incomplete, as for any record error,
// and must be discarded). With
// the explicit opt-out, the record is written and the report warns.
func TestKeptIdentifiersRefusedEverywhere(t *testing.T) {
	for _, ep := range entryPoints {
		for _, c := range keptCases {
			t.Run(ep.name+"/"+c.name, func(t *testing.T) {
				t.Run("default", func(t *testing.T) {
					out, _, lines, err := ep.run(t, &c, false, nil)
					checkRefusal(t, &c, err, lines)
					if strings.Contains(out, c.secret) {
						t.Errorf("the refused record was written: %q", out)
					}
				})
				if ep.quarantine {
					t.Run("quarantine", func(t *testing.T) {
						var quar bytes.Buffer
						out, rep, lines, err := ep.run(t, &c, false, &quar)
						if strings.Contains(out, c.secret) {
							t.Errorf("the refused record was written: %q", out)
						}
						if c.bad < 0 {
							// The policy's fault: the run stops all the same.
							checkRefusal(t, &c, err, lines)
							return
						}
						if err != nil {
							t.Fatalf("with a quarantine: %v", err)
						}
						if rep.Quarantined != 1 || rep.Written != int64(len(c.rows)-1) || !rep.Reconciles() {
							t.Errorf("report: read %d, written %d, quarantined %d", rep.Read, rep.Written, rep.Quarantined)
						}
						q := quar.String()
						if !strings.Contains(q, fmt.Sprintf(`"line":%d,`, lines[c.bad])) || !strings.Contains(q, c.field) || !strings.Contains(q, c.secret) {
							t.Errorf("quarantine %q: want line %d, field %s and the raw record", q, lines[c.bad], c.field)
						}
						for reason := range rep.QuarantineReasons {
							if strings.Contains(reason, c.secret) || !strings.Contains(reason, c.field) {
								t.Errorf("quarantine reason %q", reason)
							}
						}
						if len(deid.KeptIdentifiers(rep.Warnings)) > 0 {
							t.Errorf("warnings of values that were not released: %v", rep.Warnings)
						}
					})
				}
				t.Run("allowed", func(t *testing.T) {
					var quar *bytes.Buffer
					if ep.quarantine {
						quar = &bytes.Buffer{}
					}
					out, rep, _, err := ep.run(t, &c, true, quar)
					if err != nil {
						t.Fatalf("with the opt-out: %v", err)
					}
					if !strings.Contains(out, c.secret) || rep.Written != int64(len(c.rows)) || rep.Quarantined != 0 {
						t.Errorf("with the opt-out: %d written, %d quarantined: %q", rep.Written, rep.Quarantined, out)
					}
					warned := false
					for _, w := range rep.Warnings {
						warned = warned || w.Field == c.field && w.Kind == c.kind
					}
					if !warned {
						t.Errorf("no %s warning of %s: %v", c.kind, c.field, rep.Warnings)
					}
				})
			})
		}
	}
}

// checkRefusal checks the error of a run refused for c.
func checkRefusal(t *testing.T, c *keptCase, err error, lines []int) {
	t.Helper()
	var fe *deid.FieldError
	if !errors.Is(err, deid.ErrKeptIdentifier) || !errors.As(err, &fe) || fe.Field != c.field {
		t.Fatalf("err = %v, want ErrKeptIdentifier naming %s", err, c.field)
	}
	if errors.Is(err, deid.ErrPolicy) != (c.bad < 0) {
		t.Errorf("errors.Is(err, ErrPolicy) = %v for %s", !(c.bad < 0), c.name)
	}
	if c.bad >= 0 && fe.Line != int64(lines[c.bad]) {
		t.Errorf("err = %v, want line %d", err, lines[c.bad])
	}
	if c.bad >= 0 && strings.Contains(err.Error(), c.secret) {
		t.Errorf("the error shows the value: %v", err)
	}
	if !strings.Contains(err.Error(), "AllowKeptIdentifiers") {
		t.Errorf("the error does not say how to release them: %v", err)
	}
}

// A policy whose default keeps fields that all read as harmless is
// allowed (WarnDefaultKeep alone): the fields are checked by name and
// value like any kept field.
func TestDefaultKeepOfHarmlessFieldsAllowed(t *testing.T) {
	p := &deid.Policy{Default: deid.Keep, Fields: []deid.Rule{{Field: "user_id", Action: deid.Drop}}}
	tr, err := deid.NewTransformer(p, deid.Keys{}, deid.Options{Input: deid.CSV})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep, err := tr.Run(context.Background(), strings.NewReader("user_id,steps,device_model\nu-1,10,Pixel 7\n"), &out)
	if err != nil || out.String() != "steps,device_model\n10,Pixel 7\n" {
		t.Fatalf("%q, %v", out.String(), err)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Kind != deid.WarnDefaultKeep {
		t.Errorf("warnings %v", rep.Warnings)
	}
}
