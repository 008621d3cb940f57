package deid

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// A zero value of the package's types (a composite literal instead of its
// constructor) is refused with ErrZeroValue by the methods that return an
// error, never a panic.
func TestZeroValuesRefused(t *testing.T) {
	type S struct {
		Model string `deid:"keep"`
	}
	cases := map[string]func() error{
		"Struct{}.Copy":  func() error { _, err := (&Struct[S]{}).Copy(S{}); return err },
		"Struct{}.Apply": func() error { return (&Struct[S]{}).Apply(&S{}) },
	}
	for name, call := range cases {
		t.Run(name, func(t *testing.T) { testenv.Refuses(t, call, ErrZeroValue) })
	}
}

// The same of the transformer's and the applier's types, whose methods are
// in transform.go and applier.go.
func TestZeroTransformerRefused(t *testing.T) {
	for name, call := range map[string]func() error{
		"Transformer{}.Run": func() error {
			_, err := (&Transformer{}).Run(context.Background(), strings.NewReader("a\n1\n"), &bytes.Buffer{})
			return err
		},
		"Applier{}.Apply": func() error { _, err := (&Applier{}).Apply(&Row{}, [][]byte{[]byte("1")}); return err },
		"Plan{}.NewApplier().Apply": func() error {
			a := (&Plan{}).NewApplier()
			if a.Plan() != nil || a.Count(0) != 0 {
				t.Error("a zero Applier reports a plan or counts")
			}
			_, err := a.Apply(&Row{}, [][]byte{[]byte("1")})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) { testenv.Refuses(t, call, ErrZeroValue) })
	}
}
