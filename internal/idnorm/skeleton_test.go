package idnorm

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// disguises are runes that read as others, or as nothing, mixed into the
// generated texts below with plain ASCII.
var disguises = []rune("\u00ad\u200b\u200c\u200d\u2060\ufeff\u202a\u202e\u2066\u2069\u0301\u0308" +
	"\uff20\ufe6b\uff0e\u3002\u2010\u2013\u2014\u2212\uff11\u0661\u0967\u00a0\u3000\u00e9\u00fc" +
	"\uff31\u0430\u0456\u0474\u0475\u0410\ufb01\u2460\u00b2\U0001d7ce\U0001d400")

var asciiRunes = []rune("az AZ09@.-_/:+()'\"#")

// textGen generates texts of ASCII and disguises; without the runes that
// running text reads by their neighbours if contextFree.
func textGen(contextFree bool) gopter.Gen {
	alphabet := append([]rune{}, asciiRunes...)
	for _, r := range disguises {
		if !contextFree || !longDash(r) && !otherScript(r) {
			alphabet = append(alphabet, r)
		}
	}
	return gen.SliceOf(gen.IntRange(0, len(alphabet)-1)).Map(func(picks []int) string {
		rs := make([]rune, len(picks))
		for i, p := range picks {
			rs[i] = alphabet[p]
		}
		return string(rs)
	})
}

// TestFoldIdempotent: a folded ID folds to itself, so that the stage and
// kanon, which fold once, count a person as the exclusion list does.
func TestFoldIdempotent(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 5000
	props := gopter.NewProperties(params)
	props.Property("Fold(Fold(x)) == Fold(x)", prop.ForAll(
		func(s string) bool {
			once := Fold(nil, []byte(s))
			return bytes.Equal(Fold(nil, once), once)
		},
		textGen(false),
	))
	props.TestingRun(t)
	for _, id := range []string{"\u0474", "U-\u0474\u0410", "+\uff10\uff11\uff12", "\u0130d"} {
		once := Fold(nil, []byte(id))
		if twice := Fold(nil, once); !bytes.Equal(once, twice) {
			t.Errorf("Fold(%q) = %q, Fold of that %q", id, once, twice)
		}
	}
	// Every rune: lower-casing is idempotent, which Fold relies on.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); unicode.ToLower(l) != l {
			t.Fatalf("ToLower(ToLower(%U)) != ToLower(%U)", r, r)
		}
	}
}

// TestDigitRanges checks what digitValue assumes: every range of
// unicode.Nd is whole blocks of ten digits, from a zero.
func TestDigitRanges(t *testing.T) {
	for _, rg := range unicode.Nd.R16 {
		if rg.Stride != 1 || (int(rg.Hi)-int(rg.Lo)+1)%10 != 0 {
			t.Errorf("Nd range %U-%U is not whole blocks of ten", rg.Lo, rg.Hi)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rg.Stride != 1 || (int(rg.Hi)-int(rg.Lo)+1)%10 != 0 {
			t.Errorf("Nd range %U-%U is not whole blocks of ten", rg.Lo, rg.Hi)
		}
	}
	for r, want := range map[rune]rune{'\u0660': '0', '\u0669': '9', '\u096b': '5', '\uff17': '7', '\U0001d7d8': '0', '\u00b3': '3', '\u2468': '9', '\u0e53': '3',
		'\u2776': '1', '\u277e': '9', '\u278a': '1', '\u2474': '1', '\u2490': '9', '\u24f5': '1', '\U0001f101': '0', '\U0001f10a': '9', '\u2079': '9', '\u2074': '4'} {
		if got, _ := ReadAs(r); got != want {
			t.Errorf("ReadAs(%U) = %q, want %q", r, got, want)
		}
	}
}

func TestSkeletonReads(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"zelda.q\uff20example.org", "zelda.q@example.org"},
		{"zelda.q\ufe6bexample\u3002org", "zelda.q@example.org"},
		{"\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19", "123-45-6789"},
		{"\u0661\u0662\u0663\u2010\u0664\u0665\u2013\u0666\u0667\u0668\u0669", "123-45-6789"},
		{"call 212\u2212555\u22120199", "call 212-555-0199"},
		{"123\u201445\u20146789", "123-45-6789"},
		{"123\u058a45\u2e1a6789 u\u30a042", "123-45-6789 u-42"}, // dashes of other scripts
		{"\u2776\u2777\u2778-\u2779\u277a-\u277b\u277c\u277d\u277e", "123-45-6789"},
		{"Gr\u00fc\u00dfe\u2014jane", "Gru\u00dfe\u2014jane"}, // a long dash between words stays
		{"Mu\u0308ller M\u00fcller", "Muller Muller"},
		{"Qu\u00adi\u200bs\u200ct\u200d\u2060\ufeff", "Quist"},
		{"\u202e123-45-6789\u202c \u2066x\u2069", "123-45-6789 x"},
		{"Qu\u0456st", "Quist"},                                  // a Cyrillic і among Latin letters
		{"\u0438\u0432\u0430\u043d", "\u0438\u0432\u0430\u043d"}, // a Cyrillic word stays
		{"\ufb01ne", "fine"},
		{"ascii only", "ascii only"},
	} {
		var s Skeleton
		got := tc.in
		if s.Read([]byte(tc.in)) {
			got = string(s.Text)
		}
		if got != tc.want {
			t.Errorf("skeleton of %q = %q, want %q", tc.in, got, tc.want)
		}
		if a := string(AppendRead(nil, []byte(tc.in))); a != tc.want {
			t.Errorf("AppendRead(%q) = %q, want %q", tc.in, a, tc.want)
		}
	}
}

// TestSkeletonSpans: the span of any part of a skeleton is a part of the
// text that reads as it, every byte of the text belongs to the span of
// some byte of the skeleton but for what reads as nothing before the
// first, and spans of disjoint parts do not overlap.
func TestSkeletonSpans(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 3000
	props := gopter.NewProperties(params)
	props.Property("spans read as the skeleton", prop.ForAll(
		func(text string, cut1, cut2 int) bool {
			var s Skeleton
			if !s.Read([]byte(text)) {
				return string(AppendRead(nil, []byte(text))) == text
			}
			if string(AppendRead(nil, []byte(text))) != string(s.Text) {
				return false
			}
			n := len(s.Text)
			if n == 0 {
				return true
			}
			a, b := cut1%n, cut2%n
			if a > b {
				a, b = b, a
			}
			b++
			start, end := s.Span(a, b)
			if start < 0 || end > len(text) || start >= end || !utf8.ValidString(text[start:end]) {
				return false
			}
			// The span reads as the part, but for what a rune cut in the
			// middle reads as (a ligature).
			part := string(AppendRead(nil, []byte(text[start:end])))
			if !strings.Contains(part, strings.Trim(string(s.Text[a:b]), "fi")) {
				return false
			}
			if _, end0 := s.Span(0, n); end0 != len(text) {
				return false
			}
			if b < n && s.from[b] != s.from[b-1] { // a part that ends with a rune's reading
				if next, _ := s.Span(b, n); next < end {
					return false
				}
			}
			return true
		},
		textGen(true), gen.IntRange(0, 1<<20), gen.IntRange(0, 1<<20),
	))
	props.TestingRun(t)
}
