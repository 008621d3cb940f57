package exportfile

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// An Output is written under a temporary name in its final directory and
// renamed into place by Commit, so that a failed run never leaves a partial
// file that looks complete; or it is stdout, which is only flushed.
type Output struct {
	W    *bufio.Writer
	f    *os.File // nil for stdout
	path string
	done bool
}

// Create creates the output path, or wraps stdout when path is "-" and
// stdout is not nil. The file is readable by its owner only: exports,
// quarantines and reports hold health data.
func Create(path string, stdout io.Writer) (*Output, error) {
	if path == "-" && stdout != nil {
		return &Output{W: bufio.NewWriterSize(stdout, 256<<10), path: "-"}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &Output{W: bufio.NewWriterSize(f, 256<<10), f: f, path: path}, nil
}

// Unbuffered returns where to write the output when the writes are large
// (whole chunks of records): the file itself, so that they are not copied
// through W and a writer that knows files (the deid transformer) may write
// at offsets in parallel; or W for stdout. Do not mix it with W before
// Commit.
func (o *Output) Unbuffered() io.Writer {
	if o.f != nil {
		return o.f
	}
	return o.W
}

// Path returns the final path, or "-" for stdout.
func (o *Output) Path() string { return o.path }

// Commit flushes the output and moves the file into place.
func (o *Output) Commit() error {
	if err := o.W.Flush(); err != nil {
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

// Abort removes the temporary file unless Commit succeeded. It is meant to
// be deferred.
func (o *Output) Abort() {
	if o.done || o.f == nil {
		return
	}
	o.f.Close()
	os.Remove(o.f.Name())
}
