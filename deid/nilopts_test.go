package deid

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// nilSink is a caller's RecordSink type, passed as a nil pointer.
type nilSink struct{ n int }

func (s *nilSink) Header(names []string) error  { s.n = 0; return nil }
func (s *nilSink) Record(fields [][]byte) error { s.n++; return nil }

// Options holding a typed nil (a nil *bytes.Buffer as the Quarantine or a
// tee, a nil pointer as the Exclude set or the Records sink) are refused
// by NewTransformer or Run with ErrNilArgument, never a panic in a worker
// goroutine. The check belongs in NewTransformer (transform.go), next to
// its nil checks, with isNil (runargs.go).
func TestNilOptionsRefused(t *testing.T) {
	var nilBuf *bytes.Buffer
	policy := &Policy{Fields: []Rule{{Field: "a", Action: Keep}}}
	for name, opts := range map[string]Options{
		"Quarantine": {Input: CSV, Quarantine: nilBuf},
		"InputTee":   {Input: CSV, InputTee: nilBuf},
		"OutputTee":  {Input: CSV, OutputTee: nilBuf},
		"Records":    {Input: CSV, Records: (*nilSink)(nil)},
		"Exclude":    {Input: CSV, Exclude: (*nilSet)(nil), ExcludeField: "a"},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panicked: %v", r)
				}
			}()
			tr, err := NewTransformer(policy, Keys{}, opts)
			if err == nil {
				var out io.Writer = &bytes.Buffer{}
				if opts.Records != nil {
					out = nil
				}
				_, err = tr.Run(context.Background(), strings.NewReader("a\n\"1\n"), out)
			}
			if !errors.Is(err, ErrNilArgument) || !strings.Contains(err.Error(), "Options."+name) {
				t.Errorf("got %v, want ErrNilArgument naming Options.%s", err, name)
			}
		})
	}
}
