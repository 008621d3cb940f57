package deid

import (
	"fmt"
	"strings"
)

// Paths name the values of nested records: keys joined by dots, with "[]"
// after the key of an array for its elements ("device.serial",
// "readings[].user_id", "tags[]"). A CSV column name is a path of one key.
// The syntax is checked where a policy names a path (validPath); the paths
// of records are built by package jsonrec.

// Container kinds, as forEnclosing reports them: the character after an
// enclosing path in the enclosed one.
const (
	inObject = '.'
	inArray  = '['
)

// forEnclosing calls fn with each path that encloses f, outermost first,
// and whether f goes into it as an object (inObject) or an array's
// elements (inArray): for "a.b[].c", ("a", inObject), ("a.b", inArray),
// ("a.b[]", inObject). It stops when fn returns false.
func forEnclosing(f string, fn func(p string, kind byte) bool) {
	for i := 0; i < len(f); i++ {
		switch {
		case f[i] == '.':
			if !fn(f[:i], inObject) {
				return
			}
		case f[i] == '[' && i > 0 && i+1 < len(f) && f[i+1] == ']':
			if !fn(f[:i], inArray) {
				return
			}
			i++
		}
	}
}

// throughArray reports whether path f names the elements of an array, or
// values inside them: such a path names many values of one record.
func throughArray(f string) bool { return strings.Contains(f, "[]") }

// validPath checks the syntax of a path a policy names: keys separated by
// dots, none empty, each followed by any number of "[]". A '[' or ']'
// that is not part of "[]" belongs to a key ("weight[kg]").
func validPath(f string) error {
	if f == "" {
		return fmt.Errorf("no field named")
	}
	if strings.HasPrefix(f, ".") || strings.HasSuffix(f, ".") || strings.Contains(f, "..") {
		return fmt.Errorf("malformed path: an empty key")
	}
	for i := strings.Index(f, "[]"); i >= 0; i = nextIndex(f, "[]", i) {
		if i == 0 || f[i-1] == '.' {
			return fmt.Errorf("malformed path: \"[]\" follows no key")
		}
		if j := i + 2; j < len(f) && f[j] != '.' && !strings.HasPrefix(f[j:], "[]") {
			return fmt.Errorf("malformed path: \"[]\" must end a key (\"a[].b\", \"a[][]\")")
		}
	}
	return nil
}

// nextIndex returns the index of the next sep in f after the one at i, or
// -1.
func nextIndex(f, sep string, i int) int {
	if j := strings.Index(f[i+len(sep):], sep); j >= 0 {
		return i + len(sep) + j
	}
	return -1
}

// containerName names a container kind in messages.
func containerName(kind byte) string {
	if kind == inArray {
		return "an array"
	}
	return "an object"
}
