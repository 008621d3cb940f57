package deid

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func keepAll() *Policy { return &Policy{Name: "keep", Default: Keep} }

func run(t testing.TB, p *Policy, keys Keys, opts Options, in string) (string, *Report, error) {
	t.Helper()
	tr, err := NewTransformer(p, keys, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep, err := tr.Run(context.Background(), strings.NewReader(in), &out)
	return out.String(), rep, err
}

// csvOf encodes records with encoding/csv: the reference writer.
func csvOf(records [][]string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.WriteAll(records)
	return b.String()
}

func TestCSVRoundTrip(t *testing.T) {
	big := strings.Repeat("x", 1<<20+17)
	tests := []struct {
		name string
		in   string
		want [][]string
	}{
		{"simple", "a,b\n1,2\n3,4\n", [][]string{{"a", "b"}, {"1", "2"}, {"3", "4"}}},
		{"quotes", "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", [][]string{{"a", "b"}, {"x,y", `say "hi"`}}},
		{"embedded newline", "a,b\n\"line1\nline2\",2\n", [][]string{{"a", "b"}, {"line1\nline2", "2"}}},
		{"CRLF", "a,b\r\n1,2\r\n", [][]string{{"a", "b"}, {"1", "2"}}},
		{"BOM", "\xef\xbb\xbfa,b\n1,2\n", [][]string{{"a", "b"}, {"1", "2"}}},
		{"empty fields", "a,b,c\n,,\n", [][]string{{"a", "b", "c"}, {"", "", ""}}},
		{"unicode", "nom,note\nZoë,日本語 ✓\n", [][]string{{"nom", "note"}, {"Zoë", "日本語 ✓"}}},
		{"no final newline", "a,b\n1,2", [][]string{{"a", "b"}, {"1", "2"}}},
		{"field over 1 MB", "a,b\n" + big + ",2\n", [][]string{{"a", "b"}, {big, "2"}}},
		{"leading space quoted on output", "a\n\" x\"\n", [][]string{{"a"}, {" x"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				out, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Workers: workers, ChunkSize: 64}, tc.in)
				if err != nil {
					t.Fatal(err)
				}
				if want := csvOf(tc.want); out != want {
					t.Fatalf("workers %d: got %q, want %q", workers, trunc(out), trunc(want))
				}
				if rep.Read != int64(len(tc.want)-1) || rep.Written != rep.Read || !rep.Reconciles() {
					t.Fatalf("report %+v", rep)
				}
				if rep.BytesRead != int64(len(tc.in)) {
					t.Fatalf("BytesRead %d, want %d", rep.BytesRead, len(tc.in))
				}
			}
		})
	}
}

