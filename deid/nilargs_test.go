package deid

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// nilSet is a caller's IDSet type, passed as a nil pointer.
type nilSet struct{ ids map[string]bool }

func (s *nilSet) Contains(id []byte) bool { return s.ids[string(id)] }
func (s *nilSet) Len() int                { return len(s.ids) }

// A nil argument, or an interface holding a nil pointer (a typed nil: a
// nil *bytes.Buffer passed as an io.Writer), is refused with
// ErrNilArgument (ErrNoIDSet for a set) before anything reads it: a method
// called on it would panic, in a worker goroutine where the caller cannot
// recover.
func TestNilArgumentsRefused(t *testing.T) {
	tr, err := NewTransformer(&Policy{Fields: []Rule{{Field: "a", Action: Keep}}}, Keys{}, Options{Input: CSV})
	if err != nil {
		t.Fatal(err)
	}
	in := func() *strings.Reader { return strings.NewReader("a\n1\n") }
	var nilBuf *bytes.Buffer
	var nilFile *os.File
	var nilReader *strings.Reader
	cases := map[string]struct {
		call func() error
		want error
	}{
		"Run, typed-nil writer":     {func() error { _, err := tr.Run(context.Background(), in(), nilBuf); return err }, ErrNilArgument},
		"Run, typed-nil file":       {func() error { _, err := tr.Run(context.Background(), in(), nilFile); return err }, ErrNilArgument},
		"Run, typed-nil reader":     {func() error { _, err := tr.Run(context.Background(), nilReader, &bytes.Buffer{}); return err }, ErrNilArgument},
		"Run, nil writer":           {func() error { _, err := tr.Run(context.Background(), in(), nil); return err }, ErrNilArgument},
		"Run, nil reader":           {func() error { _, err := tr.Run(context.Background(), nil, &bytes.Buffer{}); return err }, ErrNilArgument},
		"ReadIDSet(nil)":            {func() error { _, err := ReadIDSet(nil); return err }, ErrNilArgument},
		"ReadIDSet(typed nil)":      {func() error { _, err := ReadIDSet(nilReader); return err }, ErrNilArgument},
		"ReadPolicy(nil)":           {func() error { _, err := ReadPolicy(nil); return err }, ErrNilArgument},
		"ReadPolicy(typed nil)":     {func() error { _, err := ReadPolicy(nilReader); return err }, ErrNilArgument},
		"Excluded(typed-nil set)":   {func() error { _, err := Excluded((*nilSet)(nil), []byte("u-1")); return err }, ErrNoIDSet},
		"Excluded(typed-nil set, )": {func() error { _, err := Excluded((*nilSet)(nil), []byte(" ")); return err }, ErrNoIDSet},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) { testenv.Refuses(t, tc.call, tc.want) })
	}
}
