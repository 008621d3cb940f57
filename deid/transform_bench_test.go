package deid

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
)

// BenchmarkTransformCSV runs the research policy over 20,000 measurement
// rows with 1 and 2 workers, on rows listed by user and on rows in time
// order over 25,000 people per million rows (eight-digit user IDs). The
// bench/ harness compares the transformer with the hand-written baselines
// on larger inputs.
//
//	go test ./deid -run '^$' -bench TransformCSV -benchmem
func BenchmarkTransformCSV(b *testing.B) {
	p := researchPlan(b).Policy()
	keys := testKeys(b)
	for _, shape := range []struct {
		name string
		cfg  deidtest.Config
	}{
		{"by-user", deidtest.Config{Rows: 20000, Seed: 1}},
		{"by-time-25000", deidtest.Config{Rows: 20000, Seed: 1, TimeOrdered: true, NumericIDs: true}},
	} {
		var buf bytes.Buffer
		if err := deidtest.WriteCSV(context.Background(), &buf, shape.cfg); err != nil {
			b.Fatal(err)
		}
		in := buf.String()
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", shape.name, workers), func(b *testing.B) {
				tr, err := NewTransformer(p, keys, Options{Input: CSV, Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				benchRun(b, tr, in)
			})
		}
	}
}

// benchRun measures tr on the input in, its output discarded.
func benchRun(b *testing.B, tr *Transformer, in string) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Run(context.Background(), strings.NewReader(in), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