func trunc(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// For random records, random chunk sizes and worker counts, the output
// is the input, in order.
func TestOutputOrderProperty(t *testing.T) {
	field := testenv.OneOf(gen.AlphaString(), gen.AnyString(), gen.OneConstOf("", "a,b", "\"q\"", "x\ny", "x\r\ny", " lead"))
	recordsGen := gen.IntRange(1, 5).FlatMap(func(n any) gopter.Gen {
		return gen.SliceOf(gen.SliceOfN(n.(int), field))
	}, nil)
	props := properties()
	props.Property("output order is input order", prop.ForAll(func(recs [][]string, chunk, workers int) string {
		if len(recs) == 0 {
			return ""
		}
		nf := len(recs[0])
		header := make([]string, nf)
		for i := range header {
			header[i] = fmt.Sprintf("c%d", i)
		}
		var clean [][]string
		for _, r := range recs {
			// encoding/csv cannot round-trip a lone empty field (it writes a
			// blank line, which readers skip), nor \r\n inside a field (it
			// reads back as \n); keep to what it round-trips.
			if nf == 1 && r[0] == "" {
				continue
			}
			rr := make([]string, nf)
			for i, v := range r {
				rr[i] = strings.ReplaceAll(strings.ToValidUTF8(v, "?"), "\r", "")
			}
			clean = append(clean, rr)
		}
		all := append([][]string{header}, clean...)
		in := csvOf(all)
		out, rep, err := run(t, keepAll(), Keys{}, Options{Input: CSV, Workers: workers, ChunkSize: chunk}, in)
		if err != nil {
			return err.Error()
		}
		if out != in {
			return fmt.Sprintf("output differs:\n%q\n%q", trunc(out), trunc(in))
		}
		if rep.Written != int64(len(clean)) || !rep.Reconciles() {
			return fmt.Sprintf("report %+v", rep)
		}
		return ""
	}, recordsGen, gen.IntRange(1, 300), gen.IntRange(1, 6)))
	props.TestingRun(t)
}

func TestQuarantineAndReconciliation(t *testing.T) {
	keys := testKeys(t)
	p := &Policy{
		Name: "q", ReferenceDate: "2026-01-01",
		Fields: []Rule{
			{Field: "id", Action: Pseudonymize, Domain: "d"},
			{Field: "dob", Action: Year},
			{Field: "zip", Action: ZIP3},
		},
		Suppress: []Condition{{Name: "no consent", Field: "consent", NotIn: []string{"true"}}},
	}
	in := "id,dob,zip,consent\n" +
		"u1,1980-01-01,94110,true\n" + // 2
		"u2,1980-02-30,94110,true\n" + // 3 bad date
		"u3,1980-01-01,9411,true\n" + // 4 bad zip
		"u4,1980-01-01,94110\n" + // 5 field count
		"u5,\"1980-01-01\"x,94110,true\n" + // 6 bad quote
		"u6,1980-01-01,94110,false\n" + // 7 suppressed
		"u7,1980-01-01,94110,true\n" // 8
	var quar bytes.Buffer
	out, rep, err := run(t, p, keys, Options{Input: CSV, Quarantine: &quar, Workers: 2, ChunkSize: 32}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 7 || rep.Written != 2 || rep.Quarantined != 4 || rep.Suppressed != 1 || !rep.Reconciles() {
		t.Fatalf("report %+v", rep)
	}
	if rep.SuppressedBy["no consent"] != 1 {
		t.Fatalf("SuppressedBy %v", rep.SuppressedBy)
	}
	if got := strings.Count(out, "\n"); got != 3 {
		t.Fatalf("output has %d lines:\n%s", got, out)
	}
	var lines []int64
	for _, l := range strings.Split(strings.TrimSpace(quar.String()), "\n") {
		var q struct {
			Line   int64  `json:"line"`
			Reason string `json:"reason"`
			Record string `json:"record"`
		}
		if err := json.Unmarshal([]byte(l), &q); err != nil {
			t.Fatalf("quarantine line %q: %v", l, err)
		}
		if !strings.HasPrefix(q.Record, "u") || q.Reason == "" {
			t.Fatalf("quarantine entry %+v", q)
		}
		lines = append(lines, q.Line)
	}
	if fmt.Sprint(lines) != "[3 4 5 6]" {
		t.Fatalf("quarantined lines %v", lines)
	}
	for reason := range rep.QuarantineReasons {
		for _, v := range []string{"1980-02-30", "9411", "u2", "u3"} {
			if strings.Contains(reason, v) {
				t.Fatalf("reason %q reveals a value", reason)
			}
		}
	}
	if len(rep.QuarantineReasonList()) != 4 {
		t.Fatalf("reasons %v", rep.QuarantineReasons)
	}

	// Without a quarantine, the first bad record stops the run and the
	// error names its line and field.
	_, _, err = run(t, p, keys, Options{Input: CSV, Workers: 2, ChunkSize: 32}, in)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Line != 3 || fe.Field != "dob" || !errors.Is(err, ErrMalformedDate) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "1980-02-30") {
		t.Fatalf("error reveals the value: %v", err)
	}
	_, _, err = run(t, p, keys, Options{Input: CSV}, "id,dob,zip,consent\nu1,1980-01-01,94110\n")
	if !errors.As(err, &fe) || fe.Line != 2 || !errors.Is(err, ErrMalformedRecord) {
		t.Fatalf("field count: err = %v", err)
	}
}

func TestExclusion(t *testing.T) {
	in := "user_id,v\nu1,a\nu2,b\nu1,c\nu3,d\n"
	out, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: NewIDSet([]string{"u1"}), ExcludeField: "user_id"}, in)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "u1") || rep.Excluded != 2 || rep.Written != 2 || !rep.Reconciles() {
		t.Fatalf("out %q report %+v", out, rep)
	}
	if _, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: NewIDSet(nil)}); err == nil {
		t.Fatal("Exclude without ExcludeField accepted")
	}
	_, _, err = run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: NewIDSet(nil), ExcludeField: "uid"}, in)
	if !errors.Is(err, ErrPolicy) {
		t.Fatalf("missing exclusion field: %v", err)
	}
}

