package deid

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync/atomic"
	"testing"
)

// chunkCollector is a ChunkSink that keeps what it receives. Its Chunk
// keeps the fields as they are, aliasing the run's buffers, and its
// Commit copies them: what the contract allows, so that a run that let the
// fields change before Commit shows up as wrong records.
type chunkCollector struct {
	collector
	chunks    atomic.Int64
	commits   int
	failChunk error
}

func (c *chunkCollector) Record([][]byte) error { return errors.New("Record called on a ChunkSink") }

func (c *chunkCollector) Chunk(records iter.Seq[[][]byte]) (any, error) {
	c.chunks.Add(1)
	var held [][][]byte
	for r := range records {
		held = append(held, append([][]byte(nil), r...))
	}
	return held, c.failChunk
}

func (c *chunkCollector) Commit(part any) error {
	c.commits++
	for _, r := range part.([][][]byte) {
		if err := c.collector.Record(r); err != nil {
			return err
		}
	}
	return c.fail
}

// A chunk sink receives exactly the records, and the header, that CSV
// output holds, in input order, whatever the workers and chunks.
func TestChunkSinkAgreesWithCSV(t *testing.T) {
	keys := testKeys(t)
	p := &Policy{Name: "sink", ReferenceDate: "2026-01-01", Suppress: []Condition{{Field: "consent", In: []string{"false"}}}}
	p.Fields = []Rule{{Field: "note", Action: Keep}, {Field: "dob", Action: Year}, {Field: "zip", Action: ZIP3},
		{Field: "id", Action: Pseudonymize, Domain: "d"}}
	var in strings.Builder
	in.WriteString("id,dob,zip,consent,note\n")
	for i := range 300 {
		switch i % 7 {
		case 3:
			fmt.Fprintf(&in, "u%d,1980-02-30,94110,true,x\n", i) // bad date: quarantined
		case 5:
			fmt.Fprintf(&in, "u%d,1980-01-01,94110,false,y\n", i) // suppressed
		default:
			fmt.Fprintf(&in, "u%d,19%02d-01-01,%05d,true,\"n, \"\"%d\"\"\"\n", i%40, i%90, i*37%100000, i)
		}
	}
	for _, workers := range []int{1, 2, 4} {
		var quar bytes.Buffer
		opts := Options{AllowKeptIdentifiers: true, Input: CSV, Workers: workers, ChunkSize: 100, Quarantine: &quar}
		out, want, err := run(t, p, keys, opts, in.String())
		if err != nil {
			t.Fatal(err)
		}
		c := &chunkCollector{}
		opts.Records = c
		tr, err := NewTransformer(p, keys, opts)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := tr.Run(context.Background(), strings.NewReader(in.String()), nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.WriteString(strings.Join(c.header, ",") + "\n")
		for _, r := range c.records {
			for i, f := range r {
				if i > 0 {
					b.WriteByte(',')
				}
				b.Write(csvFieldOf([]byte(f)))
			}
			b.WriteByte('\n')
		}
		if b.String() != out {
			t.Fatalf("workers %d: chunk sink got\n%s\nCSV output is\n%s", workers, b.String(), out)
		}
		if rep.Written != want.Written || rep.Quarantined != want.Quarantined || !rep.Reconciles() {
			t.Fatalf("workers %d: report %+v, CSV report %+v", workers, rep, want)
		}
		if c.chunks.Load() < 10 || int64(c.commits) != c.chunks.Load() {
			t.Fatalf("workers %d: %d chunks, %d commits", workers, c.chunks.Load(), c.commits)
		}
	}
}

func TestChunkSinkErrors(t *testing.T) {
	stop := errors.New("sink full")
	for name, c := range map[string]*chunkCollector{
		"chunk":  {failChunk: stop},
		"commit": {collector: collector{fail: stop}},
	} {
		tr, err := NewTransformer(keepAll(), Keys{}, Options{Input: CSV, Records: c, ChunkSize: 8})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Run(context.Background(), strings.NewReader("a\n1\n2\n3\n4\n5\n"), nil); !errors.Is(err, stop) {
			t.Fatalf("%s error: %v", name, err)
		}
	}
}
