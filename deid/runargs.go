package deid

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
)

// ErrNilArgument reports a nil reader, writer or other argument, or an
// interface holding a nil pointer (a nil *bytes.Buffer passed as an
// io.Writer), which a call of its methods would panic on.
var ErrNilArgument = errors.New("deid: nil argument")

// isNil reports whether v is nil or holds a nil pointer, map, function or
// channel. A nil slice is a value: a type over one may work empty.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// ErrSameFile reports a run whose output is the file it reads: the
// workers would write the output over input not yet read.
var ErrSameFile = errors.New("deid: input and output are the same file")

// checkRunArgs refuses what Run cannot run safely before any goroutine
// starts: a nil reader or writer (or one holding a nil pointer) would panic in a worker, where the
// caller cannot recover it, and one file as input and output (the same
// *os.File, or two opened on it) would be overwritten while it is read.
// A file behind another reader or writer cannot be recognized here;
// programs compare their paths (see examples/internal/exportfile).
func checkRunArgs(r io.Reader, w io.Writer, sink bool) error {
	if isNil(r) {
		return fmt.Errorf("%w: Run needs a reader", ErrNilArgument)
	}
	if w == nil && !sink {
		return fmt.Errorf("%w: Run needs a writer (or Options.Records)", ErrNilArgument)
	}
	if w != nil && isNil(w) {
		return fmt.Errorf("%w: Run's writer is a nil %T", ErrNilArgument, w)
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
		if f.Kind() == reflect.Interface && !f.IsNil() && isNil(f.Interface()) {
			return fmt.Errorf("%w: Options.%s is a nil %s: leave it unset instead", ErrNilArgument, v.Type().Field(i).Name, f.Elem().Type())
		}
	}
	return nil
}
