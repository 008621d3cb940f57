package release

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

// A release counted in parts reports as Run does: Summarize, given Run's
// quasi-identifiers and its class sizes split into parts in another order,
// gives Run's K, risks, classes, NCP and notes; Levels names every level
// Run's report counts records at; ColumnTypes over parts of the records,
// carried as JSON and merged, gives Run's columns.
func TestReleaseInParts(t *testing.T) {
	in := sample(t, 3000, deid.CSV)
	for _, alg := range []Algorithm{Mondrian, TopDown} {
		t.Run(alg.String(), func(t *testing.T) {
			p := &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id", Algorithm: alg}
			cfg := Config{Profile: research, Keys: testKeys(t), Privacy: p}
			_, rep := runCSV(t, in, cfg)
			want := rep.KAnonymity
			field := fieldLevel(t, in, cfg)
			policy, _, err := research(field[0])
			if err != nil {
				t.Fatal(err)
			}

			// The class sizes as parts would count them: split, shuffled.
			r := rand.New(rand.NewPCG(1, 2))
			got := &KAnonymityReport{QuasiIdentifiers: want.QuasiIdentifiers, K: -1, NCP: -1}
			for _, s := range want.ClassSizes {
				if s.Classes > 1 && s.Records > 1 {
					a := ClassSize{People: s.People, Classes: 1, Records: 1}
					got.ClassSizes = append(got.ClassSizes, a,
						ClassSize{People: s.People, Classes: s.Classes - 1, Records: s.Records - 1})
					continue
				}
				got.ClassSizes = append(got.ClassSizes, s)
			}
			r.Shuffle(len(got.ClassSizes), func(i, j int) { got.ClassSizes[i], got.ClassSizes[j] = got.ClassSizes[j], got.ClassSizes[i] })
			got.Summarize()
			if got.K != want.K || got.ProsecutorMax != want.ProsecutorMax || got.Classes != want.Classes ||
				math.Abs(got.NCP-want.NCP) > 1e-9 || !slices.Equal(got.ClassSizes, want.ClassSizes) ||
				!slices.Equal(got.Risk, want.Risk) || !slices.Equal(got.Notes, want.Notes) {
				t.Errorf("summarized\n%+v\nRun's\n%+v", got, want)
			}
			if len(want.Notes) == 0 {
				t.Error("the sample's sex has no hierarchy: Run's report should note it")
			}

			for q, name := range sampleQIs {
				levels, err := Levels(policy, p, name, distinctValues(field, name))
				if err != nil {
					t.Fatal(err)
				}
				if len(levels) == 0 || levels[len(levels)-1] != "*" {
					t.Errorf("%s: levels %q do not end with \"*\"", name, levels)
				}
				for _, l := range want.QuasiIdentifiers[q].Levels {
					if l.Level != "value" && l.Level != "range" && !slices.Contains(levels, l.Level) {
						t.Errorf("%s: Run counts records at level %q, Levels gives %q", name, l.Level, levels)
					}
				}
			}

			parts := make([]*ColumnTypes, 3)
			for i := range parts {
				parts[i] = NewColumnTypes(policy, field[0], sampleQIs)
			}
			for i, rec := range field[1:] {
				fields := make([][]byte, len(rec))
				for j, v := range rec {
					fields[j] = []byte(v)
				}
				parts[i%len(parts)].Add(fields)
			}
			merged := NewColumnTypes(policy, field[0], sampleQIs)
			for _, part := range parts {
				b, err := json.Marshal(part)
				if err != nil {
					t.Fatal(err)
				}
				var moved ColumnTypes
				if err := json.Unmarshal(b, &moved); err != nil {
					t.Fatal(err)
				}
				if err := merged.Merge(&moved); err != nil {
					t.Fatal(err)
				}
			}
			if cols := merged.Columns(); !slices.Equal(cols, rep.Columns) {
				t.Errorf("columns %v, Run's %v", cols, rep.Columns)
			}
			typed := 0
			for _, c := range rep.Columns {
				if c.Type != String {
					typed++
				}
			}
			if typed < 3 {
				t.Errorf("Run's columns %v: the sample's measurements should be typed", rep.Columns)
			}
		})
	}
}

// A value of another type in one part decides the merged type, and
// ColumnTypes of other columns do not merge.
func TestColumnTypesMerge(t *testing.T) {
	policy := &deid.Policy{Name: "t", Default: deid.Keep}
	names := []string{"n", "zip"}
	a, b := NewColumnTypes(policy, names, []string{"zip"}), NewColumnTypes(policy, names, []string{"zip"})
	a.Add([][]byte{[]byte("72"), []byte("021")})
	b.Add([][]byte{[]byte("72.5"), []byte("100")})
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if got, want := a.Columns(), []Column{{"n", Double}, {"zip", String}}; !slices.Equal(got, want) {
		t.Errorf("columns %v, want %v", got, want)
	}
	b.Add([][]byte{[]byte("x"), nil})
	a.Merge(b)
	if got := a.Columns()[0].Type; got != String {
		t.Errorf("a column with text is %v", got)
	}
	if err := a.Merge(NewColumnTypes(policy, []string{"n"}, nil)); err == nil {
		t.Error("ColumnTypes of other columns merged")
	}
	var c ColumnTypes
	if err := json.Unmarshal([]byte(`{"names":["a"],"consider":[],"fit":"","non_empty":[]}`), &c); err == nil {
		t.Error("an inconsistent encoding decoded")
	}
}
