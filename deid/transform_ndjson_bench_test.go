package deid

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
)

// BenchmarkTransformNDJSON runs the research policy over 20,000 NDJSON
// measurement records, flat (as deidtest writes them) and with each record's
// measurements nested in an array of three readings, whose paths the
// policy names ("readings[].weight_kg").
//
//	go test ./deid -run '^$' -bench TransformNDJSON -benchmem
func BenchmarkTransformNDJSON(b *testing.B) {
	research := researchPlan(b).Policy()
	flat, nested, nestedPolicy := readingsInputs(b, research)
	keys := testKeys(b)
	for _, tc := range []struct {
		name string
		p    *Policy
		in   string
	}{{"flat", research, flat}, {"arrays", nestedPolicy, nested}} {
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
			benchRun(b, tr, tc.in)
		})
	}
}

// readingsInputs returns 20,000 synthetic records, the same with the
// members from weight_kg on nested three times in an array of readings,
// and p with its rules on those members moved into the array.
func readingsInputs(b *testing.B, p *Policy) (flat, nested string, np *Policy) {
	var buf strings.Builder
	if err := deidtest.WriteNDJSON(context.Background(), &buf, deidtest.Config{Rows: 20000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	flat = buf.String()
	var sb strings.Builder
	inReadings := map[string]bool{}
	for line := range strings.Lines(flat) {
		line = strings.TrimSuffix(line, "\n")
		i := strings.Index(line, `,"weight_kg"`)
		if i < 0 {
			b.Fatal("no weight_kg in the synthetic records")
		}
		reading := "{" + line[i+1:len(line)-1] + "}"
		fmt.Fprintf(&sb, "%s,\"readings\":[%s,%s,%s]}\n", line[:i], reading, reading, reading)
		if len(inReadings) == 0 {
			leaves, _ := refLeaves([]byte(reading))
			for _, l := range leaves {
				inReadings[l.path] = true
			}
		}
	}
	np = &Policy{Name: p.Name, Default: p.Default, ReferenceDate: p.ReferenceDate, Suppress: p.Suppress}
	for _, r := range p.Fields {
		if inReadings[r.Field] {
			r.Field = "readings[]." + r.Field
		}
		np.Fields = append(np.Fields, r)
	}
	return flat, sb.String(), np
}
