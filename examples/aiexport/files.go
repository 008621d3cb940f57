package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/deidkit/deidkit/bench/synth"
)

// The built-in sample: a deterministic synthetic export of a few thousand
// measurements of about a hundred users.
var sampleConfig = synth.Config{Rows: 3000, Seed: 2026, MinPerUser: 10, MaxPerUser: 50}

// openInput opens -in: the sample, stdin or a file.
func openInput(ctx context.Context, cfg *config, stdin io.Reader) (io.Reader, func(), error) {
	switch cfg.in {
	case "":
		var b bytes.Buffer
		if err := synth.WriteCSV(ctx, &b, sampleConfig); err != nil {
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

// An outFile is an output written under a temporary name in its final
// directory and renamed into place by commit, so that a failed run leaves
// no partial file behind; or stdout, which is only flushed.
type outFile struct {
	w    *bufio.Writer
	f    *os.File // nil for stdout
	path string
	done bool
}

// createOut creates path, or wraps stdout when path is "-" and stdout is
// not nil.
func createOut(path string, stdout io.Writer) (*outFile, error) {
	if path == "-" && stdout != nil {
		return &outFile{w: bufio.NewWriterSize(stdout, 256<<10)}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	// CreateTemp makes the file readable by its owner only, which is what
	// a feed of pseudonymized health data, a quarantine of identified
	// records and a report should be.
	return &outFile{w: bufio.NewWriterSize(f, 256<<10), f: f, path: path}, nil
}

// commit flushes the output and moves the file into place.
func (o *outFile) commit() error {
	if err := o.w.Flush(); err != nil {
		return err
	}
	o.done = true
	if o.f == nil {
		return nil
	}
	if err := o.f.Close(); err != nil {
		os.Remove(o.f.Name())
		return err
	}
	if err := os.Rename(o.f.Name(), o.path); err != nil {
		os.Remove(o.f.Name())
		return err
	}
	return nil
}

// abort removes the temporary file unless commit succeeded.
func (o *outFile) abort() {
	if o.done || o.f == nil {
		return
	}
	o.f.Close()
	os.Remove(o.f.Name())
}

// csvHeader reads the header row at the start of head; complete says head
// is the whole input.
func csvHeader(head []byte, complete bool) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(head))
	r.ReuseRecord = true
	header, err := r.Read()
	switch {
	case err == io.EOF:
		return nil, errors.New("input: empty, no CSV header")
	case err != nil && !complete && errors.Is(err, csv.ErrQuote):
		return nil, fmt.Errorf("input: no CSV header in the first %d bytes", len(head))
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("input: line %d: malformed CSV header: %v", pe.StartLine, pe.Err)
		}
		return nil, fmt.Errorf("input: malformed CSV header: %w", err)
	}
	return slices.Clone(header), nil
}

// ndjsonFields returns the union of the field paths of the records in
// head, in order of first appearance: the keys of each object, and of
// nested objects as dotted paths ("device.serial"). Lines that are not
// JSON objects are skipped here; the transformer reports them. A field
// that first appears later in the input has no rule, so the policy's
// default drops it.
func ndjsonFields(head []byte, complete bool) []string {
	if !complete {
		// The last line may be cut off.
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i+1]
		}
	}
	var fields []string
	seen := map[string]bool{}
	for line := range bytes.Lines(head) {
		if json.Valid(line) {
			addPaths(line, "", seen, &fields)
		}
	}
	return fields
}

// addPaths adds the paths of the values of the JSON object src, in the
// order of its keys; src that is not an object adds nothing.
func addPaths(src []byte, prefix string, seen map[string]bool, fields *[]string) {
	dec := json.NewDecoder(bytes.NewReader(src))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return
		}
		path := prefix + key
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			addPaths(raw, path+".", seen, fields)
			continue
		}
		if !seen[path] {
			seen[path] = true
			*fields = append(*fields, path)
		}
	}
}
