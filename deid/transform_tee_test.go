package deid

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/deid/deidtest"
)

// teeTestInput makes an input of the given format from seed: synthetic
// measurements, and some of what a chunker must read without handing it
// out as records: a byte order mark, blank lines, CRLF line ends, a
// malformed record, no final line end.
func teeTestInput(t *testing.T, format Format, seed uint64) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	var b bytes.Buffer
	cfg := deidtest.Config{Rows: r.IntN(60), Seed: seed, TimeOrdered: r.IntN(2) == 0, PeoplePerMillion: 250_000}
	write := deidtest.WriteCSV
	if format == NDJSON {
		write = deidtest.WriteNDJSON
	}
	if err := write(context.Background(), &b, cfg); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(b.String(), "\n")
	var in strings.Builder
	if r.IntN(3) == 0 {
		in.WriteString("\xef\xbb\xbf")
	}
	for i, l := range lines {
		if i > 0 && r.IntN(8) == 0 {
			in.WriteString("\n")
		}
		if i > 0 && r.IntN(16) == 0 {
			in.WriteString("\"broken\n") // quarantined (CSV), or not JSON
		}
		if r.IntN(6) == 0 {
			l = strings.Replace(l, "\n", "\r\n", 1)
		}
		in.WriteString(l)
	}
	s := in.String()
	if r.IntN(3) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return []byte(s)
}

// The tees get exactly the bytes of the input and of the output, in order,
// whatever the chunk sizes and workers, into a file (chunks written at
// their offsets) or a Writer.
func TestTeesCopyInputAndOutput(t *testing.T) {
	p := researchPlan(t).Policy()
	keys := testKeys(t)
	dir := t.TempDir()
	props := properties()
	props.Property("tees hold the input and the output", prop.ForAll(func(seed uint64, ndjson bool, chunkSize, workers int, file bool) string {
		format := CSV
		if ndjson {
			format = NDJSON
		}
		in := teeTestInput(t, format, seed)
		var inTee, outTee bytes.Buffer
		tr, err := NewTransformer(p, keys, Options{Input: format, Workers: workers, ChunkSize: chunkSize,
			Quarantine: &bytes.Buffer{}, InputTee: &inTee, OutputTee: &outTee})
		if err != nil {
			return err.Error()
		}
		var out []byte
		if file {
			f, err := os.CreateTemp(dir, "out")
			if err != nil {
				return err.Error()
			}
			defer f.Close()
			f.WriteString("held before\n")
			if _, err := tr.Run(context.Background(), bytes.NewReader(in), f); err != nil {
				return err.Error()
			}
			all, err := os.ReadFile(f.Name())
			if err != nil {
				return err.Error()
			}
			out = all[len("held before\n"):]
		} else {
			var b bytes.Buffer
			if _, err := tr.Run(context.Background(), bytes.NewReader(in), &b); err != nil {
				return err.Error()
			}
			out = b.Bytes()
		}
		switch {
		case !bytes.Equal(inTee.Bytes(), in):
			return "the input tee does not hold the input"
		case !bytes.Equal(outTee.Bytes(), out):
			return "the output tee does not hold the output"
		}
		return ""
	}, gen.UInt64(), gen.Bool(), gen.IntRange(64, 4096), gen.IntRange(1, 4), gen.Bool()))
	props.TestingRun(t)
}

// A tee that fails stops the run with its error; a record sink, which
// leaves no output, takes no output tee.
func TestTeeErrors(t *testing.T) {
	boom := errors.New("boom")
	for _, opts := range []Options{
		{Input: CSV, Workers: 2, ChunkSize: 256, InputTee: teeError{boom}},
		{Input: CSV, Workers: 2, ChunkSize: 256, OutputTee: teeError{boom}},
	} {
		opts.AllowKeptIdentifiers = true
		tr, err := NewTransformer(keepAll(), Keys{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "out")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Run(context.Background(), strings.NewReader(bigCSV(300)), f); !errors.Is(err, boom) || !strings.Contains(err.Error(), "tee") {
			t.Errorf("error %v, want the tee's", err)
		}
		f.Close()
	}
	_, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Records: &collector{}, OutputTee: &bytes.Buffer{}})
	if err == nil {
		t.Error("a record sink with an output tee was accepted")
	}
}

// A Transformer with tees refuses a second run while one is in progress:
// the copies of the two would mix.
func TestTeesOneRunAtATime(t *testing.T) {
	var tee bytes.Buffer
	tr, err := NewTransformer(keepAll(), Keys{}, Options{Input: CSV, Workers: 1, InputTee: &tee})
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := tr.Run(context.Background(), pr, io.Discard)
		done <- err
	}()
	pw.Write([]byte("a,b\n1,2\n")) // the first run is reading
	if _, err := tr.Run(context.Background(), strings.NewReader("a\n1\n"), io.Discard); err == nil {
		t.Error("a second run with tees started while the first was in progress")
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader("a\n1\n"), io.Discard); err != nil {
		t.Errorf("a run after the first ended: %v", err)
	}
}

// Cancelling a run with tees stops it like any run: Run returns the
// context's error and leaves no goroutine behind (the input tee's
// included).
func TestTeesCancellation(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	var in, out bytes.Buffer
	tr, err := NewTransformer(keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, ChunkSize: 1024, Workers: 3, InputTee: &in, OutputTee: &out,
		Progress: func(int64) {
			if calls++; calls == 20 {
				cancel()
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(ctx, strings.NewReader(bigCSV(5000)), io.Discard); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	waitGoroutines(t, before)
}

type teeError struct{ err error }

func (w teeError) Write([]byte) (int, error) { return 0, w.err }
