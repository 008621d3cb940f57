package deid

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
)

// Into a file, the workers write their chunks at their offsets: the file
// must hold exactly what a Writer receives, after what the file held, with
// its position past the output, whatever the formats, workers and chunk
// sizes.
func TestRunIntoFileEqualsWriter(t *testing.T) {
	var csvIn, ndjsonIn bytes.Buffer
	cfg := deidtest.Config{Rows: 800, Seed: 5, TimeOrdered: true, PeoplePerMillion: 250_000}
	if err := deidtest.WriteCSV(context.Background(), &csvIn, cfg); err != nil {
		t.Fatal(err)
	}
	if err := deidtest.WriteNDJSON(context.Background(), &ndjsonIn, cfg); err != nil {
		t.Fatal(err)
	}
	p := researchPlan(t).Policy()
	keys := testKeys(t)
	for _, tc := range []struct {
		in      []byte
		opts    Options
		comment string
	}{
		{csvIn.Bytes(), Options{Input: CSV, Workers: 1, ChunkSize: 2048}, "csv, 1 worker"},
		{csvIn.Bytes(), Options{Input: CSV, Workers: 3, ChunkSize: 500}, "csv, 3 workers"},
		{csvIn.Bytes(), Options{Input: CSV, Output: NDJSON, Workers: 4, ChunkSize: 400}, "csv to ndjson"},
		{ndjsonIn.Bytes(), Options{Input: NDJSON, Workers: 3, ChunkSize: 1000}, "ndjson"},
	} {
		t.Run(tc.comment, func(t *testing.T) {
			tr, err := NewTransformer(p, keys, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			wantRep, err := tr.Run(context.Background(), bytes.NewReader(tc.in), &want)
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Create(filepath.Join(t.TempDir(), "out"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			const before = "what the file held\n"
			f.WriteString(before)
			rep, err := tr.Run(context.Background(), bytes.NewReader(tc.in), f)
			if err != nil {
				t.Fatal(err)
			}
			const after = "written after the run\n"
			f.WriteString(after)
			got, err := os.ReadFile(f.Name())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, []byte(before+want.String()+after)) {
				t.Fatalf("the file holds %d bytes, want %d", len(got), len(before)+want.Len()+len(after))
			}
			if rep.BytesWritten != wantRep.BytesWritten || rep.Written != wantRep.Written || rep.BytesWritten != int64(want.Len()) {
				t.Fatalf("report %+v, want %+v", rep, wantRep)
			}
		})
	}
}

// A file in append mode cannot take positional writes: the chunks are
// appended in order.
func TestRunIntoAppendModeFile(t *testing.T) {
	in := bigCSV(2000)
	tr, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Workers: 3, ChunkSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(path, []byte("head\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader(in), f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got, _ := os.ReadFile(path)
	if string(got) != "head\n"+in {
		t.Fatalf("the file holds %d bytes, want %d", len(got), len("head\n"+in))
	}
}

// A record error stops a run into a file as into a Writer, with the same
// error and the report of the records before it; a file that cannot be
// written is a write error.
func TestRunIntoFileErrors(t *testing.T) {
	keys := testKeys(t)
	p := &Policy{Name: "e", ReferenceDate: "2026-01-01", Fields: []Rule{{Field: "id", Action: Pseudonymize, Domain: "d"}, {Field: "dob", Action: Year}}}
	var b strings.Builder
	b.WriteString("id,dob\n")
	for i := range 5000 {
		dob := "1980-01-01"
		if i == 3210 {
			dob = "1980-13-01"
		}
		fmt.Fprintf(&b, "u%d,%s\n", i, dob)
	}
	tr, err := NewTransformer(p, keys, Options{AllowKeptIdentifiers: true, Input: CSV, Workers: 3, ChunkSize: 512})
	if err != nil {
		t.Fatal(err)
	}
	wantRep, wantErr := tr.Run(context.Background(), strings.NewReader(b.String()), io.Discard)
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := tr.Run(context.Background(), strings.NewReader(b.String()), f)
	var fe, wantFE *FieldError
	if !errors.As(err, &fe) || !errors.As(wantErr, &wantFE) || fe.Line != wantFE.Line || fe.Line != 3212 {
		t.Fatalf("error %v, want %v", err, wantErr)
	}
	if rep.Written != wantRep.Written || rep.BytesWritten != wantRep.BytesWritten {
		t.Fatalf("report %+v, want %+v", rep, wantRep)
	}
	f.Close()

	ro, err := os.Open(f.Name()) // read-only: every write fails
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	tr, err = NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Workers: 2, ChunkSize: 512})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader(bigCSV(500)), ro); err == nil || !strings.Contains(err.Error(), "write output") {
		t.Fatalf("error %v, want a write error", err)
	}
}

// Cancelling a run into a file stops it like a run into a Writer: Run
// returns the context's error and leaves no goroutine behind.
func TestRunIntoFileCancellation(t *testing.T) {
	in := bigCSV(5000)
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	tr, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, ChunkSize: 1024, Workers: 3,
		Progress: func(int64) {
			if calls++; calls == 20 {
				cancel()
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := tr.Run(ctx, strings.NewReader(in), f); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	waitGoroutines(t, before)
}
