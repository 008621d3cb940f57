package scrub

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// A record's own phone number is its digits: the separators between its
// groups are the writer's choice.
func TestKnownPhoneAnySeparators(t *testing.T) {
	var k Known
	k.Add(Phone, []byte("555-201-3344"))
	found := []string{
		"555/201/3344", "555_201_3344", "555,201,3344", "555*201*3344",
		"555~201~3344", "555 / 201 / 3344", "555 -- 201 -- 3344", "201/3344",
		`555\201\3344`, "555–201–3344", "555 | 201 | 3344", "call 555;201;3344 today",
		"(555)/201/3344", "+1_555_201_3344",
	}
	for _, text := range found {
		if kind, ok := k.Find([]byte(text)); !ok || kind != Phone {
			t.Errorf("Find(%q) = %v, %v; want the record's phone", text, kind, ok)
		}
	}
	// Near misses: part of the number, the groups split by a word or a line,
	// or too far apart to be one number.
	missed := []string{
		"3344", "201", "555", "steps 3344", "v5.55.201", "201 steps 3344",
		"555/201/33445", "555\n201\n3344", "555 ----- 201 ----- 3344", "201.3344.5",
		"heart 55, steps 201, kcal 3344", "1954-03-02",
	}
	for _, text := range missed {
		if kind, ok := k.Find([]byte(text)); ok {
			t.Errorf("Find(%q) = %v; want nothing", text, kind)
		}
	}
}

// Whatever runs of separators (bounded, neither letters nor digits) a text
// writes between the groups of the record's own number, it is found.
func TestPropertyKnownPhoneSeparators(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 300
	props := gopter.NewProperties(params)
	seps := []rune(" -./_,*~|:;\\–—·•+=#'\"")
	props.Property("own phone digits with any separator runs are found", prop.ForAll(
		func(seed uint64) string {
			r := rand.New(rand.NewPCG(seed, 11))
			number := fmt.Sprintf("%d%02d%d%02d%04d", 2+r.IntN(8), r.IntN(100), 2+r.IntN(8), r.IntN(100), r.IntN(10000))
			var k Known
			k.Add(Phone, []byte(number[:3]+"-"+number[3:6]+"-"+number[6:]))
			// Split the digits into groups at random places.
			var b strings.Builder
			b.WriteString([]string{"", "call ", "tel: ", "(x) "}[r.IntN(4)])
			for i, d := range number {
				if i > 0 && r.IntN(3) == 0 {
					for n := 1 + r.IntN(maxGroupGap); n > 0; n-- {
						b.WriteRune(seps[r.IntN(len(seps))])
					}
				}
				b.WriteRune(d)
			}
			b.WriteString([]string{"", " today", ".", ")"}[r.IntN(4)])
			if _, ok := k.Find([]byte(b.String())); !ok {
				return fmt.Sprintf("%s not found in %q", number, b.String())
			}
			return ""
		},
		gen.UInt64(),
	))
	props.TestingRun(t)
}

// A record's own MAC address is its hex digits, in either case, with any
// separators, and with a pair's leading zero dropped.
func TestKnownMACAnySeparators(t *testing.T) {
	var k Known
	k.Add(ID, []byte("00:11:22:33:44:5E"))
	for _, text := range []string{
		"00112233445e", "00 11 22 33 44 5e", "00.11.22.33.44.5E", "0:11:22:33:44:5e",
		"0011.2233.445e", "mac 00_11_22_33_44_5e.", "00-11-22-33-44-5e",
	} {
		if kind, ok := k.Find([]byte(text)); !ok || kind != ID {
			t.Errorf("Find(%q) = %v, %v; want the record's MAC", text, kind, ok)
		}
	}
	for _, text := range []string{
		"001122334455e", "00112233445", "0:11:22:33:44:5", "00:11:22:33:44:5f", "x00112233445e", "00112233445ef",
		"0 0 1 1 2 2 3 3 4 4 5 e0",
	} {
		if kind, ok := k.Find([]byte(text)); ok {
			t.Errorf("Find(%q) = %v; want nothing", text, kind)
		}
	}
}
