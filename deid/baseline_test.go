package deid

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/deidkit/deidkit/bench/baseline"
	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/pseudo/insecurekeyset"
)

// Under the research policy and the same key, the transformer's CSV is
// byte for byte what the standard-library baseline writes: same pseudonyms,
// same generalizations, same quoting.
func TestCSVMatchesStandardLibraryBaseline(t *testing.T) {
	var in bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &in, deidtest.Config{Rows: 20000, Seed: 7, MinPerUser: 1, MaxPerUser: 30}); err != nil {
		t.Fatal(err)
	}
	keys := testKeys(t)
	pl := researchPlan(t)
	key, err := insecurekeyset.DomainKey(keys.Pseudonyms, "research/partner-x", keys.Pseudonyms.PrimaryKeyID())
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	ref := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := baseline.CSV(context.Background(), bytes.NewReader(in.Bytes()), &want, baseline.Params{DomainKey: key, RefDate: ref}); err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 5} {
		tr, err := NewTransformer(pl.Policy(), keys, Options{Input: CSV, Workers: workers, ChunkSize: 8192})
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		rep, err := tr.Run(context.Background(), bytes.NewReader(in.Bytes()), &got)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			i := 0
			for i < min(got.Len(), want.Len()) && got.Bytes()[i] == want.Bytes()[i] {
				i++
			}
			lo := max(0, i-80)
			t.Fatalf("workers %d: output differs from the baseline at byte %d:\n got %q\nwant %q", workers, i,
				got.Bytes()[lo:min(got.Len(), i+80)], want.Bytes()[lo:min(want.Len(), i+80)])
		}
		if rep.Written != 20000 {
			t.Fatalf("written %d", rep.Written)
		}
	}
}
