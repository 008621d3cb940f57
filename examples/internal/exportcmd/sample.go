package exportcmd

import (
	"bytes"
	"context"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/deidtest"
)

// SampleSeed fixes the built-in sample: the same rows on every machine.
const SampleSeed = 20261125

// sampleReferenceDate is the reference date of a run on the built-in
// sample: package deidtest makes its dates of birth around it (people
// aged 89, 90 and 91 on that day), so that the sample's release is the
// same whatever the day it is run.
func sampleReferenceDate() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }

// Sample returns the built-in synthetic sample of the programs (package
// deidtest): rows of made-up users with one to eight measurements each
// (5,000 rows hold 1,101 people), with identifiers in every column a real
// export has, and some in the free-text notes.
func Sample(ctx context.Context, format deid.Format, rows int) ([]byte, error) {
	var b bytes.Buffer
	cfg := deidtest.Config{Rows: rows, Seed: SampleSeed, MinPerUser: 1, MaxPerUser: 8}
	var err error
	if format == deid.NDJSON {
		err = deidtest.WriteNDJSON(ctx, &b, cfg)
	} else {
		err = deidtest.WriteCSV(ctx, &b, cfg)
	}
	return b.Bytes(), err
}
