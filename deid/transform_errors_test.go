package deid

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
)

// failAfter returns the bytes of in, then err once they run out.
type failAfter struct {
	r   io.Reader
	err error
}

func (f *failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// countingReader counts its Read calls and gives one byte at a time.
type countingReader struct {
	r     io.Reader
	reads atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads.Add(1)
	return c.r.Read(p[:min(len(p), 1)])
}

// After an error, the report counts what the output holds, records and
// values, and reconciles.
func TestReportAfterError(t *testing.T) {
	csvIn := "a,b\n" + strings.Repeat("1,2\n", 50) + "1,2,3\n" + strings.Repeat("1,2\n", 50)
	ndIn := strings.Repeat(`{"a":1,"b":2}`+"\n", 50) + `{"a":1,"b":2` + "\n" + strings.Repeat(`{"a":1,"b":2}`+"\n", 50)
	for _, c := range []struct {
		format Format
		in     string
	}{{CSV, csvIn}, {NDJSON, ndIn}} {
		var out bytes.Buffer
		tr, err := NewTransformer(keepAll(), Keys{}, Options{Input: c.format, Output: CSV, ChunkSize: 64, Workers: 3})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := tr.Run(context.Background(), strings.NewReader(c.in), &out)
		if !errors.Is(err, ErrMalformedRecord) {
			t.Fatalf("%v: err = %v", c.format, err)
		}
		written := int64(strings.Count(out.String(), "\n") - 1) // less the header
		if rep.Written != written || !rep.Reconciles() || rep.Written > 50 {
			t.Fatalf("%v: report %+v, output holds %d records", c.format, rep, written)
		}
		if len(rep.Fields) != 2 {
			t.Fatalf("%v: fields %+v", c.format, rep.Fields)
		}
		for _, f := range rep.Fields {
			if f.Values != written {
				t.Fatalf("%v: field %s counts %d values, the output holds %d", c.format, f.Field, f.Values, written)
			}
		}
	}
}

// A record error is reported before a read error that follows it in the
// input, every time.
func TestEarliestErrorWins(t *testing.T) {
	boom := errors.New("connection reset")
	in := "a,b\n1,2\n1,2,3\n" + strings.Repeat("1,2\n", 40)
	tr, err := NewTransformer(keepAll(), Keys{}, Options{Input: CSV, ChunkSize: 32, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for range 200 {
		_, err := tr.Run(context.Background(), &failAfter{strings.NewReader(in), boom}, io.Discard)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Line != 3 || errors.Is(err, boom) {
			t.Fatalf("err = %v, want the record error of line 3", err)
		}
	}
	// Without a record error, the read error is returned as such.
	_, err = tr.Run(context.Background(), &failAfter{strings.NewReader("a,b\n1,2\n"), boom}, io.Discard)
	if !errors.Is(err, boom) || errors.Is(err, ErrMalformedRecord) {
		t.Fatalf("read error: %v", err)
	}
}

// A header that cannot be read is a read error, not a malformed record;
// one that is malformed is.
func TestHeaderReadError(t *testing.T) {
	boom := errors.New("connection reset")
	tr, err := NewTransformer(keepAll(), Keys{}, Options{Input: CSV})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"", "a,b"} {
		_, err := tr.Run(context.Background(), &failAfter{strings.NewReader(in), boom}, io.Discard)
		if !errors.Is(err, boom) || errors.Is(err, ErrMalformedRecord) {
			t.Fatalf("header %q then a read error: %v", in, err)
		}
	}
	if _, _, err := run(t, keepAll(), Keys{}, Options{Input: CSV}, "a,a\n1,2\n"); !errors.Is(err, ErrMalformedRecord) {
		t.Fatal("a duplicate column name is not reported as malformed")
	}
}

// Cancelling stops reading at the next Read, not at the end of a chunk,
// and a run whose context is already done reads nothing.
func TestCancelStopsReading(t *testing.T) {
	in := bigCSV(2000)
	for _, format := range []Format{CSV, NDJSON} {
		data := in
		if format == NDJSON {
			data = csvToNDJSON(t, in)
		}
		tr, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: format, Output: CSV, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r := &countingReader{r: strings.NewReader(data)}
		if _, err := tr.Run(ctx, r, io.Discard); !errors.Is(err, context.Canceled) {
			t.Fatalf("%v: err = %v", format, err)
		}
		if n := r.reads.Load(); n != 0 {
			t.Fatalf("%v: %d reads after cancellation", format, n)
		}

		ctx, cancel = context.WithCancel(context.Background())
		r = &countingReader{r: strings.NewReader(data)}
		var at int64
		tr2, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: format, Output: CSV, Workers: 2,
			Progress: func(int64) {
				if at == 0 {
					at = r.reads.Load()
					cancel()
				}
			}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr2.Run(ctx, r, io.Discard); !errors.Is(err, context.Canceled) {
			t.Fatalf("%v: err = %v", format, err)
		}
		// Progress runs under the feed's lock, right after a chunk is
		// cut: at most one more Read (a worker's, racing the
		// cancellation) may start.
		if n := r.reads.Load() - at; n > 1 {
			t.Fatalf("%v: %d reads after cancellation", format, n)
		}
	}
}

// Buffers grown for a long record are not kept once it is written.
func TestLongRecordBuffersDropped(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	in := "a,b\n" + strings.Repeat("1,2\n", 100) + "1," + long + "\n" + strings.Repeat("1,2\n", 100)
	tr, err := NewTransformer(keepAll(), Keys{}, Options{Input: CSV, ChunkSize: 1 << 10, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := tr.Run(context.Background(), strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), long) {
		t.Fatal("the long record is missing")
	}
	tr.runs.Get().mu.Lock()
	defer tr.runs.Get().mu.Unlock()
	for i, s := range tr.runs.Get().spare {
		if c := max(cap(s.in), cap(s.out), cap(s.quar)); c > 4<<10 {
			t.Errorf("spare slot %d keeps a buffer of %d bytes", i, c)
		}
	}
}

func csvToNDJSON(t *testing.T, in string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(in), "\n")
	names := strings.Split(lines[0], ",")
	var b strings.Builder
	for _, l := range lines[1:] {
		vals := strings.Split(l, ",")
		b.WriteString("{")
		for i, n := range names {
			if i > 0 {
				b.WriteString(",")
			}
			v := ""
			if i < len(vals) {
				v = vals[i]
			}
			fmt.Fprintf(&b, "%q:%q", n, v)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// A run that fails before its first record reports no field counts.
func TestNoFieldsWhenStartFails(t *testing.T) {
	tr, err := NewTransformer(&Policy{Default: Drop}, Keys{}, Options{Input: CSV})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := tr.Run(context.Background(), strings.NewReader("a,b\n1,2\n"), io.Discard)
	if err == nil || rep == nil || rep.Fields != nil {
		t.Fatalf("err %v, report %+v", err, rep)
	}
}
