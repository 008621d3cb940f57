package main

import (
	"bufio"
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

// writeSample writes the sample of rows records into dir as shards files
// of consecutive records, CSV (each with the header) or NDJSON, as an
// export job that writes one file per slice of its table would.
func writeSample(dir string, rows, shards int, format string) error {
	write, split := deidtest.WriteCSV, splitCSV
	if format == "ndjson" {
		write, split = deidtest.WriteNDJSON, splitNDJSON
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(write(context.Background(), pw, sampleConfig(rows))) }()
	defer pr.Close()
	return split(pr, dir, rows, shards)
}

// splitNDJSON copies the lines of r into shards files of about
// rows/shards lines each.
func splitNDJSON(r io.Reader, dir string, rows, shards int) error {
	br := bufio.NewReader(r)
	per := (rows + shards - 1) / shards
	for i := range shards {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("measurements-%03d.ndjson", i)))
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		for n := 0; n < per; n++ {
			line, err := br.ReadBytes('\n')
			bw.Write(line)
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return err
			}
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
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
