package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/deidkit/deidkit/deid/parquet"
)

// Files are written in two steps: each shard into the staging directory,
// then, once every check of the release has passed, renamed into place by
// finalizeFn. A refused or failed job leaves no output file.

// A writtenFile is a staged file and where it goes.
type writtenFile struct {
	Staged, Final string
	Lines         int64
}

var recordsWritten = beam.NewCounter("deidkit", "records_written")

// joinPath joins a directory and a name on any filesystem ("gs://b/d").
func joinPath(dir, name string) string { return strings.TrimSuffix(dir, "/") + "/" + name }

// encodeFn encodes each released record as one output line and keys it
// by its shard, a hash of the line: the same record always goes to the
// same shard.
type encodeFn struct {
	Format string // ndjson, or csv (also for Parquet, which is converted from CSV)
	Fields []string
	Shards int

	buf bytes.Buffer
	cw  *csv.Writer
}

func (fn *encodeFn) ProcessElement(row []string, emit func(int, string)) error {
	line, err := fn.encode(row)
	if err != nil {
		return err
	}
	h := fnv.New32a()
	h.Write([]byte(line))
	emit(int(h.Sum32()%uint32(fn.Shards)), line)
	return nil
}

// encode writes a record as a JSON object of strings (CSV has no types),
// or as a CSV line as encoding/csv writes it, but for one empty field,
// written "" since a CSV reader skips a blank line.
func (fn *encodeFn) encode(row []string) (string, error) {
	fn.buf.Reset()
	if fn.Format == "ndjson" {
		fn.buf.WriteByte('{')
		for i, name := range fn.Fields {
			if i > 0 {
				fn.buf.WriteByte(',')
			}
			k, _ := json.Marshal(name)
			v, _ := json.Marshal(row[i])
			fn.buf.Write(k)
			fn.buf.WriteByte(':')
			fn.buf.Write(v)
		}
		fn.buf.WriteString("}\n")
		return fn.buf.String(), nil
	}
	if len(row) == 1 && row[0] == "" {
		return "\"\"\n", nil
	}
	if fn.cw == nil {
		fn.cw = csv.NewWriter(&fn.buf)
	}
	fn.cw.Write(row)
	fn.cw.Flush()
	return fn.buf.String(), fn.cw.Error()
}

// writeShardFn writes one shard's lines into the staging directory.
type writeShardFn struct {
	Staging string
	// Final is where the shard goes: a directory for sharded output, or
	// the file itself (Single).
	Final  string
	Single bool
	Format string // csv, ndjson or parquet; the quarantine is ndjson
	Header []string
	Count  bool // count the lines as written records
}

func (fn *writeShardFn) ProcessElement(ctx context.Context, shard int, lines func(*string) bool, emit func(writtenFile)) (err error) {
	name := fmt.Sprintf("part-%05d.%s", shard, fn.Format)
	final := joinPath(fn.Final, name)
	if fn.Single {
		name, final = "single."+fn.Format, fn.Final
	}
	staged := joinPath(fn.Staging, name)
	fs, err := filesystem.New(ctx, staged)
	if err != nil {
		return err
	}
	defer fs.Close()
	f, err := fs.OpenWrite(ctx, staged)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	restrict(staged)
	bw := bufio.NewWriterSize(f, 1<<20)
	var w io.Writer = bw
	var pw *parquet.Writer
	if fn.Format == "parquet" {
		pw = parquet.NewWriter(bw, parquet.Options{})
		w = pw
	}
	if fn.Format != "ndjson" {
		var hb bytes.Buffer
		cw := csv.NewWriter(&hb)
		cw.Write(fn.Header)
		cw.Flush()
		if _, err := w.Write(hb.Bytes()); err != nil {
			return err
		}
	}
	var n int64
	var line string
	for lines(&line) {
		if _, err := io.WriteString(w, line); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		n++
	}
	if pw != nil {
		if err := pw.Close(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if fn.Count {
		recordsWritten.Inc(ctx, n)
	}
	emit(writtenFile{Staged: staged, Final: final, Lines: n})
	return nil
}

// restrict makes a local file readable by its owner only: outputs wait in
// staging, and the quarantine holds identified records.
func restrict(path string) {
	if !strings.Contains(path, "://") {
		os.Chmod(path, 0o600)
	}
}

// quarantineLine encodes a quarantined record as the library's quarantine
// does, with its shard: as a string when it is UTF-8, else in base64 so
// that no byte is lost.
func quarantineLine(q quarantined) (int, string) {
	v := map[string]any{"file": q.File, "line": q.Line, "reason": q.Reason}
	if utf8.ValidString(q.Record) {
		v["record"] = q.Record
	} else {
		v["record_base64"] = []byte(q.Record)
	}
	b, _ := json.Marshal(v)
	return 0, string(b) + "\n"
}
