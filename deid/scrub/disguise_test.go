package scrub

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/disguise"
	"github.com/deidkit/deidkit/internal/idnorm"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// Identifiers spelled with code points other than the ones the detectors
// read are found as the plain spelling is, and replaced whole: every byte
// of the spelling, the invisible characters inside it included.
func TestDisguisedIdentifiersScrubbed(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"mail zelda.quist\uff20example.org now", "mail [EMAIL] now"},
		{"mail zelda.quist\ufe6bexample.org now", "mail [EMAIL] now"},
		{"mail zelda@example\uff0eorg now", "mail [EMAIL] now"},
		{"mail zel\u200bda@exa\u200dmple.org now", "mail [EMAIL] now"},
		{"ssn \uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19.", "ssn [SSN]."},
		{"ssn \u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669.", "ssn [SSN]."},
		{"ssn 123\u201345\u20136789.", "ssn [SSN]."},
		{"ssn 123\u201445\u20146789.", "ssn [SSN]."},
		{"ssn 123-4\u200b5-6789.", "ssn [SSN]."},
		{"ssn \u202e123-45-6789\u202c.", "ssn [SSN]."},
		{"call 212\u2212555\u22120199 today", "call [PHONE] today"},
		{"call \u096a\u0967\u096b-\u096b\u096b\u096b-\u0966\u0967\u096a\u0969 today", "call [PHONE] today"},
		{"call 212-\u2066555\u2069-0199 today", "call [PHONE] today"},
		{"seen 2021\u201003\u201004 at noon", "seen [DATE] at noon"},
		{"see https://example\u3002org/zelda today", "see [URL] today"},
		{"card \uff14\uff11\uff11\uff11 1111 1111 1111", "card [CARD]"},
		// Text that reads as it is stays as it is, byte for byte.
		{"caf\u00e9 Gr\u00fc\u00dfe\u2014danke \u4f53\u91cd \uff11\uff12 steps", "caf\u00e9 Gr\u00fc\u00dfe\u2014danke \u4f53\u91cd \uff11\uff12 steps"},
		{"Gr\u00fc\u00dfe\u2014jane@example.com\u2014danke", "Gr\u00fc\u00dfe\u2014[EMAIL]\u2014danke"},
	} {
		if got := s.Scrub(tc.in); got != tc.want {
			t.Errorf("Scrub(%q)\n got  %q\n want %q", tc.in, got, tc.want)
		}
	}

	// A record's own values are found however either side spells them.
	for _, tc := range []struct {
		kind      Kind
		value, in string
		want      string
	}{
		{Name, "M\u00fcller", "seen by Mu\u0308ller today", "seen by [NAME] today"},
		{Name, "Mu\u0308ller", "seen by M\u00fcller today", "seen by [NAME] today"},
		{Name, "Quist", "seen by \uff31\uff55\uff49\uff53\uff54 today", "seen by [NAME] today"},
		{Name, "Quist", "seen by qU\u00adi\u200bS\u2060t today", "seen by [NAME] today"},
		{Name, "Q\u200buist", "seen by Quist today", "seen by [NAME] today"},
		{Name, "Quist", "seen by Qu\u0456st today", "seen by [NAME] today"}, // Cyrillic і
		{ID, "48213907", "ref \u0664\u0668\u0662\u0661\u0663\u0669\u0660\u0667 ok", "ref [ID] ok"},
	} {
		var k Known
		k.Add(tc.kind, []byte(tc.value))
		if got := string(s.AppendKnown(nil, []byte(tc.in), &k, nil)); got != tc.want {
			t.Errorf("AppendKnown(%q) with %v %q\n got  %q\n want %q", tc.in, tc.kind, tc.value, got, tc.want)
		}
		if _, ok := k.Find([]byte(tc.in)); !ok {
			t.Errorf("Find(%q) with %v %q found nothing", tc.in, tc.kind, tc.value)
		}
	}
}

// For random identifiers of every kind the detectors find, rewritten with
// random disguises (disguise.Of) and set in random text, the scrubbed
// text holds neither the disguised spelling nor anything that reads as
// the identifier; likewise for a record's own names, surnames and
// e-mail addresses given to a Known set and disguised in the text (or
// the other way round). Scrubbing the output again changes nothing.
func TestPropertyDisguisedScrubbed(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 1000
	props := gopter.NewProperties(params)
	reads := func(text []byte, id string) bool {
		return bytes.Contains(idnorm.AppendRead(nil, text), idnorm.AppendRead(nil, []byte(id)))
	}
	props.Property("disguised identifiers are scrubbed whole", prop.ForAll(
		func(pieces []piece, seed uint64) string {
			r := rand.New(rand.NewPCG(seed, 3))
			var text []byte
			var ids []string
			for _, p := range pieces {
				for _, w := range p.Filler[:max(1, min(p.Words, len(p.Filler)))] {
					text = append(append(text, w...), ' ')
				}
				if p.Kind < 0 || p.Kind >= detected {
					continue
				}
				before, id, after := identifier(Kind(p.Kind), rand.New(rand.NewPCG(p.Seed, uint64(p.Kind))))
				d := disguise.Of(r, id)
				ids = append(ids, id, d)
				w := wrappers[p.Wrap%len(wrappers)]
				text = append(append(append(append(append(append(text, w[0]...), before...), d...), after...), w[1]...), ' ')
			}
			out := s.Append(nil, text)
			for i := 0; i < len(ids); i += 2 {
				if bytes.Contains(out, []byte(ids[i+1])) || reads(out, ids[i]) {
					return fmt.Sprintf("%q (%q) survives in %q", ids[i+1], ids[i], out)
				}
			}
			if again := s.Append(nil, out); !bytes.Equal(again, out) {
				return fmt.Sprintf("rescrubbing changed %q to %q", out, again)
			}
			return ""
		},
		gen.SliceOf(pieceGen(true)), gen.UInt64(),
	))
	props.Property("a record's own values are found however spelled", prop.ForAll(
		func(seed uint64, fillers []string, kind int, textSide bool) string {
			r := rand.New(rand.NewPCG(seed, 4))
			var value string
			k := Name
			switch kind {
			case 0:
				value = givenNames[r.IntN(len(givenNames))] + " " + familyNames[r.IntN(len(familyNames))]
			case 1:
				value = familyNames[r.IntN(len(familyNames))]
			default:
				k = Email
				value, _ = identifierText(Email, r)
			}
			spelled, added := disguise.Of(r, value), value
			if !textSide {
				spelled, added = value, disguise.Of(r, value)
			}
			text := strings.Join(fillers, " ") + " (" + spelled + ") " + strings.Join(fillers, " ")
			var known Known
			known.Add(k, []byte(added))
			out := s.AppendKnown(nil, []byte(text), &known, nil)
			if bytes.Contains(out, []byte(spelled)) || reads(out, value) {
				return fmt.Sprintf("%v %q added as %q survives in %q", k, spelled, added, out)
			}
			if _, ok := known.Find([]byte(text)); !ok {
				return fmt.Sprintf("Find misses %q added as %q in %q", spelled, added, text)
			}
			return ""
		},
		gen.UInt64(), gen.SliceOfN(3, gen.OneConstOf(anySlice(fillerWords)...)), gen.IntRange(0, 2), gen.Bool(),
	))
	props.TestingRun(t)
}
