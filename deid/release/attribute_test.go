package release

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

// A release computed from the attributes Attribute returns, outside Run,
// is Run's release: same hierarchies, same types, same names in the
// report. Checked with Mondrian, whose release depends on nothing else,
// on the sample (birth years with top-coding, sex without a hierarchy,
// ZIP3 by state, states) and on quasi-identifiers of other actions (numbers
// kept as they are, ages, buckets, text).
func TestAttributeIsRuns(t *testing.T) {
	keptWeights := peoplePolicy()
	keptWeights.Fields[slices.IndexFunc(keptWeights.Fields, func(r deid.Rule) bool { return r.Field == "weight" })] = deid.Rule{Field: "weight", Action: deid.Keep}
	for _, tc := range []struct {
		name   string
		in     []byte
		cfg    Config
		qis    []string
		person string
	}{
		{"research sample", sample(t, 3000, deid.CSV), Config{Profile: research}, sampleQIs, "user_id"},
		{"numbers kept", people(rand.New(rand.NewPCG(7, 1)), 400, 3), Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: keptWeights}, []string{"weight", "zip"}, "person"},
		{"ages, buckets, text", people(rand.New(rand.NewPCG(7, 1)), 400, 3), Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: peoplePolicy()}, []string{"age", "weight", "diagnosis", "sex"}, "person"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Privacy{QuasiIdentifiers: tc.qis, K: 4, Person: tc.person, Algorithm: Mondrian}
			cfg := tc.cfg
			cfg.Keys, cfg.Privacy = testKeys(t), p
			written, rep := runCSV(t, tc.in, cfg)
			field := fieldLevel(t, tc.in, cfg)
			policy := cfg.Policy
			if policy == nil {
				policy, _, _ = cfg.Profile(field[0])
			}

			schema := kanon.Schema{Individual: p.Person}
			for q, name := range p.QuasiIdentifiers {
				a, kind, err := Attribute(policy, p, name, distinctValues(field, name))
				if err != nil {
					t.Fatal(err)
				}
				if got := rep.KAnonymity.QuasiIdentifiers[q].Hierarchy; kind != got {
					t.Errorf("%s: hierarchy %q, Run's report says %q", name, kind, got)
				}
				schema.QuasiIdentifiers = append(schema.QuasiIdentifiers, a)
			}
			header := field[0]
			cols := make([]int, len(p.QuasiIdentifiers))
			for q, name := range p.QuasiIdentifiers {
				cols[q] = slices.Index(header, name)
			}
			b, err := kanon.NewBuilder(schema)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range field[1:] {
				vals := make([]string, 0, len(cols)+1)
				for _, c := range cols {
					vals = append(vals, r[c])
				}
				if err := b.Add(append(vals, r[slices.Index(header, p.Person)])...); err != nil {
					t.Fatal(err)
				}
			}
			table, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			res, err := kanon.Mondrian(context.Background(), table, kanon.Config{Models: p.models()})
			if err != nil {
				t.Fatal(err)
			}
			if len(written) != len(field) {
				t.Fatalf("Mondrian withheld records: %d written of %d", len(written)-1, len(field)-1)
			}
			for row, rel := range res.Rows() {
				for q, c := range cols {
					if written[row+1][c] != rel[q] {
						t.Fatalf("record %d, %s: Run released %q, the attributes %q", row+1, p.QuasiIdentifiers[q], written[row+1][c], rel[q])
					}
				}
			}
		})
	}
}

func TestAttributeConfig(t *testing.T) {
	given, err := kanon.Masking(2)
	if err != nil {
		t.Fatal(err)
	}
	p := &Privacy{QuasiIdentifiers: []string{"zip"}, K: 2, Hierarchies: map[string]*kanon.Hierarchy{"zip": given}}
	policy := &deid.Policy{Name: "zip", Fields: []deid.Rule{{Field: "zip", Action: deid.ZIP3}}}
	a, kind, err := Attribute(policy, p, "zip", []string{"021", "100"})
	if err != nil || a.Hierarchy != given || a.Type != kanon.Categorical || kind != "given" {
		t.Errorf("given hierarchy: %+v, %q, %v", a, kind, err)
	}
	if _, _, err := Attribute(nil, p, "zip", nil); !errors.Is(err, ErrConfig) {
		t.Errorf("no policy: %v", err)
	}
	if _, _, err := Attribute(policy, nil, "zip", nil); !errors.Is(err, ErrConfig) {
		t.Errorf("no privacy: %v", err)
	}
}
