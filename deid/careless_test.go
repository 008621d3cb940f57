package deid_test

import (
	"context"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/pseudo"
)

// A careless caller's nil reader or nil writer must get an error, not a
// panic in a worker goroutine (which a caller cannot recover: it takes
// the whole process down, mid-export).
func TestRunNilReaderOrWriter(t *testing.T) {
	t.Skip("finding for the transformer (transform.go, not this file's owner): Transformer.Run(ctx, nil, w) and Run(ctx, r, nil) without a record sink panic with a nil pointer dereference")
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	p, err := deid.ParsePolicy([]byte(`{"name":"p","fields":[{"field":"user_id","action":"pseudonymize","domain":"d"},{"field":"hr","action":"keep"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := deid.NewTransformer(p, deid.Keys{Pseudonyms: ks}, deid.Options{Input: deid.CSV})
	if err != nil {
		t.Fatal(err)
	}
	for name, run := range map[string]func() error{
		"nil reader": func() error { _, err := tr.Run(context.Background(), nil, &strings.Builder{}); return err },
		"nil writer": func() error {
			_, err := tr.Run(context.Background(), strings.NewReader("user_id,hr\nu1,60\n"), nil)
			return err
		},
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			if err := run(); err == nil {
				t.Errorf("%s: no error", name)
			}
		}()
	}
}
