package exportcmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/deidkit/deidkit/deid"
	dparquet "github.com/deidkit/deidkit/deid/parquet"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/internal/exportfile"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// job is one run of a command.
type job struct {
	cmd    *Command
	o      *Options
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	setup    *Setup
	warnings []deid.Warning // the policy's warnings known so far
	printed  bool           // the warnings are on stderr
}

// run runs the job. The outputs of an earlier run at -out, -quarantine
// and -report go first, so that however this run ends (an error, a
// cancellation, a panic, a kill), none is left looking like its own.
// A failure that can be caught removes the partial outputs and leaves a
// report that says the run failed.
func (j *job) run(ctx context.Context) (err error) {
	for _, p := range []string{j.o.Report, j.o.ReportHTML, j.o.Out, j.o.Quarantine} {
		if err := exportfile.RemoveStale(p); err != nil {
			return err
		}
	}
	defer func() {
		// By now the deferred calls of the job have aborted its outputs.
		if r := recover(); r != nil {
			err = exportfile.PanicError(r)
		}
		if err != nil {
			j.printWarnings()
			j.writeFailedReport(err)
		}
	}()
	return j.release(ctx)
}

func (j *job) release(ctx context.Context) error {
	o := j.o
	start := time.Now()
	keys, err := keyfile.Load(o.Keyset, o.Tokens, o.KEK)
	if err != nil {
		return err
	}
	if keys.Demo {
		fmt.Fprintln(j.stderr, keyfile.DemoWarning)
	}
	dkeys := deid.Keys{Pseudonyms: keys.Pseudonyms, Tokens: keys.Tokens}

	in, size, closeIn, err := j.openInput(ctx)
	if err != nil {
		return err
	}
	defer closeIn()
	head, err := peek(in)
	if err != nil {
		return err
	}
	fields, err := deid.SampleFields(head, o.InFormat, 0)
	if err != nil {
		return fmt.Errorf("input: %w", err)
	}
	if j.setup, err = j.cmd.Setup(o, fields, dkeys); err != nil {
		return err
	}
	if p := j.setup.Profile; p != nil && len(p.Unrecognized) > 0 {
		fmt.Fprintf(j.stderr, "%s: dropped %d fields the profile does not recognize: %s\n",
			j.cmd.Name, len(p.Unrecognized), list(p.Unrecognized))
	}
	for _, n := range j.setup.Notes {
		fmt.Fprintf(j.stderr, "%s: %s\n", j.cmd.Name, n)
	}
	cfg := release.Config{
		Input:   o.InFormat,
		Policy:  j.setup.Policy,
		Keys:    dkeys,
		Privacy: j.setup.Privacy,
		// The library refuses kept fields that look like direct
		// identifiers, record by record as it writes, unless told to
		// release them.
		Field: deid.Options{Workers: o.Workers, AllowKeptIdentifiers: o.AllowKeptIdentifiers},
	}
	if o.Exclude != "" {
		ids, err := exportfile.ReadExclusionList(o.Exclude)
		if err != nil {
			return err
		}
		cfg.Field.Exclude, cfg.Field.ExcludeField, cfg.Field.ExcludeMayMatchNone = ids, o.ExcludeField, o.ExcludeMayMatchNone
	}
	if cfg.Privacy != nil {
		dir, err := exportfile.TempDir(o.TempDir, j.cmd.Name)
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.TempDir = dir
	}
	out, err := j.openOutput()
	if err != nil {
		return err
	}
	defer out.Abort()
	var quar *exportfile.Output
	if o.Quarantine != "" {
		if quar, err = exportfile.Create(o.Quarantine, nil); err != nil {
			return err
		}
		defer quar.Abort()
		cfg.Field.Quarantine = quar.W
	}
	bar := newProgress(j.stderr, size, o.Quiet)
	cfg.Field.Progress = bar.update

	rep, err := release.Run(ctx, in, writer(o.OutFormat, out), cfg)
	bar.done()
	if rep != nil {
		j.warnings = rep.Warnings
	}
	if err != nil {
		return err
	}
	rep.Profile = j.setup.Profile
	// Nothing is published unless every record is accounted for.
	if !rep.Reconciles() {
		return fmt.Errorf("internal error: the counts do not reconcile (%d read, %d written, %d quarantined, %d suppressed, %d excluded)",
			rep.Read, rep.Written, rep.Quarantined, rep.Suppressed, rep.Excluded)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if quar != nil {
		if err := quar.Commit(); err != nil {
			return err
		}
	}
	r := &Report{
		Status:        "ok",
		Report:        rep,
		Warnings:      rep.Warnings,
		Output:        out.Path(),
		KeyID:         keys.Pseudonyms.PrimaryKeyID(),
		DemoKeys:      keys.Demo,
		ReferenceDate: o.ReferenceDate.Format(time.DateOnly),
		Notes:         j.setup.Notes,
		Seconds:       time.Since(start).Seconds(),
	}
	if err := writeHTML(o.ReportHTML, rep); err != nil {
		return err
	}
	if err := exportfile.WriteJSON(o.Report, r); err != nil {
		return err
	}
	j.summary(r)
	return nil
}

// peek returns the head of the input (at most exportfile.PeekSize bytes)
// without consuming it, cut after its last complete line unless it is
// the whole input.
func peek(in *exportfile.Reader) ([]byte, error) {
	head, err := in.Peek(exportfile.PeekSize)
	switch {
	case err == io.EOF:
		if len(head) > 0 && head[len(head)-1] != '\n' {
			head = append(head[:len(head):len(head)], '\n')
		}
		return head, nil
	case err != nil && len(head) < exportfile.PeekSize:
		return nil, fmt.Errorf("input: %w", err)
	}
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[:i+1]
	}
	return head, nil
}

