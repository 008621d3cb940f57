package release

import (
	"fmt"
	"io"
	"reflect"

	"github.com/deidkit/deidkit/deid"
)

// checkRunArgs refuses an input or output Run could not use: nil, or an
// interface holding a nil pointer (a nil *os.File as the io.Reader, a
// nil *T as the Writer), whose first method call would panic, in a
// goroutine of the stage where the caller cannot recover it. The error
// is both ErrConfig and deid.ErrNilArgument, as deid's Transformer.Run
// reports the same mistake.
func checkRunArgs(in io.Reader, out Writer) error {
	if holdsNil(in) {
		return fmt.Errorf("%w: %w: Run needs an input, got %T", ErrConfig, deid.ErrNilArgument, in)
	}
	if holdsNil(out) {
		return fmt.Errorf("%w: %w: Run needs an output Writer, got %T", ErrConfig, deid.ErrNilArgument, out)
	}
	return nil
}

// holdsNil reports whether v is nil or holds a nil pointer, map,
// function or channel.
func holdsNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
