// Package samefile tells whether two readers or writers given to a run
// are one: the same pointer (a *bytes.Buffer, a *bufio.Writer, an
// *os.File), or two *os.File open on one regular file. A run refuses to
// write raw records (its quarantine, a copy of its input) where it writes
// its output or reads its input: a caller who passes one writer twice
// would publish identified records in a release.
//
// What it cannot see is not compared: a file behind a writer of another
// kind (a bufio.Writer over an *os.File), or two paths of one file that
// a program has not opened yet (programs compare their paths first).
package samefile

import (
	"os"
	"reflect"
)

// Same reports whether a and b are one reader or writer; nil is never the
// same as anything.
func Same(a, b any) bool {
	if a == nil || b == nil {
		return false
	}
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
