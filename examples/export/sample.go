package main

import (
	"bytes"
	"context"

	"github.com/deidkit/deidkit/deid/deidtest"
)

// sampleSeed fixes the built-in sample: the same rows on every machine.
const sampleSeed = 20261125

// sampleInput generates the built-in synthetic sample: measurement rows of
// a few hundred made-up users, with identifiers in every column a real
// export has, and some in the free-text notes.
func sampleInput(format string, rows int) ([]byte, error) {
	var b bytes.Buffer
	cfg := deidtest.Config{Rows: rows, Seed: sampleSeed, MinPerUser: 1, MaxPerUser: 8}
	var err error
	if format == "ndjson" {
		err = deidtest.WriteNDJSON(context.Background(), &b, cfg)
	} else {
		err = deidtest.WriteCSV(context.Background(), &b, cfg)
	}
	return b.Bytes(), err
}
