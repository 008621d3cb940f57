package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/exportfile"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// job is one run of the export.
type job struct {
	cfg    *config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	keys   keyfile.Keys
	policy *deid.Policy
	rep    report
}

// run runs the job. Once it has started, a failure of any kind (an
// error, a cancellation, a panic in the job) removes the partial outputs
// and leaves a report that says the run failed, never the report of an
// earlier run.
func (j *job) run(ctx context.Context) (err error) {
	if err := exportfile.RemoveStale(j.cfg.report); err != nil {
		return err
	}
	defer func() {
		// By now the deferred calls of the job have aborted its outputs.
		if r := recover(); r != nil {
			err = exportfile.PanicError(r)
		}
		if err != nil {
			j.writeFailedReport(err)
		}
	}()
	return j.export(ctx)
}

func (j *job) export(ctx context.Context) error {
	cfg := j.cfg
	start := time.Now()
	keys, err := keyfile.Load(cfg.keyset, cfg.tokens, cfg.kek)
	if err != nil {
		return err
	}
	j.keys = keys
	if keys.Demo {
		fmt.Fprintln(j.stderr, keyfile.DemoWarning)
	}

	in, size, closeIn, err := j.openInput()
	if err != nil {
		return err
	}
	defer closeIn()
	fields, err := exportfile.Fields(in, mustFormat(cfg.inFormat))
	if err != nil {
		return err
	}
	if err := j.choosePolicy(fields); err != nil {
		return err
	}
	var exclude deid.IDSet
	if cfg.exclude != "" {
		if exclude, err = exportfile.ReadExclusionList(cfg.exclude); err != nil {
			return err
		}
	}

	out, err := j.openOutput()
	if err != nil {
		return err
	}
	defer out.Abort()

	var quar *exportfile.Output
	if cfg.quarantine != "" {
		if quar, err = exportfile.Create(cfg.quarantine, nil); err != nil {
			return err
		}
		defer quar.Abort()
	}

	bar := newProgress(j.stderr, size, cfg.quiet)
	opts := deid.Options{
		Input:    mustFormat(cfg.inFormat),
		Output:   deid.CSV,
		Workers:  cfg.workers,
		Progress: bar.update,
	}
	if quar != nil {
		opts.Quarantine = quar.W
	}
	if exclude != nil {
		opts.Exclude, opts.ExcludeField, opts.ExcludeMayMatchNone = exclude, cfg.excludeFld, cfg.excludeMayMatchNone
	}
	// Without a k-anonymity stage the transformer writes the final format
	// itself (Parquet is fed CSV); with one, it writes CSV to a temporary
	// file that the stage reads three times.
	sink := io.Writer(out.W)
	if cfg.k == 0 && cfg.outFormat != "parquet" {
		// The transformer writes the final output in chunks.
		sink = out.Unbuffered()
	}
	final, err := newSink(sink, cfg.outFormat)
	if err != nil {
		return err
	}
	if cfg.k == 0 && cfg.outFormat == "ndjson" {
		opts.Output = deid.NDJSON
	}
	tr, err := deid.NewTransformer(j.policy, deid.Keys{Pseudonyms: keys.Pseudonyms, Tokens: keys.Tokens}, opts)
	if err != nil {
		return err
	}
	var stage1 io.Writer = final
	if nc, ok := final.(nopCloser); ok {
		// The output file itself, not a wrapper: the transformer's workers
		// then write their chunks at their offsets in parallel.
		stage1 = nc.Writer
	}
	var tmp *os.File
	if cfg.k > 0 {
		if tmp, err = os.CreateTemp("", "deidkit-export-*.csv"); err != nil {
			return err
		}
		// Unlinked at once where the system allows it (the open file
		// stays readable), so that not even a killed run leaves it.
		if os.Remove(tmp.Name()) != nil {
			defer os.Remove(tmp.Name())
		}
		defer tmp.Close()
		stage1 = bufio.NewWriterSize(tmp, 1<<20)
	}
	drep, err := tr.Run(ctx, in, stage1)
	bar.done()
	if err != nil {
		return err
	}
	j.rep.fromDeid(drep)
	// The report and the summary name fields: not one that may be a value
	// (a key of an NDJSON record after the part Fields read).
	if err := exportfile.CheckFieldNames(j.rep.fieldNames()); err != nil {
		return fmt.Errorf("input: %w", err)
	}
	if cfg.k > 0 {
		if err := stage1.(*bufio.Writer).Flush(); err != nil {
			return err
		}
		if err := j.anonymize(ctx, tmp, final); err != nil {
			return err
		}
	}
	if err := final.Close(); err != nil {
		return err
	}
	// Nothing is published unless every record is accounted for.
	if !j.rep.reconciles() {
		return fmt.Errorf("internal error: the counts do not reconcile: %+v", j.rep.Records)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if quar != nil {
		if err := quar.Commit(); err != nil {
			return err
		}
	}
	j.rep.Status = "ok"
	j.rep.Output = out.Path()
	j.rep.KeyID = keys.Pseudonyms.PrimaryKeyID()
	j.rep.DemoKeys = keys.Demo
	j.rep.Seconds = time.Since(start).Seconds()
	if err := j.writeReport(); err != nil {
		return err
	}
	j.summary()
	return nil
}

func mustFormat(s string) deid.Format {
	f, err := deid.ParseFormat(s)
	if err != nil {
		panic("export: format validated by check: " + s)
	}
	return f
}

// openInput opens the input: a file, stdin, or the built-in sample. size
// is the input's size when known (for the progress bar), else -1.
func (j *job) openInput() (r *exportfile.Reader, size int64, closeFn func(), err error) {
	cfg := j.cfg
	switch cfg.in {
	case "":
		sample, err := sampleInput(cfg.inFormat, cfg.sampleRows)
		if err != nil {
			return nil, 0, nil, err
		}
		return exportfile.NewReader(bytes.NewReader(sample)), int64(len(sample)), func() {}, nil
	case "-":
		return exportfile.NewReader(j.stdin), -1, func() {}, nil
	}
	f, err := os.Open(cfg.in)
	if err != nil {
		return nil, 0, nil, err
	}
	size = -1
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return exportfile.NewReader(f), size, func() { f.Close() }, nil
}

// openOutput creates the output: -out, stdout, or for the demo run a
// file in a new temporary directory (with the report beside it).
func (j *job) openOutput() (*exportfile.Output, error) {
	cfg := j.cfg
	out := cfg.out
	if out == "" && cfg.in == "" {
		dir, err := os.MkdirTemp("", "deidkit-export-demo-")
		if err != nil {
			return nil, err
		}
		out = filepath.Join(dir, "research."+cfg.outFormat)
		if cfg.report == "" {
			cfg.report = filepath.Join(dir, "report.json")
		}
	}
	if out == "" {
		out = "-"
	}
	return exportfile.Create(out, j.stdout)
}

func (j *job) writeReport() error { return exportfile.WriteJSON(j.cfg.report, &j.rep) }

// writeFailedReport replaces the report with one that says the run
// failed, and why, and describes no output: there is none.
func (j *job) writeFailedReport(cause error) {
	rep := &failedReport{Status: "failed", Error: cause.Error()}
	if j.policy != nil {
		rep.Policy = j.policy.Name
	}
	err := exportfile.WriteJSON(j.cfg.report, rep)
	if err != nil {
		fmt.Fprintln(j.stderr, "export: writing the report of the failed run:", err)
	}
}
