package deid

import (
	"context"
	"errors"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/pseudo"
)

// The spellings of one ID that exclusion takes for one person are one
// person for the keyed actions too: one pseudonym, one token, one date
// shift. Pseudonyms that differed by a space or quotes around the ID made
// one person count as three for k-anonymity counted in pseudonyms, and
// the release said k=3 of a class holding one person.
func TestOnePersonWhateverTheSpelling(t *testing.T) {
	keys := testKeys(t)
	spellings := []string{"u-7f3a01", " u-7f3a01", "u-7f3a01 ", "\tu-7f3a01\r", `"u-7f3a01"`, `' u-7f3a01 '`,
		"\u201cu-7f3a01\u201d", "\u00a0u-7f3a01", "\ufeffu-7f3a01", "u-7f3a01\u200b"}
	for _, r := range []Rule{
		{Field: "v", Action: Pseudonymize, Domain: "research/x"},
		{Field: "v", Action: Tokenize, Context: "partner/x"},
	} {
		var first string
		for _, s := range spellings {
			got, err := applyRule(t, keys, "", r, s)
			if err != nil {
				t.Fatalf("%s %q: %v", r.Action, s, err)
			}
			if first == "" {
				first = got
			} else if got != first {
				t.Errorf("%s of %q = %q, of %q = %q", r.Action, s, got, spellings[0], first)
			}
		}
		for _, s := range []string{" ", `""`, "\u201c \u201d"} {
			if got, err := applyRule(t, keys, "", r, s); got != "" || err != nil {
				t.Errorf("%s of %q = %q, %v; want it empty", r.Action, s, got, err)
			}
		}
	}
	tok, err := applyRule(t, keys, "", Rule{Field: "v", Action: Tokenize, Context: "partner/x"}, ` "u-7f3a01"`)
	if err != nil {
		t.Fatal(err)
	}
	opener, err := pseudo.NewTokenizer(keys.Tokens, "partner/x", pseudo.AllowUnauditedReversal())
	if err != nil {
		t.Fatal(err)
	}
	if id, err := opener.Open(context.Background(), tok); err != nil || string(id) != "u-7f3a01" {
		t.Errorf("the token opens to %q, %v; want the normalized ID", id, err)
	}
	// A date shift keyed by the person.
	shift := Rule{Field: "v", Action: DateShift, Person: "id", MaxDays: 365, Domain: "x"}
	p := &Policy{Default: Keep, Fields: []Rule{shift}}
	pl, err := Compile(p, []string{"v", "id"}, keys)
	if err != nil {
		t.Fatal(err)
	}
	var want string
	for _, s := range spellings {
		var out Row
		if _, err := pl.NewApplier(AllowKeptIdentifiers()).Apply(&out, [][]byte{[]byte("2025-03-05"), []byte(s)}); err != nil {
			t.Fatal(err)
		}
		if want == "" {
			want = string(out.Field(0))
		} else if string(out.Field(0)) != want {
			t.Errorf("date_shift for %q: %s, for %q: %s", s, out.Field(0), spellings[0], want)
		}
	}
}

// Whatever the ID, its pseudonym is that of its normalized form.
func TestPseudonymOfNormalizedID(t *testing.T) {
	keys := testKeys(t)
	pl, err := Compile(&Policy{Default: Keep, Fields: []Rule{{Field: "v", Action: Pseudonymize, Domain: "d"}}}, []string{"v"}, keys)
	if err != nil {
		t.Fatal(err)
	}
	a := pl.NewApplier()
	// of returns the pseudonym of s, or "" and false for an ID with a
	// control character inside it, which is refused.
	of := func(s string) (string, bool) {
		var out Row
		if _, err := a.Apply(&out, [][]byte{[]byte(s)}); err != nil {
			if errors.Is(err, ErrMalformedID) {
				return "", false
			}
			t.Fatal(err)
		}
		return string(out.Field(0)), true
	}
	props := testenv.Properties(500)
	pad := gen.OneConstOf("", " ", "\t", "\u00a0", "\ufeff", "\u200b", "\r\n")
	quote := gen.OneConstOf([2]string{}, [2]string{`"`, `"`}, [2]string{"'", "'"}, [2]string{"\u201c", "\u201d"})
	props.Property("pseudonym(pad quote pad id pad quote pad) = pseudonym(id)", prop.ForAll(
		func(id, p1, p2 string, q [2]string) bool {
			n := string(NormalizeID([]byte(id)))
			got, ok := of(p1 + q[0] + p2 + id + p2 + q[1] + p1)
			want, wantOK := of(n)
			return got == want && ok == wantOK
		},
		gen.AnyString(), pad, pad, quote,
	))
	props.TestingRun(t, gopter.ConsoleReporter(false))
}
