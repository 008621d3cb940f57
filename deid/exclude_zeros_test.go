package deid

import (
	"errors"
	"strings"
	"testing"
)

// A spreadsheet drops the leading zeros of the IDs of a list (or of an
// input) it opens and saves, and tools write e-mail addresses in various
// cases: the listed user 007 written 7, or zelda@example.com written
// Zelda@Example.com in the input, matched none of their records, which
// were released. A record whose ID matches a listed one but for leading
// zeros or case is now neither excluded nor released.
func TestExclusionNearMatch(t *testing.T) {
	for _, tc := range []struct {
		list, in string
	}{
		{"7\n42\n", "user_id,v\n007,a\n42,b\n8,c\n"},   // the list lost the zeros
		{"007\n42\n", "user_id,v\n7,a\n42,b\n8,c\n"},   // the input lost them
		{"0007\n42\n", "user_id,v\n07,a\n42,b\n8,c\n"}, // both, differently
		{"zelda@example.com\n42\n", "user_id,v\nZelda@Example.COM,a\n42,b\n8,c\n"},
		{"ZELDA@EXAMPLE.COM\n42\n", "user_id,v\nzelda@example.com,a\n42,b\n8,c\n"},
		{"Ünal@example.com\n42\n", "user_id,v\nünal@example.com,a\n42,b\n8,c\n"},
	} {
		list, err := ReadIDSet(strings.NewReader(tc.list))
		if err != nil {
			t.Fatal(err)
		}
		var quarantine strings.Builder
		out, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Output: CSV, Exclude: list, ExcludeField: "user_id", Quarantine: &quarantine}, tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Quarantined != 1 || rep.Excluded != 1 || rep.Written != 1 || strings.Contains(out, "7") || strings.Contains(strings.ToLower(out), "@") {
			t.Errorf("list %q, input %q: quarantined %d, excluded %d, written %d:\n%s", tc.list, tc.in, rep.Quarantined, rep.Excluded, rep.Written, out)
		}
		// Without a quarantine the run stops, naming the line.
		_, _, err = run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: list, ExcludeField: "user_id"}, tc.in)
		var fe *FieldError
		if !errors.Is(err, ErrExclusionNearMatch) || !errors.As(err, &fe) || fe.Line != 2 {
			t.Errorf("without a quarantine: %v", err)
		}
	}
	// IDs that differ otherwise, and zeros alone, are different IDs.
	list := NewIDSet([]string{"70", "0", "u-07", "aB3x"})
	_, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: list, ExcludeField: "user_id"}, "user_id,v\n7,a\n00,b\nu-7,c\n70,d\n")
	if err != nil || rep.Written != 3 || rep.Excluded != 1 {
		t.Errorf("written %d, excluded %d, %v", rep.Written, rep.Excluded, err)
	}
}

// Excluded decides as the transformer does, for code that applies a plan
// record by record.
func TestExcluded(t *testing.T) {
	list := NewIDSet([]string{"u-1", "0042", "ann@example.org"})
	for id, want := range map[string]error{
		" \"u-1\" ": nil, "0042": nil, "ann@example.org": nil, "u-2": nil,
		"42": ErrExclusionNearMatch, "Ann@Example.org": ErrExclusionNearMatch, "U-1": ErrExclusionNearMatch, "  ": ErrMissingField,
	} {
		excluded, err := Excluded(list, []byte(id))
		wantExcluded := want == nil && id != "u-2"
		if excluded != wantExcluded || !errors.Is(err, want) || (want == nil) != (err == nil) {
			t.Errorf("Excluded(%q) = %v, %v; want %v, %v", id, excluded, err, wantExcluded, want)
		}
	}
}
