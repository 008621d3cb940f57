package csvrec

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/internal/testenv"
)

// benchData returns the synthetic measurement export of package
// deidtest, as CSV: the input the transformer reads, with quoted notes
// holding commas, quotes, newlines and non-ASCII text. Only benchmarks
// need it: it is made on first use.
var benchData = testenv.LazyBytes(func(w io.Writer) error {
	return deidtest.WriteCSV(context.Background(), w, deidtest.Config{Rows: 20000, Seed: 1})
})

func BenchmarkChunker(b *testing.B) {
	b.SetBytes(int64(len(benchData())))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		c, _ := NewChunker(bytes.NewReader(benchData()), Options{ChunkSize: 256 << 10})
		for {
			ch, err := c.Next(buf)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			buf = ch.Data
		}
	}
}

func BenchmarkParser(b *testing.B) {
	var chunks []Chunk
	c, _ := NewChunker(bytes.NewReader(benchData()), Options{ChunkSize: 256 << 10})
	p, _ := c.NewParser()
	for {
		ch, err := c.Next(nil)
		if err == io.EOF {
			break
		}
		chunks = append(chunks, ch)
	}
	b.SetBytes(int64(len(benchData())))
	b.ReportAllocs()
	for b.Loop() {
		for _, ch := range chunks {
			p.Reset(ch)
			for p.Next() {
				if p.Err() != nil {
					b.Fatal(p.Err())
				}
			}
		}
	}
}

func BenchmarkChunkerAndParser(b *testing.B) {
	b.SetBytes(int64(len(benchData())))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		c, _ := NewChunker(bytes.NewReader(benchData()), Options{ChunkSize: 256 << 10})
		p, _ := c.NewParser()
		for {
			ch, err := c.Next(buf)
			if err == io.EOF {
				break
			}
			p.Reset(ch)
			for p.Next() {
				if p.Err() != nil {
					b.Fatal(p.Err())
				}
			}
			buf = ch.Data
		}
	}
}

// BenchmarkEncodingCSV is the baseline: encoding/csv reading the same
// bytes, with ReuseRecord to give it its best chance.
func BenchmarkEncodingCSV(b *testing.B) {
	b.SetBytes(int64(len(benchData())))
	b.ReportAllocs()
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(benchData()))
		r.ReuseRecord = true
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkAppendRecord(b *testing.B) {
	p, _ := NewParser(',', 24)
	p.Reset(Chunk{Data: benchData(), Line: 1})
	var recs [][][]byte
	for p.Next() {
		recs = append(recs, append([][]byte(nil), p.Fields()...))
	}
	b.SetBytes(int64(len(benchData())))
	b.ReportAllocs()
	dst := make([]byte, 0, 64<<10)
	for b.Loop() {
		for _, r := range recs {
			dst = AppendRecord(dst, r, ',')
			if len(dst) > 60<<10 {
				dst = dst[:0]
			}
		}
	}
}

// BenchmarkEncodingCSVWriter is the writer baseline on the same records.
func BenchmarkEncodingCSVWriter(b *testing.B) {
	r := csv.NewReader(bytes.NewReader(benchData()))
	recs, err := r.ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchData())))
	b.ReportAllocs()
	for b.Loop() {
		w := csv.NewWriter(io.Discard)
		for _, r := range recs {
			_ = w.Write(r)
		}
		w.Flush()
	}
}