// bigCSV makes n rows of the 24-column measurement layout.
func bigCSV(n int) string {
	var b strings.Builder
	b.WriteString(strings.Join(measurementFields, ",") + "\n")
	for i := range n {
		row := measurementRow(i % 97)
		for j, f := range row {
			if j > 0 {
				b.WriteByte(',')
			}
			b.Write(csvFieldOf(f))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func csvFieldOf(f []byte) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{string(f)})
	w.Flush()
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// No value of a dropped field appears anywhere in the output.
func TestDroppedValuesNeverInOutput(t *testing.T) {
	pl := researchPlan(t)
	in := bigCSV(500)
	out, rep, err := run(t, pl.Policy(), testKeys(t), Options{Input: CSV, ChunkSize: 4096}, in)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written != 500 {
		t.Fatalf("report %+v", rep)
	}
	r := csv.NewReader(strings.NewReader(in))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for i, v := range rec {
			if pl.ActionOf(i) == Drop || pl.ActionOf(i) == Pseudonymize {
				if strings.Contains(out, v) {
					t.Fatalf("value of %s found in the output", measurementFields[i])
				}
			}
		}
	}
	// The report says what happened to every field.
	if len(rep.Fields) != 24 || rep.Fields[0].Action != Pseudonymize || rep.Fields[0].Values != 500 || rep.Fields[1].Action != Drop {
		t.Fatalf("fields %+v", rep.Fields[:2])
	}
}

// Cancelling stops the run promptly and leaves no goroutine behind.
func TestCancellation(t *testing.T) {
	in := bigCSV(20000)
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	tr, err := NewTransformer(researchPlan(t).Policy(), testKeys(t), Options{Input: CSV, ChunkSize: 1024, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	progressed := make(chan struct{}, 1)
	tr.opts.Get().Progress = func(int64) {
		select {
		case progressed <- struct{}{}:
		default:
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := tr.Run(ctx, strings.NewReader(in), slowWriter{io.Discard})
		done <- err
	}()
	<-progressed
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancellation")
	}
	waitGoroutines(t, before)
}

type slowWriter struct{ w io.Writer }

func (s slowWriter) Write(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	return s.w.Write(p)
}

func waitGoroutines(t *testing.T, want int) {
	t.Helper()
	for range 200 {
		if runtime.NumGoroutine() <= want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d goroutines left, %d before", runtime.NumGoroutine(), want)
}

type failingWriter struct{ after int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errors.New("disk full")
	}
	f.after--
	return len(p), nil
}

// An error in the writer stops reading.
func TestWriterErrorStopsReader(t *testing.T) {
	before := runtime.NumGoroutine()
	in := bigCSV(20000)
	tr, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, ChunkSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	r := strings.NewReader(in)
	_, err = tr.Run(context.Background(), r, &failingWriter{after: 3})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
	if r.Len() < len(in)/2 {
		t.Fatalf("reading went on: %d of %d bytes left", r.Len(), len(in))
	}
	waitGoroutines(t, before)
}

func TestProgressCountsBytes(t *testing.T) {
	in := bigCSV(3000)
	var calls []int64
	tr, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, ChunkSize: 8192, Progress: func(n int64) { calls = append(calls, n) }})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := tr.Run(context.Background(), strings.NewReader(in), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 10 || len(calls) > 3000/10 {
		t.Fatalf("%d progress calls for %d records", len(calls), rep.Read)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i] <= calls[i-1] {
			t.Fatal("progress is not increasing")
		}
	}
	if calls[len(calls)-1] != int64(len(in)) {
		t.Fatalf("last progress %d, input %d bytes", calls[len(calls)-1], len(in))
	}
}

func TestCSVToNDJSON(t *testing.T) {
	out, _, err := run(t, keepAll(), Keys{}, Options{Input: CSV, Output: NDJSON}, "a,b\n\"x\"\"y\",\"1\n2\"\n")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(out), &m); err != nil || m["a"] != `x"y` || m["b"] != "1\n2" {
		t.Fatalf("out %q: %v %v", out, m, err)
	}
}

// A one-column output with an empty value is written as "", not as a blank
// line that CSV readers skip; a policy that releases nothing is refused.
func TestSingleColumnEmptyValue(t *testing.T) {
	p := &Policy{Fields: []Rule{{Field: "a", Action: Keep}}}
	out, rep, err := run(t, p, Keys{}, Options{Input: CSV}, "a,b\nx,1\n,2\ny,3\n")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 4 || recs[2][0] != "" || rep.Written != 3 {
		t.Fatalf("out %q: %v records, %v", out, len(recs), err)
	}
	_, _, err = run(t, &Policy{}, Keys{}, Options{Input: CSV}, "a,b\n1,2\n")
	if !errors.Is(err, ErrPolicy) {
		t.Fatalf("policy releasing nothing: %v", err)
	}
}

// One Transformer runs several inputs at once (run with -race).
func TestConcurrentRuns(t *testing.T) {
	tr, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, ChunkSize: 256, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	ins := make([]string, 4)
	for i := range ins {
		ins[i] = bigCSV(300 + 50*i)
	}
	errs := make(chan error, len(ins))
	for _, in := range ins {
		go func() {
			var out bytes.Buffer
			rep, err := tr.Run(context.Background(), strings.NewReader(in), &out)
			if err == nil && out.String() != in {
				err = fmt.Errorf("output differs from input (%d records)", rep.Written)
			}
			errs <- err
		}()
	}
	for range ins {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestDelimitersValidated(t *testing.T) {
	for _, o := range []Options{{Input: CSV, OutputComma: '\n'}, {Input: CSV, OutputComma: '"'}, {Input: CSV, Comma: '\r'}, {Input: CSV, Comma: 0xe9}} {
		if _, err := NewTransformer(keepAll(), Keys{}, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	out, _, err := run(t, keepAll(), Keys{}, Options{Input: CSV, Comma: ';', OutputComma: '\t'}, "a;b\n1;2\n")
	if err != nil || out != "a\tb\n1\t2\n" {
		t.Fatalf("%q %v", out, err)
	}
}

func TestIDSetNeverPrints(t *testing.T) {
	s := NewIDSet([]string{"alice@example.com"})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		if got := fmt.Sprintf(verb, s); strings.Contains(got, "alice") || got != "IDSet[redacted]" {
			t.Errorf("%s printed %q", verb, got)
		}
	}
}
