// Command handwritten is the research export as a user would write it by
// hand with the standard library, as a whole program: package
// bench/baseline (encoding/csv + hmac.New per row + csv.Writer for CSV;
// encoding/json into maps + hmac.New + json.Encoder for NDJSON) from an
// input file to an output file. The bench harness times it as a whole
// process against the export program on the same input.
//
//	go run ./bench/handwritten -in measurements.csv -out research.csv -key-file domain.key
//
// The key file holds the research domain's HMAC key in hex; the reference
// date of the 90+ top-coding is -reference-date.
package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/deidkit/deidkit/bench/baseline"
)

func main() {
	in := flag.String("in", "", "input `file`, CSV or NDJSON by its extension")
	out := flag.String("out", "", "output `file`")
	keyFile := flag.String("key-file", "", "`file` holding the domain key in hex")
	ref := flag.String("reference-date", "2026-01-01", "reference date of the top-coding, YYYY-MM-DD")
	flag.Parse()
	if err := run(*in, *out, *keyFile, *ref); err != nil {
		fmt.Fprintln(os.Stderr, "handwritten:", err)
		os.Exit(1)
	}
}

func run(in, out, keyFile, ref string) error {
	if in == "" || out == "" || keyFile == "" {
		return errors.New("-in, -out and -key-file are required")
	}
	b, err := os.ReadFile(keyFile)
	if err != nil {
		return err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return errors.New("the key file does not hold hex")
	}
	refDate, err := time.Parse(time.DateOnly, ref)
	if err != nil {
		return err
	}
	r, err := os.Open(in)
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	p := baseline.Params{DomainKey: key, RefDate: refDate}
	if strings.HasSuffix(in, ".ndjson") {
		err = baseline.NDJSON(context.Background(), r, w, p)
	} else {
		err = baseline.CSV(context.Background(), r, w, p)
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}
