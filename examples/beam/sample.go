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
	return eachShard(dir, "ndjson", shards, func(w io.Writer) error {
		for range perShard(rows, shards) {
			line, err := br.ReadBytes('\n')
			w.Write(line)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// splitCSV copies the CSV records of r into shards files of about
// rows/shards records each, each with the header.
func splitCSV(r io.Reader, dir string, rows, shards int) error {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return err
	}
	return eachShard(dir, "csv", shards, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		cw.Write(header)
		for range perShard(rows, shards) {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	})
}

func perShard(rows, shards int) int { return (rows + shards - 1) / shards }

// eachShard creates the shard files measurements-NNN.ext in dir and has
// fill write each.
func eachShard(dir, ext string, shards int, fill func(io.Writer) error) error {
	for i := range shards {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("measurements-%03d.%s", i, ext)))
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		err = fill(bw)
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
