package deid

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// collector is a RecordSink that keeps what it receives.
type collector struct {
	header  []string
	records [][]string
	fail    error
}

func (c *collector) Header(names []string) error {
	if c.header != nil {
		return errors.New("header twice")
	}
	c.header = names
	return nil
}

func (c *collector) Record(fields [][]byte) error {
	if c.header == nil {
		return errors.New("record before the header")
	}
	if len(fields) != len(c.header) {
		return fmt.Errorf("%d fields, header has %d", len(fields), len(c.header))
	}
	r := make([]string, len(fields))
	for i, f := range fields {
		r[i] = string(f)
	}
	c.records = append(c.records, r)
	return c.fail
}

// A keeper is a sink that keeps the records it receives.
type keeper interface {
	RecordSink
	kept() [][]string
}

func (c *collector) kept() [][]string { return c.records }

// sinkRun runs the transformer with a record sink and, separately, with CSV
// output, and returns both, the CSV parsed.
func sinkRun(t *testing.T, p *Policy, keys Keys, opts Options, in string) (got *collector, want [][]string, rep *Report) {
	t.Helper()
	var quar bytes.Buffer
	if opts.Quarantine != nil {
		opts.Quarantine = &quar
	}
	csvOpts := opts
	csvOpts.Output = CSV
	out, csvRep, err := run(t, p, keys, csvOpts, in)
	if err != nil {
		t.Fatal(err)
	}
	if want, err = csv.NewReader(strings.NewReader(out)).ReadAll(); err != nil {
		t.Fatal(err)
	}
	got = &collector{}
	opts.Records = got
	tr, err := NewTransformer(p, keys, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = tr.Run(context.Background(), strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != csvRep.Read || rep.Written != csvRep.Written || rep.Quarantined != csvRep.Quarantined ||
		rep.Suppressed != csvRep.Suppressed || !rep.Reconciles() {
		t.Fatalf("sink report %+v, CSV report %+v", rep, csvRep)
	}
	return got, want, rep
}

// A record sink receives exactly the records, and the header, that CSV
// output holds: the same values, without the CSV text.
func TestRecordSinkAgreesWithCSV(t *testing.T) {
	keys := testKeys(t)
	p := &Policy{Name: "sink", ReferenceDate: "2026-01-01", Suppress: []Condition{{Field: "consent", In: []string{"false"}}}}
	p.Fields = []Rule{{Field: "note", Action: Keep}, {Field: "dob", Action: Year}, {Field: "zip", Action: ZIP3},
		{Field: "id", Action: Pseudonymize, Domain: "d"}}
	in := "id,dob,zip,consent,note\n" +
		"u1,1980-01-01,94110,true,\"a, \"\"quoted\"\"\nnote\"\n" +
		"u2,1980-02-30,94110,true,x\n" + // bad date: quarantined
		"u6,1980-01-01,94110,false,y\n" + // suppressed
		"u7,1920-01-01,03601,true,\n"
	for _, workers := range []int{1, 3} {
		got, want, _ := sinkRun(t, p, keys, Options{AllowKeptIdentifiers: true, Input: CSV, Workers: workers, ChunkSize: 40, Quarantine: &bytes.Buffer{}}, in)
		if !reflect.DeepEqual(got.header, want[0]) || !reflect.DeepEqual(got.records, want[1:]) {
			t.Fatalf("workers %d: sink got %q %q, CSV has %q", workers, got.header, got.records, want)
		}
	}

	nd := `{"id":"u1","dob":"1980-01-01","zip":"94110","consent":"true","note":"n\"1"}` + "\n" +
		`{"id":"u2","dob":"1981-01-01","zip":"94110","consent":"true"}` + "\n" + // another shape: quarantined
		`{"id":"u3","dob":"1982-03-04","zip":"10001","consent":"true","note":null}` + "\n"
	got, want, rep := sinkRun(t, p, keys, Options{AllowKeptIdentifiers: true, Input: NDJSON, Quarantine: &bytes.Buffer{}}, nd)
	if !reflect.DeepEqual(got.header, want[0]) || !reflect.DeepEqual(got.records, want[1:]) || rep.Quarantined != 1 {
		t.Fatalf("NDJSON: sink got %q %q, CSV has %q (report %+v)", got.header, got.records, want, rep)
	}
}

func TestRecordSinkOrderProperty(t *testing.T) {
	props := properties()
	props.Property("a sink (a chunk sink: its commits) receives the records in input order", prop.ForAll(func(vals []string, chunk, workers int) string {
		var b strings.Builder
		b.WriteString("v,i\n")
		want := [][]string{}
		for i, v := range vals {
			v = strings.ToValidUTF8(strings.ReplaceAll(v, "\r", ""), "?")
			b.Write(csvFieldOf([]byte(v)))
			fmt.Fprintf(&b, ",%d\n", i)
			want = append(want, []string{v, fmt.Sprint(i)})
		}
		for _, c := range []keeper{&collector{}, &chunkCollector{}} {
			tr, err := NewTransformer(keepAll(), Keys{}, Options{Input: CSV, Workers: workers, ChunkSize: chunk, Records: c})
			if err != nil {
				return err.Error()
			}
			if _, err := tr.Run(context.Background(), strings.NewReader(b.String()), nil); err != nil {
				return err.Error()
			}
			if got := c.kept(); (len(want) > 0 || got != nil) && !reflect.DeepEqual(got, want) {
				return fmt.Sprintf("%T got %q, want %q", c, got, want)
			}
		}
		return ""
	}, gen.SliceOf(gen.AnyString()), gen.IntRange(1, 200), gen.IntRange(1, 5)))
	props.TestingRun(t)
}

func TestRecordSinkErrors(t *testing.T) {
	if _, err := NewTransformer(keepAll(), Keys{}, Options{Input: CSV, Output: NDJSON, Records: &collector{}}); err == nil {
		t.Fatal("a sink with NDJSON output accepted")
	}
	tr, err := NewTransformer(keepAll(), Keys{}, Options{Input: CSV, Records: &collector{}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader("a\n1\n"), &bytes.Buffer{}); err == nil {
		t.Fatal("a sink with a writer accepted")
	}
	stop := errors.New("sink full")
	tr, err = NewTransformer(keepAll(), Keys{}, Options{Input: CSV, Records: &collector{fail: stop}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader("a\n1\n2\n"), nil); !errors.Is(err, stop) {
		t.Fatalf("sink error: %v", err)
	}
}
