package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/deidkit/deidkit/deid/deidtest"
)

// sampleSeed fixes the built-in sample: the same rows on every machine.
const sampleSeed = 20261125

// sampleConfig describes the built-in sample: measurements of made-up
// users (one to eight each), with identifiers in every column a real
// export has, and some in the free-text notes.
func sampleConfig(rows int) deidtest.Config {
	return deidtest.Config{Rows: rows, Seed: sampleSeed, MinPerUser: 1, MaxPerUser: 8}
}

// writeSample writes the sample of rows records into dir as shards CSV
// files of consecutive records, each with the header, as an export job
// that writes one file per slice of its table would.
func writeSample(dir string, rows, shards int) error {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(deidtest.WriteCSV(context.Background(), pw, sampleConfig(rows))) }()
	defer pr.Close()
	return splitCSV(pr, dir, rows, shards)
}

// splitCSV copies the CSV records of r into shards files of about
// rows/shards records each.
func splitCSV(r io.Reader, dir string, rows, shards int) error {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return err
	}
	per := (rows + shards - 1) / shards
	for i := range shards {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("measurements-%03d.csv", i)))
		if err != nil {
			return err
		}
		cw := csv.NewWriter(f)
		cw.Write(header)
		for n := 0; n < per; n++ {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return err
			}
			cw.Write(rec)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}
