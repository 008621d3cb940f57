package deid

import (
	"testing"
	"time"
)

// TestBirthAndDeathInOtherWords checks dates of birth and death whose
// names say so in other languages, beside a word that reads as a date:
// "date_naissance" read as an event date, which the AI-engine profile
// keeps exact, and released dates of birth as they were.
func TestBirthAndDeathInOtherWords(t *testing.T) {
	for name, want := range map[string]fieldKind{
		"date_naissance":     kindBirthDate,
		"DateDeNaissance":    kindBirthDate,
		"fecha_nacimiento":   kindBirthDate,
		"data_nascita":       kindBirthDate,
		"data_de_nascimento": kindBirthDate,
		"geburtsdatum":       kindBirthDate,
		"Geburtstag":         kindBirthDate,
		"geboortedatum":      kindBirthDate,
		"fodselsdato":        kindBirthDate,
		"födelsedatum":       kindBirthDate,
		"data_urodzenia":     kindBirthDate,
		"ddn":                kindBirthDate,
		"date_deces":         kindDeathDate,
		"date_décès":         kindDeathDate,
		"fecha_defuncion":    kindDeathDate,
		"sterbedatum":        kindDeathDate,
		"overlijdensdatum":   kindDeathDate,
	} {
		if got := classifyField(name); got.kind != want {
			t.Errorf("%q reads as %v (%s), want %v", name, got.kind, got.reason, want)
		}
	}
	fields := []string{"user_id", "date_naissance", "measured_at", "heart_rate"}
	p, _, err := AIEngine(fields, AIEngineOptions{ReferenceDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Domain: "ai"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Fields {
		if r.Field == "date_naissance" && r.Action == Keep {
			t.Errorf("the AI-engine profile keeps %q exact", r.Field)
		}
	}
}
