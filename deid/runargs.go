package deid

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/deidkit/deidkit/deid/internal/samefile"
	"github.com/deidkit/deidkit/internal/nilarg"
)

// ErrNilArgument reports a nil reader, writer or other argument, or an
// interface holding a nil pointer (a nil *bytes.Buffer passed as an
// io.Writer), which a call of its methods would panic on.
var ErrNilArgument = errors.New("deid: nil argument")

// ErrSameFile reports a run whose output is the file it reads: the
// workers would write the output over input not yet read. It also
// reports a writer of raw records (Options.Quarantine, Options.InputTee)
// that is the output, the OutputTee or the input: raw, identified records
// would be written into the release, or over the input.
var ErrSameFile = errors.New("deid: input and output are the same file")

// checkRunArgs refuses what Run cannot run safely before any goroutine
// starts: a nil reader or writer (or one holding a nil pointer) would panic in a worker, where the
// caller cannot recover it, and one file as input and output (the same
// *os.File, or two opened on it) would be overwritten while it is read.
// A file behind another reader or writer cannot be recognized here;
// programs compare their paths (see examples/internal/exportfile).
func checkRunArgs(r io.Reader, w io.Writer, sink bool, opts *Options) error {
	if nilarg.Is(r) {
		return fmt.Errorf("%w: Run needs a reader", ErrNilArgument)
	}
	if w == nil && !sink {
		return fmt.Errorf("%w: Run needs a writer (or Options.Records)", ErrNilArgument)
	}
	if w != nil && nilarg.Is(w) {
		return fmt.Errorf("%w: Run's writer is a nil %T", ErrNilArgument, w)
	}
	if err := checkRawWriters(r, w, opts); err != nil {
		return err
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

// ErrZeroValue reports a value of this package's types that its
// constructor did not make (a composite literal such as Struct[T]{}): it
// holds no compiled policy, and cannot be used.
var ErrZeroValue = errors.New("deid: zero value: make it with its constructor (Compile, NewTransformer, ForType)")

// checkNilOptions refuses an option set to an interface that holds a nil
// pointer (a nil *bytes.Buffer as the Quarantine): unlike an unset
// option, which a run skips, it would be called and panic in a worker, or
// fail only once a record needs it. Every interface field of Options is
// checked, so an option added later is covered too.
func checkNilOptions(opts *Options) error {
	v := reflect.ValueOf(opts).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Interface && !f.IsNil() && nilarg.Is(f.Interface()) {
			return fmt.Errorf("%w: Options.%s is a nil %s: leave it unset instead", ErrNilArgument, v.Type().Field(i).Name, f.Elem().Type())
		}
	}
	return nil
}

// checkRawWriters refuses a writer of raw records (the quarantine, the
// copy of the input) that is the output, the copy of the output or the
// input (see package samefile for what can be recognized).
func checkRawWriters(r io.Reader, w io.Writer, opts *Options) error {
	for _, raw := range []struct {
		name string
		w    io.Writer
	}{{"Quarantine", opts.Quarantine}, {"InputTee", opts.InputTee}} {
		switch {
		case raw.w == nil:
		case samefile.Same(raw.w, w):
			return fmt.Errorf("%w: Options.%s is Run's writer: raw records would be written into the output", ErrSameFile, raw.name)
		case samefile.Same(raw.w, opts.OutputTee):
			return fmt.Errorf("%w: Options.%s is Options.OutputTee: raw records would be written into the copy of the output", ErrSameFile, raw.name)
		case samefile.Same(raw.w, r):
			return fmt.Errorf("%w: Options.%s is Run's reader: raw records would be written over the input", ErrSameFile, raw.name)
		}
	}
	return nil
}
