package kanon

import (
	"context"
	"testing"
)

// One sensitive value spelled several ways is one value: a class whose
// diagnoses are "flu", "Flu " and " FLU" is not 3-diverse, and no
// algorithm may release it as such.
func TestSensitiveSpellingsAreOneValue(t *testing.T) {
	for v, want := range map[string]string{
		"flu": "flu", "Flu ": "flu", " FLU": "flu", "flu\t": "flu", "type  2\tdiabetes": "type 2 diabetes", "": "", "  ": "",
		"asthma": "asthma", "ÉCZÉMA": "éczéma",
	} {
		if got := foldSensitive(v); got != want {
			t.Errorf("foldSensitive(%q) = %q, want %q", v, got, want)
		}
	}
	schema := Schema{QuasiIdentifiers: []Attribute{{Name: "zip", Type: Categorical}}, Sensitive: []string{"diagnosis"}}
	rows := [][]string{
		{"94110", "flu"}, {"94110", "Flu "}, {"94110", " FLU"},
		{"94117", "flu"}, {"94117", "asthma"}, {"94117", "diabetes"},
	}
	tab, err := NewTable(schema, rows)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Mondrian(context.Background(), tab, Config{Models: []Model{DistinctLDiversity(2)}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(tab, res, DistinctLDiversity(2))
	if err != nil || !rep.Holds {
		t.Fatalf("Mondrian's release does not verify: %+v, %v", rep, err)
	}
	if res.Released(0, 0) == "94110" {
		t.Errorf("the class of 94110, one diagnosis spelled three ways, was released as 2-diverse")
	}
}
