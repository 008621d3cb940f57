package exportfile

import (
	"fmt"
	"runtime"
	"strings"
)

// PanicError turns a panic recovered in a program's job into an error
// that says where it happened, by function and line, without the panic's
// value or the functions' arguments: either may hold an input value. The
// program can then clean up and report the failure like any other.
func PanicError(recovered any) error {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs) // skip Callers, PanicError and the deferred function
	frames := runtime.CallersFrames(pcs[:n])
	var where []string
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			where = append(where, fmt.Sprintf("%s (%s:%d)", f.Function, shortFile(f.File), f.Line))
		}
		if !more || len(where) == 8 {
			break
		}
	}
	return fmt.Errorf("internal error: a panic (its value is withheld: it may hold input data) at %s", strings.Join(where, " < "))
}

func shortFile(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:]
	}
	return path
}
