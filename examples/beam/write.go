package main

import (
	"bufio"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/deidkit/deidkit/deid/parquet"
	"github.com/deidkit/deidkit/deid/release"
)

// Files are written in two steps: each shard into the staging directory,
// then, once every check of the release has passed, renamed into place by
// finalizeFn. A refused or failed job leaves no output file.

// A writtenFile is a staged file and where it goes.
type writtenFile struct {
	Staged, Final string
	Records       int64
}

var recordsWritten = beam.NewCounter("deidkit", "records_written")

// joinPath joins a directory and a name on any filesystem ("gs://b/d").
func joinPath(dir, name string) string { return strings.TrimSuffix(dir, "/") + "/" + name }

// shardFn keys each released record by its output shard, a hash of its
// fields: the same record always goes to the same shard.
type shardFn struct {
	Shards int
}

func (fn *shardFn) ProcessElement(row []string, emit func(int, []string)) {
	h := fnv.New32a()
	for _, v := range row {
		h.Write([]byte(v))
		h.Write([]byte{0})
	}
	emit(int(h.Sum32()%uint32(fn.Shards)), row)
}

// writeShardFn writes one shard's records into the staging directory,
// with the writers of the library's release: CSV, NDJSON with numbers as
// JSON numbers, or Parquet with typed columns (deid/parquet), the
// columns' types inferred from every released value (release.ColumnTypes).
type writeShardFn struct {
	Staging, Final string
	Format         string
}

func (fn *writeShardFn) ProcessElement(ctx context.Context, shard int, rows func(*[]string) bool, cols []release.Column, emit func(writtenFile)) error {
	name := fmt.Sprintf("part-%05d.%s", shard, fn.Format)
	var n int64
	err := stage(ctx, joinPath(fn.Staging, name), func(w io.Writer) error {
		var out release.Writer
		switch fn.Format {
		case "parquet":
			out = parquet.NewRecordWriter(w, parquet.Options{})
		case "ndjson":
			out = release.NDJSON(w)
		default:
			out = release.CSV(w)
		}
		if err := out.Begin(cols); err != nil {
			return err
		}
		var row []string
		fields := make([][]byte, len(cols))
		for rows(&row) {
			for i, v := range row {
				fields[i] = []byte(v)
			}
			if err := out.Write(fields); err != nil {
				return err
			}
			n++
		}
		return out.Close()
	})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	recordsWritten.Inc(ctx, n)
	emit(writtenFile{Staged: joinPath(fn.Staging, name), Final: joinPath(fn.Final, name), Records: n})
	return nil
}

// writeLinesFn writes lines into one staged file: the quarantine.
type writeLinesFn struct {
	Staged, Final string
}

func (fn *writeLinesFn) ProcessElement(ctx context.Context, _ int, lines func(*string) bool, emit func(writtenFile)) error {
	var n int64
	err := stage(ctx, fn.Staged, func(w io.Writer) error {
		var line string
		for lines(&line) {
			if _, err := io.WriteString(w, line); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	emit(writtenFile{Staged: fn.Staged, Final: fn.Final, Records: n})
	return nil
}

// stage creates the staged file, readable by its owner only, and writes
// it with write.
func stage(ctx context.Context, staged string, write func(io.Writer) error) (err error) {
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
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// restrict makes a local file readable by its owner only: outputs wait in
// staging, and the quarantine holds identified records.
func restrict(path string) {
	if !strings.Contains(path, "://") {
		os.Chmod(path, 0o600)
	}
}

// quarantineKey sends every quarantined record to the one quarantine
// file.
func quarantineKey(line string) (int, string) { return 0, line }
