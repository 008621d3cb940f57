package kanon

import (
	"errors"
	"strings"
	"testing"
)

// verbatim releases every row's quasi-identifiers unchanged.
type verbatim struct{ t *Table }

func (v verbatim) Len() int                    { return v.t.Len() }
func (v verbatim) Suppressed(int) bool         { return false }
func (v verbatim) Released(row, qi int) string { return v.t.Value(row, qi) }

// TestIndividualSpellings checks that one person written the ways text
// tools write an identifier, in either letter case or in fullwidth forms,
// is one individual for k, whether the rows come
// through Add, AddEncoded or ReadCSV: a class of one person spelled three
// ways must not pass for 3-anonymous.
func TestIndividualSpellings(t *testing.T) {
	spellings := []string{"u-1", " u-1", `"u-1"`, "u-1\t", "\uFEFFu-1", "\u00a0'u-1' ", "\u201cu-1\u201d",
		// Letter case and Unicode forms, as an exclusion list's near
		// matches fold them (idnorm.Fold).
		"U-1", " U-1", "\uff55-1", "\uff35-\uff11"}
	s := Schema{QuasiIdentifiers: []Attribute{{Name: "zip", Type: Categorical}}, Individual: "user"}
	check := func(t *testing.T, tab *Table) {
		t.Helper()
		if tab.Individuals() != 1 {
			t.Fatalf("one person spelled several ways counts as %d individuals", tab.Individuals())
		}
		rep, err := Verify(tab, verbatim{tab}, KAnonymity(2))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Holds {
			t.Error("a class of one person verifies as 2-anonymous")
		}
	}
	t.Run("Add", func(t *testing.T) {
		b, err := NewBuilder(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range spellings {
			if err := b.Add("123", id); err != nil {
				t.Fatal(err)
			}
		}
		tab, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		check(t, tab)
	})
	t.Run("AddEncoded", func(t *testing.T) {
		b, err := NewBuilder(s)
		if err != nil {
			t.Fatal(err)
		}
		zip := EncodedColumn{Values: []string{"123"}, Code: func(int) int32 { return 0 }}
		ids := EncodedColumn{Values: spellings, Code: func(row int) int32 { return int32(row) }}
		if err := b.AddEncoded(len(spellings), zip, ids); err != nil {
			t.Fatal(err)
		}
		// A second call meets the spellings again, now known.
		if err := b.AddEncoded(len(spellings), zip, ids); err != nil {
			t.Fatal(err)
		}
		tab, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		check(t, tab)
	})
	t.Run("ReadCSV", func(t *testing.T) {
		in := "zip,user\n123, u-1\n123,u-1\n123,\"\"\"u-1\"\"\"\n123,'u-1'\n"
		tab, err := ReadCSV(strings.NewReader(in), CSVOptions{Schema: s})
		if err != nil {
			t.Fatal(err)
		}
		check(t, tab)
	})
}

// TestIndividualBlankOnceNormalized checks that an individual that is
// only white space or quotes is refused like an empty one, naming the row
// and the column, not the value.
func TestIndividualBlankOnceNormalized(t *testing.T) {
	s := Schema{QuasiIdentifiers: []Attribute{{Name: "zip"}}, Individual: "user"}
	for _, id := range []string{" ", `""`, "\u200b", `" ' '"`} {
		b, err := NewBuilder(s)
		if err != nil {
			t.Fatal(err)
		}
		var ie *InputError
		if err := b.Add("1", "u-2"); err != nil {
			t.Fatal(err)
		}
		if err := b.Add("1", id); !errors.As(err, &ie) || ie.Row != 2 || ie.Column != "user" {
			t.Errorf("individual %q: err = %v, want an InputError at row 2, column user", id, err)
		}
		enc := EncodedColumn{Values: []string{id}, Code: func(int) int32 { return 0 }}
		if err := b.AddEncoded(1, EncodedColumn{Values: []string{"1"}, Code: func(int) int32 { return 0 }}, enc); !errors.As(err, &ie) || ie.Row != 2 || ie.Column != "user" {
			t.Errorf("encoded individual %q: err = %v, want an InputError at row 2, column user", id, err)
		}
		tab, err := b.Build()
		if err != nil || tab.Len() != 1 || tab.Individuals() != 1 {
			t.Errorf("individual %q: refused rows were kept (%v)", id, err)
		}
	}
}
