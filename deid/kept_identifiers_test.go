package deid

import (
	"slices"
	"testing"
)

func TestKeptIdentifiers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		warnings []Warning
		want     []string
	}{
		{"none", nil, nil},
		{"default keep alone", []Warning{{Kind: WarnDefaultKeep, Field: "x"}}, nil},
		{"by name and by values, each once", []Warning{
			{Kind: WarnIdentifierName, Field: "email"},
			{Kind: WarnDefaultKeep},
			{Kind: WarnIdentifierValues, Field: "contact"},
			{Kind: WarnIdentifierValues, Field: "email"},
		}, []string{"email", "contact"}},
	} {
		if got := KeptIdentifiers(tc.warnings); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
