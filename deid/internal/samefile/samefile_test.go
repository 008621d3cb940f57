package samefile

import (
	"bytes"
	"io"
	"testing"
)

// wrap is a writer into another one.
type wrap struct{ dst io.Writer }

func (w *wrap) Write(p []byte) (int, error) { return w.dst.Write(p) }
func (w *wrap) Destination() io.Writer      { return w.dst }

func TestSameFollowsWrappers(t *testing.T) {
	var a, b bytes.Buffer
	loop := &wrap{}
	loop.dst = loop
	var nilWrap *wrap
	for _, tc := range []struct {
		name string
		x, y any
		want bool
	}{
		{"one buffer", &a, &a, true},
		{"two buffers", &a, &b, false},
		{"a wrapper of the other", &wrap{&a}, &a, true},
		{"the other of a wrapper", &a, &wrap{&wrap{&a}}, true},
		{"wrappers of one buffer", &wrap{&a}, &wrap{&wrap{&a}}, true},
		{"wrappers of two buffers", &wrap{&a}, &wrap{&b}, false},
		{"a cycle", loop, &a, false},
		{"a nil wrapper", nilWrap, &a, false},
		{"a wrapper of nothing", &wrap{}, &a, false},
		{"nil", nil, &a, false},
	} {
		if got := Same(tc.x, tc.y); got != tc.want {
			t.Errorf("%s: Same = %v, want %v", tc.name, got, tc.want)
		}
	}
}
