package exportfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// An Output is what a program writes: a regular file, written under a
// temporary name in its final directory and renamed into place by Commit,
// so that a failed run never leaves a partial file that looks complete; a
// FIFO or a character device, written through (never replaced); or
// stdout, which is only flushed.
type Output struct {
	W    *bufio.Writer
	f    *os.File // nil for stdout
	path string   // as named on the command line
	// final is the file a temporary file is renamed onto (the target of
	// a symbolic link); empty when writing through.
	final string
	done  bool
}

// Create creates the output path, or wraps stdout when path is "-" and
// stdout is not nil.
//
// A regular file (or a symbolic link to one) is replaced when Commit is
// called: the temporary file is made beside the link's target, and the
// link stays a link. A new file is readable by its owner only: exports,
// quarantines and reports hold health data. A FIFO or a character device
// (a pipe to another program, /dev/stdout, /dev/null) is opened and
// written through: a reader of the FIFO gets the records as they are
// written, and on failure only the part written so far, like stdout, so
// the exit status says whether it is complete. A link to a missing file
// creates that file. Anything else (a directory, a socket, a block
// device) is refused.
func Create(path string, stdout io.Writer) (*Output, error) {
	if path == "-" && stdout != nil {
		return &Output{W: bufio.NewWriterSize(stdout, 256<<10), path: "-"}, nil
	}
	info, err := os.Stat(path) // follows links
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A new file, possibly the missing target of a link, as a shell's
		// redirection would create it.
		final, err := canonical(path, 0)
		if err != nil {
			return nil, err
		}
		return createTemp(path, final)
	case err != nil:
		return nil, err
	case info.Mode().IsRegular():
		final, err := filepath.EvalSymlinks(path)
		if err != nil {
			return nil, err
		}
		return createTemp(path, final)
	case info.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) != 0:
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &Output{W: bufio.NewWriterSize(f, 256<<10), f: f, path: path}, nil
	}
	return nil, fmt.Errorf("%s: not a regular file, a FIFO or a character device", path)
}

// createTemp creates the temporary file of final, beside it:
// ".<name>.deidkit-<pid>-<random>.tmp". The temporary files of final that
// killed runs left (their process is gone) are removed first.
func createTemp(path, final string) (*Output, error) {
	dir, prefix := filepath.Dir(final), "."+filepath.Base(final)+"."
	sweep(dir, prefix, ".tmp", false)
	f, err := os.CreateTemp(dir, tempName(prefix, ".tmp"))
	if err != nil {
		// Named as on the command line, not by the temporary name.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &Output{W: bufio.NewWriterSize(f, 256<<10), f: f, path: path, final: final}, nil
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

// Path returns the path as named, or "-" for stdout.
func (o *Output) Path() string { return o.path }

// Commit flushes the output and moves a temporary file into place.
func (o *Output) Commit() error {
	if err := o.W.Flush(); err != nil {
		return err
	}
	o.done = true
	if o.f == nil {
		return nil
	}
	if err := o.f.Close(); err != nil {
		o.removeTemp()
		return err
	}
	if o.final == "" {
		return nil
	}
	if err := os.Rename(o.f.Name(), o.final); err != nil {
		o.removeTemp()
		return err
	}
	return nil
}

// Abort removes the temporary file (or closes the FIFO or device) unless
// Commit succeeded. It is meant to be deferred.
func (o *Output) Abort() {
	if o.done || o.f == nil {
		return
	}
	o.done = true
	o.f.Close()
	o.removeTemp()
}

func (o *Output) removeTemp() {
	if o.final != "" {
		os.Remove(o.f.Name())
	}
}

// RemoveStale removes the regular file at path, if there is one, so that
// a report of an earlier run is not left beside a run that fails before
// it can write its own. FIFOs, devices and missing files are left alone.
func RemoveStale(path string) error {
	if path == "" || path == "-" {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return nil
	}
	final, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	return os.Remove(final)
}
