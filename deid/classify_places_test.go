package deid

import (
	"testing"
	"time"
)

// TestForeignPostcodesAndBirthplaces checks two kinds of geographic field
// named in other languages: postal codes of other countries, which the US
// ZIP3 action would cut to three digits as if the US list of small areas
// applied to them (a German PLZ 18565 released as "185"), and places of
// birth, which read as dates of birth through the birth word and failed
// the run on "Lyon". Both are dropped whole.
func TestForeignPostcodesAndBirthplaces(t *testing.T) {
	names := []string{"plz", "PLZ", "postleitzahl", "postnummer", "lieu_naissance", "LieuDeNaissance",
		"lugar_nacimiento", "luogo_nascita", "geburtsort", "geboorteplaats", "födelseort"}
	for _, name := range names {
		got := classifyField(name)
		if got.kind != kindIdentifier || got.cat != CategoryGeographic {
			t.Errorf("%q reads as %v/%v (%s), want a geographic identifier", name, got.kind, got.cat, got.reason)
		}
	}
	// Still US ZIP codes.
	for _, name := range []string{"zip", "postal_code", "postcode"} {
		if got := classifyField(name); got.kind != kindZIP {
			t.Errorf("%q reads as %v (%s), want a ZIP code", name, got.kind, got.reason)
		}
	}
	fields := append([]string{"user_id", "heart_rate"}, names...)
	ref := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sh, _, err := SafeHarbor(fields, SafeHarborOptions{ReferenceDate: ref})
	if err != nil {
		t.Fatal(err)
	}
	ai, _, err := AIEngine(fields, AIEngineOptions{ReferenceDate: ref, Domain: "ai"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Policy{sh, ai} {
		for _, r := range p.Fields {
			if r.Field != "user_id" && r.Field != "heart_rate" && r.Action != Drop {
				t.Errorf("profile %s: %q gets %v, want drop", p.Name, r.Field, r.Action)
			}
		}
	}
}
