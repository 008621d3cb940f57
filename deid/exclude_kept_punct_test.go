package deid

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/deidkit/deidkit/internal/idnorm"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// punctuatedListed are kept values that name the listed u-2000 beside
// ordinary punctuation of several scripts: each is refused, and a scrub
// rule's output holds a tag in its place (that of an ID, or of what a
// detector took it for: "id=u-2000" is a labelled number).
var punctuatedListed = []string{
	"u-2000/u-3000", "u-2000+u-3000", "u-2000&u-3000", "id=u-2000", "user:u-2000",
	"user#u-2000", "@u-2000", "u-2000\u2019s", "u-2000\u2026", "\u00abu-2000\u00bb",
	"*u-2000*", "_u-2000_", "`u-2000`", "u-2000\u2014u-3000", "u-2000\uff0cu-3000",
	"u-2000\u3001u-3000", "u-2000\u3002", "ref~u-2000~", "\u00bfu-2000?", "\u2192u-2000\u2190",
	"\uff55\uff0d\uff12\uff10\uff10\uff10 seen", // fullwidth: reads as u-2000
	"U-2000\u200b\u2122",
}

func TestExcludedIDBesidePunctuation(t *testing.T) {
	list := NewIDSet([]string{"u-2000"})
	p := &Policy{Default: Drop, Fields: []Rule{
		{Field: "user_id", Action: Drop},
		{Field: "carer", Action: Keep},
		{Field: "note", Action: Scrub},
	}}
	for _, v := range punctuatedListed {
		for _, ndjson := range []bool{false, true} {
			t.Run(fmt.Sprintf("%q ndjson=%v", v, ndjson), func(t *testing.T) {
				var in bytes.Buffer
				if !ndjson {
					in.WriteString("user_id,carer,note\n")
				}
				appendKeptRecord(&in, []string{"user_id", "carer", "note"}, []string{"u-2000", "x", "x"}, ndjson)
				appendKeptRecord(&in, []string{"user_id", "carer", "note"}, []string{"u-1", v, "ok"}, ndjson)
				appendKeptRecord(&in, []string{"user_id", "carer", "note"}, []string{"u-2", "ok", "met " + v + " today"}, ndjson)
				out, rep, err := runPlanted(p, in.Bytes(), Options{Exclude: list, ExcludeField: "user_id"}, ndjson, true)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Quarantined != 1 || rep.Written != 1 || rep.Excluded != 1 {
					t.Errorf("excluded %d, quarantined %d, written %d", rep.Excluded, rep.Quarantined, rep.Written)
				}
				if read := idnorm.AppendRead(nil, out.Bytes()); bytes.Contains(read, []byte("2000")) || !bytes.Contains(out.Bytes(), []byte("]")) {
					t.Errorf("written: %q", out.String())
				}
				_, _, err = runPlanted(p, in.Bytes(), Options{Exclude: list, ExcludeField: "user_id"}, ndjson, false)
				if !errors.Is(err, ErrKeptIdentifier) || strings.Contains(err.Error(), "2000") {
					t.Errorf("err %v", err)
				}
			})
		}
	}
}

