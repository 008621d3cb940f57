package main

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/hostile"
)

// TestHostileCorpus runs the hostile inputs of examples/testdata/hostile
// through the program (see package hostile for what every case checks).
func TestHostileCorpus(t *testing.T) {
	hostile.RunPrograms(t, hostile.Program{
		Name: "aiexport",
		Run: func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			err := run(ctx, args, stdin, stdout, stderr)
			if err != nil && exitCode(err) != 2 {
				io.WriteString(stderr, "aiexport: "+err.Error()+"\n") // as main does
			}
			return exitCode(err)
		},
		ParseReport: func(data []byte) (hostile.Report, error) {
			var r struct {
				Status  string
				Run     *deid.Report
				Profile json.RawMessage
			}
			if err := json.Unmarshal(data, &r); err != nil {
				return hostile.Report{}, err
			}
			rep := hostile.Report{Status: r.Status, Describes: r.Run != nil || r.Profile != nil}
			if c := r.Run; c != nil {
				rep.Counts = hostile.Counts{Read: c.Read, Written: c.Written, Quarantined: c.Quarantined, Suppressed: c.Suppressed, Excluded: c.Excluded}
			}
			return rep, nil
		},
	})
}
