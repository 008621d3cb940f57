package parquet

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/internal/testenv"
)

const benchRows = 50_000

// BenchmarkWriter converts a 24-column measurement table of 50,000 rows
// (about 8 MB of CSV) to Parquet, with each codec, fed in 1 MiB writes as
// the transformer does. MB/s counts CSV bytes in.
//
//	go test ./deid/parquet -run '^$' -bench . -benchmem -count 5
func BenchmarkWriter(b *testing.B) {
	in := []byte(measurementCSV(benchRows))
	lowCardinality := []string{"user_pseudonym", "birth_year", "sex", "zip3", "state", "height_cm", "device_type", "device_model", "timezone", "note"}
	for _, bc := range []struct {
		name string
		opts Options
	}{
		{"zstd", Options{Compression: Zstd}},
		{"snappy", Options{Compression: Snappy}},
		{"uncompressed", Options{Compression: Uncompressed}},
		{"zstd+dictionary", Options{Compression: Zstd, Dictionary: lowCardinality}},
		{"zstd+dictionary-all", Options{Compression: Zstd, Dictionary: strings.Split(string(in[:bytes.IndexByte(in, '\n')]), ",")}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int
			b.SetBytes(int64(len(in)))
			loop(b, func() {
				var out countingWriter
				w := NewWriter(&out, bc.opts)
				for p := in; len(p) > 0; {
					n := min(len(p), 1<<20)
					if _, err := w.Write(p[:n]); err != nil {
						b.Fatal(err)
					}
					p = p[n:]
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
				size = out.n
			})
			b.ReportMetric(float64(size)/float64(len(in)), "out/in")
		})
	}
}

// BenchmarkBaseline measures, on the same input, what bounds the Writer
// from below (parsing the CSV with csvrec, no Parquet) and what a program
// would do by hand with the standard library's CSV reader and
// parquet-go's row API.
func BenchmarkBaseline(b *testing.B) {
	in := measurementCSV(benchRows)
	b.Run("csvrec-parse", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		loop(b, func() {
			c, err := csvrec.NewChunker(strings.NewReader(in), csvrec.Options{})
			if err != nil {
				b.Fatal(err)
			}
			p, err := c.NewParser()
			if err != nil {
				b.Fatal(err)
			}
			var buf []byte
			for {
				ch, err := c.Next(buf)
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				p.Reset(ch)
				for p.Next() {
					if p.Err() != nil {
						b.Fatal(p.Err())
					}
				}
				buf = ch.Data
			}
		})
	})
	b.Run("encoding-csv+parquet-go-rows", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		loop(b, func() {
			r := csv.NewReader(strings.NewReader(in))
			r.ReuseRecord = true
			header, err := r.Read()
			if err != nil {
				b.Fatal(err)
			}
			types := make([]Type, len(header))
			w := pq.NewGenericWriter[any](io.Discard, newSchema(header, types, make([]bool, len(header))), pq.Compression(&pq.Zstd))
			row := make(pq.Row, len(header))
			for {
				rec, err := r.Read()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				for i, f := range rec {
					if f == "" {
						row[i] = pq.NullValue().Level(0, 0, i)
					} else {
						row[i] = pq.ByteArrayValue([]byte(f)).Level(0, 1, i)
					}
				}
				if _, err := w.WriteRows([]pq.Row{row}); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// loop runs f b.N times and reports rows/s of wall time and the CPU time
// per op, which varies less than the wall time when other processes
// compete for the cores.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	cpu := testenv.CPUTime()
	for b.Loop() {
		f()
	}
	cpu = testenv.CPUTime() - cpu
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/1e6/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkTransform runs the deid transformer over the measurement table
// (keep most fields, generalize the birth year, drop the note), writing CSV
// as it does alone and then Parquet through a Writer, so that the ratio of
// the two is the cost of Parquet output in a real export. The Writer runs
// on the transformer's output goroutine.
//
//	go test ./deid/parquet -run '^$' -bench Transform -benchmem -count 5
func BenchmarkTransform(b *testing.B) {
	in := measurementCSV(benchRows)
	policy, err := deid.ParsePolicy([]byte(`{"default": "keep", "reference_date": "2026-01-01", "fields": [
		{"field": "birth_year", "action": "year"}, {"field": "note", "action": "drop"}]}`))
	if err != nil {
		b.Fatal(err)
	}
	tr, err := deid.NewTransformer(policy, deid.Keys{}, deid.Options{Input: deid.CSV, Output: deid.CSV})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		out  func(io.Writer) io.WriteCloser
	}{
		{"csv", func(w io.Writer) io.WriteCloser { return nopCloser{w} }},
		{"parquet-zstd", func(w io.Writer) io.WriteCloser { return NewWriter(w, Options{}) }},
		{"parquet-snappy", func(w io.Writer) io.WriteCloser { return NewWriter(w, Options{Compression: Snappy}) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			loop(b, func() {
				w := bc.out(io.Discard)
				if _, err := tr.Run(context.Background(), strings.NewReader(in), w); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
