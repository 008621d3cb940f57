package deid

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// A nestedCase is a policy written for the paths of some sample records
// and an input that mixes them with records of other shapes, made of the
// same keys.
type nestedCase struct {
	Policy  *Policy
	Input   []byte
	Workers int
	Chunk   int
}

var nestedKeys = []string{"a", "b", "user_id", "email", "readings", "tags", "x"}

type docGen struct {
	r *rand.Rand
	n int // markers made so far: each string value is unique
}

func (g *docGen) object(depth int) map[string]any {
	m := map[string]any{}
	for range g.r.Intn(5) {
		m[nestedKeys[g.r.Intn(len(nestedKeys))]] = g.value(depth + 1)
	}
	return m
}

func (g *docGen) value(depth int) any {
	k := g.r.Intn(10)
	if depth >= 4 {
		k %= 5
	}
	switch k {
	case 0, 1, 2:
		g.n++
		return fmt.Sprintf("s%dq", g.n)
	case 3:
		return json.Number(fmt.Sprint(g.r.Intn(1000)))
	case 4:
		return []any{nil, true, false}[g.r.Intn(3)]
	case 5, 6:
		return g.object(depth)
	}
	a := make([]any, g.r.Intn(4))
	for i := range a {
		a[i] = g.value(depth + 1)
	}
	return a
}

func nestedCaseGen() gopter.Gen {
	return func(params *gopter.GenParameters) *gopter.GenResult {
		r := params.Rng
		g := &docGen{r: r}
		var sample, input []map[string]any
		for range 1 + r.Intn(4) {
			sample = append(sample, g.object(0))
		}
		for range 1 + r.Intn(8) {
			if r.Intn(2) == 0 {
				input = append(input, sample[r.Intn(len(sample))])
			} else {
				input = append(input, g.object(0))
			}
		}
		// Rules on some of the sample's paths and the paths enclosing
		// them, each kept only if the policy stays valid.
		var paths []string
		seen := map[string]bool{}
		for _, d := range sample {
			b, _ := json.Marshal(d)
			leaves, _ := refLeaves(b)
			for _, l := range leaves {
				forEnclosing(l.path, func(enc string, _ byte) bool {
					if !seen[enc] {
						seen[enc] = true
						paths = append(paths, enc)
					}
					return true
				})
				if !seen[l.path] {
					seen[l.path] = true
					paths = append(paths, l.path)
				}
			}
		}
		p := &Policy{Default: []Action{Keep, Drop}[r.Intn(2)]}
		for _, path := range paths {
			if r.Intn(2) == 0 {
				continue
			}
			rule := Rule{Field: path, Action: []Action{Keep, Drop, Redact, Pseudonymize}[r.Intn(4)]}
			switch rule.Action {
			case Redact:
				rule.Token = "[R]"
			case Pseudonymize:
				rule.Domain = "d"
			}
			p.Fields = append(p.Fields, rule)
			if p.Validate() != nil {
				p.Fields = p.Fields[:len(p.Fields)-1]
			}
		}
		var in bytes.Buffer
		for _, d := range input {
			b, _ := json.Marshal(d)
			in.Write(b)
			in.WriteByte('\n')
		}
		c := nestedCase{Policy: p, Input: in.Bytes(), Workers: 1 + r.Intn(3), Chunk: 1 + r.Intn(300)}
		return gopter.NewGenResult(c, gopter.NoShrinker)
	}
}

// Whatever the nesting of the records and the policy, no value under a
// dropped or hidden path reaches the output, and every record is
// accounted for: a record of another shape than the policy's is
// quarantined, never released whole.
func TestNestedNoLeakProperty(t *testing.T) {
	keys := testKeys(t)
	props := properties()
	props.Property("no hidden value of nested records in the output", prop.ForAll(func(c nestedCase) string {
		tr, err := NewTransformer(c.Policy, keys, Options{AllowKeptIdentifiers: true, Input: NDJSON, Workers: c.Workers, ChunkSize: c.Chunk, Quarantine: &bytes.Buffer{}})
		if err != nil {
			return err.Error()
		}
		var out bytes.Buffer
		rep, err := tr.Run(context.Background(), bytes.NewReader(c.Input), &out)
		if err != nil {
			return err.Error()
		}
		if !rep.Reconciles() || rep.Read != int64(bytes.Count(c.Input, []byte("\n"))) {
			return fmt.Sprintf("report %+v", rep)
		}
		if err := checkRelease(c.Policy, c.Input, out.Bytes(), "[R]"); err != nil {
			return fmt.Sprintf("%v\npolicy %+v\ninput %s\noutput %s", err, c.Policy, c.Input, out.String())
		}
		return ""
	}, nestedCaseGen()))
	props.TestingRun(t)
}

// The oracle itself catches a leak: fed the input as output, it reports
// the values the policy hides.
func TestReleaseOracle(t *testing.T) {
	p := &Policy{Default: Keep, Fields: []Rule{{Field: "r[].email", Action: Drop}, {Field: "d", Action: Drop}}}
	in := []byte(`{"r":[{"email":"e1","ok":"k1"}],"d":{"x":"h1"},"n":"k2"}` + "\n")
	if err := checkRelease(p, in, in); err == nil || !strings.Contains(err.Error(), "does not release") {
		t.Fatalf("leak not seen: %v", err)
	}
	if err := checkRelease(p, in, []byte(`{"n":"e1"}`+"\n")); err == nil || !strings.Contains(err.Error(), "hidden input value") {
		t.Fatalf("moved value not seen: %v", err)
	}
	if err := checkRelease(p, in, []byte(`{"r":[{"ok":"k1"}],"n":"k2"}`+"\n")); err != nil {
		t.Fatal(err)
	}
}