// TestListedNeighbours: an ID inside a longer word or number is not that
// ID; a short plain number is never looked up.
func TestListedNeighbours(t *testing.T) {
	set := NewIDSet([]string{"u-2000", "4821937", "+441632960961", "#ab12"})
	l := listedSet{set, listedLengths(set)}
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"su-2000", false}, {"u-20001", false}, {"u-2000x", false}, {"\u00e9u-2000", false}, {"u-2000\u4f53", false},
		{"x48219370", false}, {"2000", false}, {"ref 4821937.", true}, {"tel:+441632960961;", true},
		{"call 441632960961", true}, {"tag (#AB12)", true}, {"ab12", false}, {"u-2000", true},
	} {
		if got := l.holds([]byte(c.v)); got != c.want {
			t.Errorf("holds(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}

// For a listed ID embedded in random kept text between runs of random
// characters that are neither letters nor digits and do not read as one
// (punctuation and symbols of any script, spaces, invisible characters),
// the value always holds a listed ID, and a scrub rule's output holds
// the tag of an ID in its place.
func TestListedIDBesidePunctuationProperty(t *testing.T) {
	ids := []string{"u-2000", "P0048213", "zq77@example.org", "AB-12-cd", "7731942"}
	set := NewIDSet(ids)
	l := listedSet{set, listedLengths(set)}
	var b binding
	b.listen(set, "user_id")
	words := []string{"seen", "with", "caf\u00e9", "\u4f53\u91cd", "12", "ok", ""}
	props := properties()
	props.Property("a listed ID between non-alphanumeric runes is found", prop.ForAll(func(seed uint64) string {
		r := rand.New(rand.NewPCG(seed, 5))
		id := ids[r.IntN(len(ids))]
		if r.IntN(3) == 0 {
			id = strings.ToUpper(id)
		}
		v := words[r.IntN(len(words))] + nonAlnumRun(r) + id + nonAlnumRun(r) + words[r.IntN(len(words))]
		if !l.holds([]byte(v)) {
			return fmt.Sprintf("%q not found in %q (%+q)", id, v, v)
		}
		// A scrub rule's output holds the tag in its place, and nothing
		// that reads as it.
		dst := append([]byte("note: "), v...)
		dst = b.dropListed(dst, len("note: "))
		if read := idnorm.AppendRead(nil, dst); bytes.Contains(bytes.ToLower(read), bytes.ToLower([]byte(id))) || !bytes.Contains(dst, []byte("[ID]")) || !bytes.HasPrefix(dst, []byte("note: ")) {
			return fmt.Sprintf("%q scrubbed to %q", v, dst)
		}
		return ""
	}, gen.UInt64()))
	props.TestingRun(t)
}

// nonAlnumRun returns one to three runes, none of which is or reads as a
// letter, a digit or a mark, at least one of which reads as something.
func nonAlnumRun(r *rand.Rand) string {
	var b strings.Builder
	for n, visible := 1+r.IntN(3), false; n > 0 || !visible; n-- {
		var c rune
		switch r.IntN(4) {
		case 0:
			c = rune(0x21 + r.IntN(0x5e)) // ASCII
		case 1:
			c = rune(0xa0 + r.IntN(0x2000-0xa0)) // Latin-1 to general punctuation
		case 2:
			c = rune(0x2000 + r.IntN(0xe000-0x2000)) // symbols, CJK punctuation, …
		default:
			c = rune(0xfe00 + r.IntN(0x200)) // small, fullwidth and special forms
		}
		read := idnorm.AppendRead(nil, []byte(string(c)))
		if !joinsWord(c) && !joinsWord([]rune(string(read))...) {
			b.WriteRune(c)
			visible = visible || len(read) > 0
		}
	}
	return b.String()
}

func joinsWord(rs ...rune) bool {
	for _, c := range rs {
		if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) || c == utf8.RuneError || unicode.Is(unicode.Cs, c) || unicode.Is(unicode.Co, c) {
			return true
		}
	}
	return false
}

// BenchmarkListedHolds: the look-up of a list of 10,000 IDs in kept
// values of the research sample's shapes and a line of free text.
func BenchmarkListedHolds(b *testing.B) {
	ids := make([]string, 10000)
	for i := range ids {
		ids[i] = fmt.Sprintf("u-%d", 100000+i)
	}
	set := NewIDSet(ids)
	l := listedSet{set, listedLengths(set)}
	for _, v := range []string{"BPM Connect", "Withings Body+ (2024)", "seen with the carer at the clinic on Monday; felt fine, no pain, slept well",
		"caf\u00e9 \u4f53\u91cd \u2014 gut"} {
		b.Run(fmt.Sprint(len(v)), func(b *testing.B) {
			for b.Loop() {
				if l.holds([]byte(v)) {
					b.Fatal("found")
				}
			}
		})
	}
}
