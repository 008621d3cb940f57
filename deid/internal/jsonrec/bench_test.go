package jsonrec

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/internal/testenv"
)

// benchData returns the synthetic measurement export of package
// deidtest, as NDJSON: the input the transformer reads, with notes
// holding commas, quotes, newlines and non-ASCII text. Only benchmarks
// need it: it is made on first use.
var benchData = testenv.LazyBytes(func(w io.Writer) error {
	return deidtest.WriteNDJSON(context.Background(), w, deidtest.Config{Rows: 10000, Seed: 1})
})

func benchLines(b *testing.B) [][]byte {
	lines := bytes.Split(bytes.TrimSuffix(benchData(), []byte{'\n'}), []byte{'\n'})
	b.SetBytes(int64(len(benchData())))
	b.ReportAllocs()
	return lines
}

func BenchmarkParse(b *testing.B) {
	lines := benchLines(b)
	var p Parser
	events := make([]Event, 0, 64)
	for b.Loop() {
		for _, l := range lines {
			var err error
			if events, err = p.Parse(l, events[:0]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseAndCopy re-emits every line through a Writer, with paths:
// the work of a transformer that keeps everything.
func BenchmarkParseAndCopy(b *testing.B) {
	lines := benchLines(b)
	var p Parser
	var w Writer
	var path Path
	events := make([]Event, 0, 64)
	out := make([]byte, 0, 4096)
	for b.Loop() {
		for _, l := range lines {
			events, _ = p.Parse(l, events[:0])
			w.Reset(out[:0])
			for _, e := range events {
				path.Visit(&e)
				switch e.Kind {
				case BeginObject, BeginArray:
					w.Begin(e)
				case EndObject, EndArray:
					w.End()
				default:
					w.Copy(e)
				}
			}
			out = w.Bytes()
		}
	}
}

// BenchmarkEncodingJSONMap is the baseline: encoding/json decoding each
// line into a map[string]any.
func BenchmarkEncodingJSONMap(b *testing.B) {
	lines := benchLines(b)
	for b.Loop() {
		for _, l := range lines {
			var m map[string]any
			if err := json.Unmarshal(l, &m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkChunkerAndLines(b *testing.B) {
	b.SetBytes(int64(len(benchData())))
	b.ReportAllocs()
	var buf []byte
	var ls Lines
	for b.Loop() {
		c, _ := NewChunker(bytes.NewReader(benchData()), Options{ChunkSize: 256 << 10})
		for {
			ch, err := c.Next(buf)
			if err == io.EOF {
				break
			}
			ls.Reset(ch)
			for ls.Next() {
			}
			buf = ch.Data
		}
	}
}
