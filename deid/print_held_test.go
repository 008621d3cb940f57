package deid

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
)

// The long-lived types of the package (a Plan, a Transformer after a run,
// a Struct after a Copy, a Report) show no value of the records they saw,
// however a caller prints them, held by value in an unexported field
// included.
func TestLongLivedTypesUnprinted(t *testing.T) {
	keys := testKeys(t)
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "first_name", Action: Drop}, {Field: "model", Action: Keep}}}
	pl, err := Compile(p, []string{"user_id", "first_name", "model"}, keys)
	if err != nil {
		t.Fatal(err)
	}
	var out Row
	if _, err := pl.NewApplier().Apply(&out, [][]byte{[]byte("zelda-0042"), []byte("Zelda"), []byte("quistphone")}); err != nil {
		t.Fatal(err)
	}
	testenv.Unprinted(t, "Plan", pl, "zelda", "quistphone")
	tr, err := NewTransformer(p, keys, Options{Input: CSV, Exclude: NewIDSet([]string{"zelda-0099"}), ExcludeField: "user_id", ExcludeMayMatchNone: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := tr.Run(context.Background(), strings.NewReader("user_id,first_name,model\nzelda-0042,Zelda,quistphone\n"), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	testenv.Unprinted(t, "Report", rep, "zelda", "quistphone")
	type S struct {
		UserID string `deid:"pseudonymize,domain=d"`
		Model  string `deid:"keep"`
	}
	s, err := ForType[S](keys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Copy(S{UserID: "zelda-0042", Model: "quistphone"}); err != nil {
		t.Fatal(err)
	}
	testenv.Unprinted(t, "Struct", s, "zelda", "quistphone")
}

// A Transformer held by value in a struct's unexported field prints, under
// %s or %q, the chunk buffers it keeps for the next run: raw input. The
// fix is for transform.go (the pooled slots behind an internal/sealed.Ref).
func TestTransformerUnprintedWhenHeld(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Drop}, {Field: "model", Action: Keep}}}
	tr, err := NewTransformer(p, Keys{}, Options{Input: CSV})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader("user_id,model\nzelda-0042,quistphone\n"), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	testenv.Unprinted(t, "Transformer", tr, "zelda", "quistphone")
	// Nor the records a caller's quarantine and tees keep.
	var quar, inTee, outTee bytes.Buffer
	tr, err = NewTransformer(p, Keys{}, Options{Input: CSV, Quarantine: &quar, InputTee: &inTee, OutputTee: &outTee})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(context.Background(), strings.NewReader("user_id,model\nzelda-0042,quistphone\nzelda-0043,\"x\n"), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(quar.String(), "zelda-0043") || !strings.Contains(inTee.String(), "zelda-0042") || !strings.Contains(outTee.String(), "quistphone") {
		t.Fatalf("quarantine %q, tees %q, %q", quar.String(), inTee.String(), outTee.String())
	}
	testenv.Unprinted(t, "Transformer with writers", tr, "zelda", "quistphone")
}
