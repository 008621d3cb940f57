package nilarg

import (
	"bytes"
	"io"
	"testing"
)

func TestIs(t *testing.T) {
	var buf *bytes.Buffer
	var w io.Writer = buf
	var m map[string]int
	var f func()
	var ch chan int
	var s []byte
	for _, tc := range []struct {
		name string
		v    any
		want bool
	}{
		{"nil", nil, true},
		{"nil pointer in an interface", w, true},
		{"nil map", m, true},
		{"nil func", f, true},
		{"nil chan", ch, true},
		{"nil slice", s, false},
		{"buffer", new(bytes.Buffer), false},
		{"value", 3, false},
		{"string", "", false},
	} {
		if got := Is(tc.v); got != tc.want {
			t.Errorf("%s: Is = %v, want %v", tc.name, got, tc.want)
		}
	}
}
