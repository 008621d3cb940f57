package deid

import (
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// A kept value holding its own record's identifiers spelled to slip past a
// reader ("Z e l d a", "zq at example dot com") is warned about as the
// value written plainly is: the record-aware check (scrub.Known.Find)
// reads the text as scrubbing does, and its filter reads the same words.
// Another record's name spelled out is no warning.
func TestWarnsOfOwnIdentifierObfuscated(t *testing.T) {
	for _, c := range []struct {
		first, kept string
		warn        bool
	}{
		{"Zelda", "Z e l d a's phone", true},
		{"Ambrose", "A M B R O S E labs", true},
		{"Ambrose", "by a  m  b  r  o  s  e", true},
		{"Zelda", "zq.vanta at example dot com", true},
		{"Zelda", "zq.vanta [at] example [dot] com", true},
		{"Zelda", "4 1 5 5 5 5 0 1 4 3", true},
		{"Zelda", "415 . 555 . 0143", true},
		{"Zelda", "A M B R O S E labs", false},
		{"Zelda", "Z e l d o", false},
	} {
		t.Run(c.kept, func(t *testing.T) {
			in := strings.Join(ownFields, ",") + "\n" +
				`u-48213,` + c.first + `,zq.vanta@example.com,415-555-0143,"9 Elm Street, Springfield",` + `"` + c.kept + `",71` + "\n"
			_, rep, err := run(t, ownPolicy(), testKeys(t), Options{AllowKeptIdentifiers: true, Input: CSV}, in)
			if err != nil {
				t.Fatal(err)
			}
			warned := slices.ContainsFunc(rep.Warnings, func(w Warning) bool {
				return w.Kind == WarnIdentifierValues && w.Field == "manufacturer"
			})
			if warned != c.warn {
				t.Errorf("warned %v, want %v (warnings %v)", warned, c.warn, rep.Warnings)
			}
		})
	}
}

// spellings are the ways of writing a value that Known.Find reads through
// (obfuscated.go), and some it does not: the property holds for both.
var spellings = map[string]func(string) string{
	"plain": func(v string) string { return v },
	"spaced": func(v string) string { // "Z e l d a", "4 1 5"
		return strings.Join(strings.Split(v, ""), " ")
	},
	"spaced twice": func(v string) string { return strings.Join(strings.Split(v, ""), "  ") },
	"digits spaced": func(v string) string {
		var b strings.Builder
		for i, r := range v {
			b.WriteRune(r)
			if '0' <= r && r <= '9' && i+1 < len(v) {
				b.WriteByte(' ')
			}
		}
		return b.String()
	},
	"words": func(v string) string { // zq at example dot com
		return strings.NewReplacer("@", " at ", ".", " dot ").Replace(v)
	},
	"brackets": func(v string) string { return strings.NewReplacer("@", "[at]", ".", "[.]").Replace(v) },
	"parentheses": func(v string) string {
		return strings.NewReplacer("@", " (at) ", ".", " (dot) ").Replace(v)
	},
	"joins spaced": func(v string) string { // 415 - 555 - 0143, zq . vanta @ example . com
		return strings.NewReplacer("-", " - ", ".", " . ", "@", " @ ").Replace(v)
	},
	"separators dropped": func(v string) string { return strings.NewReplacer("-", "", " ", "", ".", "").Replace(v) },
	"upper":              strings.ToUpper,
	"upper spaced":       func(v string) string { return strings.Join(strings.Split(strings.ToUpper(v), ""), " ") },
	"dotted":             func(v string) string { return strings.Join(strings.Split(v, ""), ".") },
}

// The filter of checkOwn (runSet.mayHold) never spares a field whose value
// Known.Find finds in a kept value, whatever spelling Find reads through:
// on generated records whose kept value holds one of their own
// identifiers spelled in one of those ways, amid other text (itself
// sometimes spelled so), checkOwn warns exactly when a Known set of every
// identifier field of the record finds one.
func TestOwnIdentifierFilterReadsSpellings(t *testing.T) {
	pl, err := Compile(ownPolicy(), ownFields, testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	kept := pl.watch[0].step
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range spellings {
			if !yield(n) {
				return
			}
		}
	})
	spelling := gen.OneConstOf(func() []any {
		a := make([]any, len(names))
		for i, n := range names {
			a[i] = n
		}
		return a
	}()...)
	first := gen.OneConstOf("Zelda", "Ambrose", "Al", "Zoë", "\u212aim", "Li", "Mary Ann", "O'Neil")
	email := gen.OneConstOf("zq.vanta@example.com", "al@ex.org", "z.e@a.co", "mary-ann.o@mail.example.net")
	phone := gen.OneConstOf("415-555-0143", "(415) 555 0143", "+1 415 555 0143", "5550143", "020 7946 0958")
	address := gen.OneConstOf("9 Elm Street, Springfield", "Apt 4B, 12 Oak Rd", "221B Baker Street")
	user := gen.OneConstOf("u-48213", "48213", "MRN 7741", "ab12cd")
	around := gen.OneConstOf("", "by ", "call ", "x", "see: ", "a b ", "Z e ", "at home ", "the www. prefix ", "4 1 ", "dot ", "é ")
	props := testenv.Properties(3000)
	props.Property("checkOwn warns iff a Known set of every field finds a value, in every spelling", prop.ForAll(
		func(f, e, ph, ad, u string, which int, sp, sp2, before, after string) bool {
			row := make([][]byte, len(ownFields))
			own := map[string]string{"first_name": f, "email": e, "phone": ph, "address": ad, "user_id": u}
			for name, v := range own {
				row[slices.Index(ownFields, name)] = []byte(v)
			}
			field := []string{"first_name", "email", "phone", "address", "user_id"}[which]
			row[kept] = []byte(spellings[sp2](before) + spellings[sp](own[field]) + spellings[sp2](after))
			if plainNumber(row[kept]) {
				return true // compared with the record's IDs whole: TestWarnsOfOwnNumericIDUnquoted
			}
			return ownWarnedAsKnownFinds(t, pl, kept, row)
		},
		first, email, phone, address, user, gen.IntRange(0, 4), spelling, spelling, around, around,
	))
	props.TestingRun(t, gopter.ConsoleReporter(false))
}
