// Package nilarg tells an argument a call cannot use because it is nil:
// a nil interface, or one holding a nil pointer, map, function or channel
// (a nil *bytes.Buffer passed as an io.Writer), whose first method call
// would panic, often in a goroutine where the caller cannot recover it.
// The packages that take readers, writers and sets check their arguments
// with it, so that they agree on what counts as nil.
package nilarg

import "reflect"

// Is reports whether v is nil or holds a nil pointer, map, function or
// channel. A nil slice is a value: a type over one may work empty.
func Is(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
