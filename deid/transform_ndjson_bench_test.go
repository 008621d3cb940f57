package deid

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/bench/synth"
)

// BenchmarkTransformNDJSON runs the research policy over 20,000 NDJSON
// measurement records, flat (as synth writes them) and with each record's
// measurements nested in an array of three readings, whose paths the
// policy names ("readings[].weight_kg").
//
//	go test ./deid -run '^$' -bench TransformNDJSON -benchmem
func BenchmarkTransformNDJSON(b *testing.B) {
	var buf bytes.Buffer
	if err := synth.WriteNDJSON(context.Background(), &buf, synth.Config{Rows: 20000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	flat := buf.String()
	p := researchPlan(b).Policy()
	keys := testKeys(b)
	// The same records, with their last members nested three times in
	// an array of readings.
	var nested strings.Builder
	for line := range strings.Lines(flat) {
		line = strings.TrimSuffix(line, "\n")
		i := strings.Index(line, `,"weight_kg"`)
		if i < 0 {
			b.Fatal("no weight_kg in the synthetic records")
		}
		reading := "{" + line[i+1:len(line)-1] + "}"
		fmt.Fprintf(&nested, "%s,\"readings\":[%s,%s,%s]}\n", line[:i], reading, reading, reading)
	}
	np := *p
	np.Fields = nil
	for _, r := range p.Fields {
		np.Fields = append(np.Fields, r)
		if !strings.Contains(nested.String()[:2000], `"`+r.Field+`"`) || strings.Contains(flat[:strings.Index(flat, `"weight_kg"`)], `"`+r.Field+`"`) {
			continue
		}
		np.Fields[len(np.Fields)-1].Field = "readings[]." + r.Field
	}
	for _, tc := range []struct {
		name string
		p    *Policy
		in   string
	}{{"flat", p, flat}, {"arrays", &np, nested.String()}} {
		b.Run(tc.name, func(b *testing.B) {
			tr, err := NewTransformer(tc.p, keys, Options{Input: NDJSON, Workers: 1})
			if err != nil {
				b.Fatal(err)
			}
			var out strings.Builder
			rep, err := tr.Run(context.Background(), strings.NewReader(tc.in), &out)
			if err != nil || rep.Written != 20000 || !strings.Contains(out.String(), `"weight_kg":`) {
				b.Fatalf("report %+v, %v", rep, err)
			}
			b.SetBytes(int64(len(tc.in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tr.Run(context.Background(), strings.NewReader(tc.in), io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
