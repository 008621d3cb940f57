package deid_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/pseudo"
)

type noteText string

type runeNote []rune

// keptTextRecord keeps text in every type Go writes text in.
type keptTextRecord struct {
	UserID   string     `deid:"pseudonymize,domain=d"`
	Runes    []rune     `deid:"keep"`
	Bytes    []byte     `deid:"keep"`
	Named    noteText   `deid:"keep"`
	NamedPtr *noteText  `deid:"keep"`
	Named2   runeNote   `deid:"keep"`
	Array    [32]byte   `deid:"keep"`
	RuneArr  [32]rune   `deid:"keep"`
	Lines    []noteText `deid:"keep"`
	RunesOf  [][]rune   `deid:"keep"`
}

// TestStructChecksKeptText: a kept field whose value is text, in any of
// the types Go holds text in ([]rune, []byte, a named string type, an
// array of bytes or runes, slices of them), is checked for identifiers
// like a string: an e-mail address in it fails Copy by default.
func TestStructChecksKeptText(t *testing.T) {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	s, err := deid.ForType[keptTextRecord](deid.Keys{Pseudonyms: ks})
	if err != nil {
		t.Fatal(err)
	}
	const email = "zelda.quist@example.org"
	var arr [32]byte
	copy(arr[:], email)
	var runeArr [32]rune
	copy(runeArr[:], []rune(email))
	named := noteText(email)
	cases := map[string]keptTextRecord{
		"[]rune":        {Runes: []rune(email)},
		"[]byte":        {Bytes: []byte(email)},
		"named string":  {Named: noteText(email)},
		"*named string": {NamedPtr: &named},
		"named []rune":  {Named2: runeNote(email)},
		"[32]byte":      {Array: arr},
		"[32]rune":      {RuneArr: runeArr},
		"[]named":       {Lines: []noteText{"fine", noteText(email)}},
		"[][]rune":      {RunesOf: [][]rune{[]rune("fine"), []rune(email)}},
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			v.UserID = "u-1"
			out, err := s.Copy(v)
			if !errors.Is(err, deid.ErrKeptIdentifier) {
				t.Fatalf("Copy: %v, want ErrKeptIdentifier", err)
			}
			if strings.Contains(err.Error(), "zelda") {
				t.Errorf("the error prints the value: %v", err)
			}
			_ = out
		})
	}
	clean := keptTextRecord{UserID: "u-1", Runes: []rune("after lunch"), Bytes: []byte("ok"), Named: "fine", RunesOf: [][]rune{[]rune("x")}}
	if _, err := s.Copy(clean); err != nil {
		t.Errorf("a clean value: %v", err)
	}
}
