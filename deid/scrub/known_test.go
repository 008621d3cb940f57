package scrub

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// record is the identifying fields of one record in the tests.
var record = []struct {
	k Kind
	v string
}{
	{Name, "John Smith"},
	{Email, "JSmith75@Example.com"},
	{Phone, "+1 (415) 555-2671"},
	{Address, "12 Main Street, Springfield, IL 62701"},
	{Address, "9 Elm Street Apt 4B"},
	{ID, "U-48213"},
	{SSN, "123-45-6789"},
	{ID, "4821 3377"},
}

func knownRecord() *Known {
	var k Known
	for _, f := range record {
		k.Add(f.k, []byte(f.v))
	}
	return &k
}

func TestKnown(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	k := knownRecord()
	tests := []struct{ name, in, want string }{
		{"name as written", "John Smith called", "[NAME] called"},
		{"name in other case and spacing", "JOHN  smith called", "[NAME] called"},
		{"name across a line break", "john\nSmith", "[NAME]"},
		{"name part", "smith agreed", "[NAME] agreed"},
		{"name parts reversed", "Smith, John", "[NAME], [NAME]"},
		{"longer name before a verb", "John Doe said so", "[NAME] said so"},
		{"e-mail in other case", "wrote from jsmith75@EXAMPLE.COM", "wrote from [EMAIL]"},
		{"e-mail local part", "user jsmith75 logged in", "user [EMAIL] logged in"},
		{"phone with dots", "call 415.555.2671", "call [PHONE]"},
		{"phone bare", "4155552671", "[PHONE]"},
		{"phone with country code", "+14155552671 or 1 415 555 2671", "[PHONE] or [PHONE]"},
		{"phone in parentheses", "(415) 555 2671", "[PHONE]"},
		{"address in lower case", "lives at 12 main street, springfield", "lives at [ADDRESS], [ADDRESS]"},
		{"ZIP alone", "zip 62701", "zip [ADDRESS]"},
		{"street without its unit", "at 9  ELM  STREET", "at [ADDRESS]"},
		{"ID in other case", "ticket for u-48213", "ticket for [ID]"},
		{"SSN without dashes", "ssn 123456789", "ssn [SSN]"},
		{"SSN with spaces", "123 45 6789", "[SSN]"},
		{"numeric ID with other separators", "ref 4821-3377", "ref [ID]"},

		{"name inside a word", "Johnson and Smithers", "Johnson and Smithers"},
		{"phone inside a longer number", "94155552671", "94155552671"},
		{"phone joined to a number", "415-555-2671-9", "415-555-2671-9"},
		{"last seven digits: the number without its area code", "555-2671", "[PHONE]"},
		{"last six digits", "55-2671", "55-2671"},
		{"street name without the number", "walks on main street daily; Elm Street Apt 4B", "walks on [ADDRESS] daily; [ADDRESS]"},
		{"street name word alone", "the main thing", "the main thing"},
		{"ZIP inside a number", "627012", "627012"},
		{"ID inside a word", "xu-48213", "xu-48213"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(s.AppendKnown(nil, []byte(tt.in), k, nil))
			if got != tt.want {
				t.Errorf("AppendKnown(%q)\n got  %q\n want %q", tt.in, got, tt.want)
			}
			if again := string(s.AppendKnown(nil, []byte(got), k, nil)); again != got {
				t.Errorf("not idempotent: %q then %q", got, again)
			}
		})
	}
}

