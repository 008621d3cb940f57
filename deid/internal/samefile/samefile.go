// Package samefile tells whether two readers or writers given to a run
// are one: the same pointer (a *bytes.Buffer, a *bufio.Writer, an
// *os.File), or two *os.File open on one regular file. A run refuses to
// write raw records (its quarantine, a copy of its input) where it writes
// its output or reads its input: a caller who passes one writer twice
// would publish identified records in a release.
//
// A writer that writes into another one (a converter to Parquet, a
// checksumming release Writer) tells which by a method Destination()
// io.Writer (see [Wrapper]); Same follows it on both sides, so that a
// quarantine that is the file under a Parquet writer is the output.
//
// What it cannot see is not compared: a file behind a writer of another
// kind (a bufio.Writer over an *os.File), or two paths of one file that
// a program has not opened yet (programs compare their paths first).
package samefile

import (
	"io"
	"os"
	"reflect"

	"github.com/deidkit/deidkit/internal/nilarg"
)

// Wrapper is a writer that writes into another one, its Destination.
type Wrapper interface {
	Destination() io.Writer
}

// maxWrap bounds how many wrappers Same follows, against a cycle.
const maxWrap = 8

// Same reports whether a and b are one reader or writer, or wrap one (see
// [Wrapper]); nil is never the same as anything.
func Same(a, b any) bool {
	for i := 0; i < maxWrap && a != nil; i++ {
		for j, b := 0, b; j < maxWrap && b != nil; j++ {
			if same(a, b) {
				return true
			}
			b = destination(b)
		}
		a = destination(a)
	}
	return false
}

// destination is what x writes into, or nil.
func destination(x any) any {
	if w, ok := x.(Wrapper); ok && !nilarg.Is(w) {
		if d := w.Destination(); !nilarg.Is(d) {
			return d
		}
	}
	return nil
}

func same(a, b any) bool {
	fa, okA := a.(*os.File)
	fb, okB := b.(*os.File)
	if okA && okB {
		if fa == fb {
			return true
		}
		ia, errA := fa.Stat()
		ib, errB := fb.Stat()
		return errA == nil && errB == nil && ia.Mode().IsRegular() && os.SameFile(ia, ib)
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	return va.Kind() == reflect.Pointer && va.Type() == vb.Type() && !va.IsNil() && va.Pointer() == vb.Pointer()
}
