package deid

import (
	"testing"
	"time"
)

// TestKeptValueHoldingTheRecordsIdentifier is a finding of the hostile
// review left to the owner of the kept-value check (warning.go): a kept
// field whose value holds one of the record's own identifiers (a first
// name in "manufacturer", an e-mail address's local part in "model") is
// released without a warning, since no detector finds a bare name. The
// record-aware scrubber already knows the record's identifiers
// (scrub.Known); the check of kept values should look for them too, and
// warn as it does for detected kinds.
func TestKeptValueHoldingTheRecordsIdentifier(t *testing.T) {
	fields := []string{"user_id", "first_name", "manufacturer", "heart_rate"}
	p, _, err := AIEngine(fields, AIEngineOptions{ReferenceDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Domain: "ai"})
	if err != nil {
		t.Fatal(err)
	}
	in := "user_id,first_name,manufacturer,heart_rate\nu-1,Zelda,Withings,62\nu-2,Ambrose,Ambrose Vantablack,71\n"
	_, rep, err := run(t, p, testKeys(t), Options{AllowKeptIdentifiers: true, Input: CSV}, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range rep.Warnings {
		if w.Field == "manufacturer" && w.Kind == WarnIdentifierValues {
			return
		}
	}
	t.Errorf("manufacturer holds a record's first name and is released with warnings %v", rep.Warnings)
}
