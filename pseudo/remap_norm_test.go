package pseudo

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// Remap normalizes identifiers as package deid does before it
// pseudonymizes them (internal/idnorm): an ID listed with the white space,
// quotes or zero fraction a tool put around it maps the pseudonym deid
// released for it, and several spellings of one person are one entry.
// Before, " u-1" mapped the pseudonym of " u-1", which no release holds,
// and the person's data was not carried across the rotation.
func TestRemapNormalizesIDs(t *testing.T) {
	from, to := rotated(t)
	ctx := context.Background()
	for _, tc := range []struct{ spelled, id string }{
		{" u-1", "u-1"},
		{"u-1\t", "u-1"},
		{`"u-1"`, "u-1"},
		{"\u201cu-1\u201d", "u-1"},
		{"\ufeffu-1", "u-1"},
		{"1000.0", "1000"},
		{`" 42 "`, "42"},
	} {
		m, err := Remap(ctx, from, to, slices.Values([]string{tc.spelled, tc.id}), AllowUnauditedReversal())
		if err != nil {
			t.Fatalf("%q: %v", tc.spelled, err)
		}
		if len(m) != 1 || m[from.Pseudonym(tc.id)] != to.Pseudonym(tc.id) {
			t.Errorf("%q: the table has %d entries and maps the released pseudonym of %q to %q", tc.spelled, len(m), tc.id, m[from.Pseudonym(tc.id)])
		}
	}
	// An ID that is nothing once normalized names nobody: an error that
	// says which, never a pseudonym of white space.
	for _, blank := range []string{"", " ", `""`, "\ufeff"} {
		_, err := Remap(ctx, from, to, slices.Values([]string{"u-1", blank}), AllowUnauditedReversal())
		if !errors.Is(err, ErrEmptyID) {
			t.Errorf("%q: got %v, want ErrEmptyID", blank, err)
		}
	}
}

// rotated returns Pseudonymizers of one domain before and after a rotation.
func rotated(t *testing.T) (from, to *Pseudonymizer) {
	ks := mustKeyset(t)
	ks2, err := ks.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	return mustNew(t, ks, "d", WithKeyID(ks.primary)), mustNew(t, ks2, "d")
}