func TestKnownNonASCII(t *testing.T) {
	s, err := New(WithKinds(Email)) // known values are replaced whatever the kinds
	if err != nil {
		t.Fatal(err)
	}
	var k Known
	k.Add(Name, []byte("Élodie Østergaard"))
	k.Add(Name, []byte("王小明"))
	for in, want := range map[string]string{
		"ÉLODIE østergaard est venue":  "[NAME] est venue",
		"élodie a appelé":              "[NAME] a appelé",
		"患者王小明打电话":                     "患者[NAME]打电话",
		"Mélodie":                      "Mélodie",
		"ØSTERGAARDS":                  "ØSTERGAARDS",
		"\u00a0élodie\u00a0Østergaard": "\u00a0[NAME]",
	} {
		if got := string(s.AppendKnown(nil, []byte(in), &k, nil)); got != want {
			t.Errorf("AppendKnown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKnownShortValues(t *testing.T) {
	var k Known
	k.Add(ID, []byte("42"))
	k.Add(Name, []byte("Al"))
	k.Add(Name, []byte("J"))
	k.Add(Phone, []byte("2671"))
	k.Add(Phone, []byte("1-800-FLOWERS"))
	k.Add(Name, []byte("Ludwig van Beethoven"))
	k.Add(Kind(200), []byte("whatever"))
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	in := "42 steps, Al came, J. left, ext 2671, a van parked, Beethoven played, call 1-800-flowers"
	want := "42 steps, [NAME] came, J. left, ext 2671, a van parked, [NAME] played, call [PHONE]"
	if got := string(s.AppendKnown(nil, []byte(in), &k, nil)); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestKnownReset(t *testing.T) {
	k := knownRecord()
	if k.Len() == 0 {
		t.Fatal("no values")
	}
	buf := k.buf[:cap(k.buf)]
	k.Reset()
	if k.Len() != 0 || bytes.ContainsAny(buf, "abcdefghijklmnopqrstuvwxyz0123456789") {
		t.Errorf("Reset left %d values, buffer %q", k.Len(), buf)
	}
	s, _ := New(WithKinds(Email))
	if got := string(s.AppendKnown(nil, []byte("John Smith"), k, nil)); got != "John Smith" {
		t.Errorf("after Reset: %q", got)
	}
}

func TestKnownDoesNotAllocate(t *testing.T) {
	if testenv.Race {
		t.Skip("the race detector allocates")
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var k Known
	text := []byte("JOHN smith (415) 555 2671 jsmith75@example.com u-48213 at 12 main street")
	dst := make([]byte, 0, 1024)
	values := make([][]byte, len(record))
	for i, f := range record {
		values[i] = []byte(f.v)
	}
	fill := func() {
		k.Reset()
		for i, f := range record {
			k.Add(f.k, values[i])
		}
		dst = s.AppendKnown(dst[:0], text, &k, nil)
	}
	fill() // grow the buffers
	if n := testing.AllocsPerRun(50, fill); n != 0 {
		t.Errorf("Reset, Add and AppendKnown allocate %v times per record", n)
	}
}

// variant writes v as a text might: in another case, with other white
// space, and phone numbers with other separators.
func variant(k Kind, v string, r *rand.Rand) string {
	if k == Phone {
		var digits []byte
		for _, c := range []byte(v) {
			if c >= '0' && c <= '9' {
				digits = append(digits, c)
			}
		}
		d := string(digits[len(digits)-10:])
		switch r.IntN(4) {
		case 0:
			return d
		case 1:
			return d[:3] + "." + d[3:6] + "." + d[6:]
		case 2:
			return "(" + d[:3] + ") " + d[3:6] + "-" + d[6:]
		default:
			return "+1 " + d[:3] + " " + d[3:6] + " " + d[6:]
		}
	}
	var b strings.Builder
	for _, c := range v {
		switch {
		case unicode.IsSpace(c):
			b.WriteString([]string{" ", "  ", "\n", "\t "}[r.IntN(4)])
		case r.IntN(2) == 0:
			b.WriteRune(unicode.ToUpper(c))
		default:
			b.WriteRune(unicode.ToLower(c))
		}
	}
	return b.String()
}

func TestPropertyKnown(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 500
	props := gopter.NewProperties(params)
	props.Property("a record's own values are replaced however they are written", prop.ForAll(
		func(seed uint64, pieces []piece) string {
			r := rand.New(rand.NewPCG(seed, 7))
			pick := func(s ...string) string { return s[r.IntN(len(s))] }
			fields := []struct {
				k Kind
				v string
			}{
				{Name, pick(givenNames...) + " " + pick(familyNames...)},
				{Email, pick("jdoe", "ana.lima", "zoë_k") + fmt.Sprint(r.IntN(100)) + "@" + pick("example.com", "exämple.de")},
				{Phone, fmt.Sprintf("+1 %d%02d %d%02d %04d", 2+r.IntN(8), r.IntN(100), 2+r.IntN(8), r.IntN(100), r.IntN(10000))},
				{Address, fmt.Sprintf("%d %s %s", 1+r.IntN(9999), pick(streetNames...), pick(streetTypes...))},
				{ID, fmt.Sprintf("U-%05d", r.IntN(100000))},
			}
			var k Known
			for _, f := range fields {
				k.Add(f.k, []byte(f.v))
			}
			// The values, written otherwise, among filler and other identifiers.
			text, _ := build(pieces)
			var b bytes.Buffer
			b.Write(text)
			for _, f := range fields {
				b.WriteString(pick(" ", ": ", " (", "\n"))
				b.WriteString(variant(f.k, f.v, r))
				b.WriteString(pick(" ", ", ", ")", ". "))
			}
			out := s.AppendKnown(nil, b.Bytes(), &k, nil)
			for _, f := range fields {
				pat := `(?i)` + regexp.QuoteMeta(f.v)
				pat = regexp.MustCompile(`\\ `).ReplaceAllString(pat, `\s+`)
				if f.k == Phone {
					pat = `4?` + regexp.QuoteMeta(f.v[len(f.v)-4:]) // the line number
				}
				if regexp.MustCompile(pat).Match(out) {
					return fmt.Sprintf("%v %q survives in %q", f.k, f.v, out)
				}
			}
			if again := s.AppendKnown(nil, out, &k, nil); !bytes.Equal(again, out) {
				return fmt.Sprintf("rescrubbing changed %q to %q", out, again)
			}
			return ""
		},
		gen.UInt64(),
		gen.SliceOfN(3, pieceGen(true)),
	))
	props.TestingRun(t)
}
