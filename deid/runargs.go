package deid

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrSameFile reports a run whose output is the file it reads: the
// workers would write the output over input not yet read.
var ErrSameFile = errors.New("deid: input and output are the same file")

// checkRunArgs refuses what Run cannot run safely before any goroutine
// starts: a nil reader or writer would panic in a worker, where the
// caller cannot recover it, and one file as input and output (the same
// *os.File, or two opened on it) would be overwritten while it is read.
// A file behind another reader or writer cannot be recognized here;
// programs compare their paths (see examples/internal/exportfile).
func checkRunArgs(r io.Reader, w io.Writer, sink bool) error {
	if r == nil {
		return errors.New("deid: Run needs a reader")
	}
	if w == nil && !sink {
		return errors.New("deid: Run needs a writer (or Options.Records)")
	}
	rf, ok := r.(*os.File)
	if !ok {
		return nil
	}
	wf, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if rf == wf {
		return fmt.Errorf("%w: one *os.File given as both", ErrSameFile)
	}
	ri, err := rf.Stat()
	if err != nil {
		return nil // Run's first read reports it
	}
	wi, err := wf.Stat()
	if err != nil {
		return nil
	}
	if os.SameFile(ri, wi) && ri.Mode().IsRegular() {
		return ErrSameFile
	}
	return nil
}