// writer returns the release.Writer of the output format. The text
// formats get the output file itself: written by the field stage, its
// chunks go to their offsets in parallel, not through a buffer (and they
// buffer what they write record by record themselves).
func writer(format string, out *exportfile.Output) release.Writer {
	switch format {
	case "parquet":
		return dparquet.NewRecordWriter(out.W, dparquet.Options{})
	case "ndjson":
		return release.NDJSON(out.Unbuffered())
	}
	return release.CSV(out.Unbuffered())
}

// openInput opens the input: a file, stdin, or the built-in sample. size
// is the input's size when known (for the progress bar), else -1.
func (j *job) openInput(ctx context.Context) (in *exportfile.Reader, size int64, closeFn func(), err error) {
	switch j.o.In {
	case "":
		s, err := Sample(ctx, j.o.InFormat, j.o.SampleRows)
		if err != nil {
			return nil, 0, nil, err
		}
		return exportfile.NewReader(bytes.NewReader(s)), int64(len(s)), func() {}, nil
	case "-":
		return exportfile.NewReader(j.stdin), -1, func() {}, nil
	}
	f, err := os.Open(j.o.In)
	if err != nil {
		return nil, 0, nil, err
	}
	size = -1
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return exportfile.NewReader(f), size, func() { f.Close() }, nil
}

// openOutput creates the output: -out, stdout, or for the sample's run a
// file in a new temporary directory, with the report beside it.
func (j *job) openOutput() (*exportfile.Output, error) {
	o := j.o
	if o.Out == "" && o.sample {
		dir, err := os.MkdirTemp("", "deidkit-"+j.cmd.Name+"-sample-")
		if err != nil {
			return nil, err
		}
		o.Out = filepath.Join(dir, j.cmd.Output+"."+o.OutFormat)
		if o.Report == "" {
			o.Report = filepath.Join(dir, "report.json")
		}
		if o.ReportHTML == "" {
			o.ReportHTML = filepath.Join(dir, "report.html")
		}
	}
	if o.Out == "" {
		o.Out = "-"
	}
	return exportfile.Create(o.Out, j.stdout)
}

// writeFailedReport replaces the report with one that says the run
// failed, and why, and describes no output: there is none.
func (j *job) writeFailedReport(cause error) {
	r := &Report{Status: "failed", Error: message(cause), Warnings: j.warnings}
	if j.setup != nil {
		r.Notes = j.setup.Notes
	}
	if err := exportfile.WriteJSON(j.o.Report, r); err != nil {
		fmt.Fprintf(j.stderr, "%s: writing the report of the failed run: %v\n", j.cmd.Name, err)
	}
}
