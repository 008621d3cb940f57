package main

import (
	"bytes"
	"context"
	"io"
	"os"

	"github.com/deidkit/deidkit/deid/deidtest"
)

// The built-in sample: a deterministic synthetic export of a few thousand
// measurements of about a hundred users.
var sampleConfig = deidtest.Config{Rows: 3000, Seed: 2026, MinPerUser: 10, MaxPerUser: 50}

// openInput opens -in: the sample, stdin or a file.
func openInput(ctx context.Context, cfg *config, stdin io.Reader) (io.Reader, func(), error) {
	switch cfg.in {
	case "":
		var b bytes.Buffer
		if err := deidtest.WriteCSV(ctx, &b, sampleConfig); err != nil {
			return nil, nil, err
		}
		return &b, func() {}, nil
	case "-":
		return stdin, func() {}, nil
	}
	f, err := os.Open(cfg.in)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}
