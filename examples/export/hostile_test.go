package main

import (
	"encoding/json"
	"testing"

	"github.com/deidkit/deidkit/examples/internal/hostile"
)

// TestHostileCorpus runs the hostile inputs of examples/testdata/hostile
// through the job (see package hostile for what every case checks).
func TestHostileCorpus(t *testing.T) {
	hostile.RunPrograms(t, hostile.Program{Name: "export", Run: run, ParseReport: parseReport})
}

func parseReport(data []byte) (hostile.Report, error) {
	var r struct {
		Status  string
		Records *records
		Output  *string
		Fields  []json.RawMessage
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return hostile.Report{}, err
	}
	rep := hostile.Report{Status: r.Status, Describes: r.Records != nil || r.Output != nil || r.Fields != nil}
	if c := r.Records; c != nil {
		rep.Counts = hostile.Counts{Read: c.Read, Written: c.Written, Quarantined: c.Quarantined, Suppressed: c.Suppressed, Excluded: c.Excluded}
	}
	return rep, nil
}
