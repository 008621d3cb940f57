package scrub

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func TestLabelledNumber(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"MRN", "MRN: 00482193", "MRN: [NUMBER]"},
		{"MRN#", "mrn#00482193 seen", "mrn#[NUMBER] seen"},
		{"medical record no.", "medical record no. 4821", "medical record no. [NUMBER]"},
		{"record number is", "record number is 55120.", "record number is [NUMBER]."},
		{"member ID", "member ID: XK-4821-99", "member ID: [NUMBER]"},
		{"beneficiary number", "Beneficiary No 1EG4-TE5-MK73", "Beneficiary No [NUMBER]"},
		{"account", "Acct #: 99812 closed", "Acct #: [NUMBER] closed"},
		{"policy", "policy number P-1234567", "policy number [NUMBER]"},
		{"license", "licence no. D123-4567-8901", "licence no. [NUMBER]"},
		{"certificate", "certificate #: 2024/001234", "certificate #: [NUMBER]"},
		{"plate", "license plate ABC 1234 seen", "license plate [NUMBER] seen"},
		{"VIN", "VIN 1HGCM82633A004352", "VIN [NUMBER]"},
		{"serial", "serial number SN-448211", "serial number [NUMBER]"},
		{"S/N", "S/N: 448211", "S/N: [NUMBER]"},
		{"IMEI", "IMEI 490154203237519", "IMEI [NUMBER]"},
		{"device ID", "device id: a1b2c3d4", "device id: [NUMBER]"},
		{"plate, digits first", "plate: 4821 XK", "plate: [NUMBER] XK"},
		// Near misses: a label word in its ordinary sense, or no digit.
		{"record used as a verb", "record 5 steps", "record 5 steps"},
		{"account without a connector", "account 2024 review", "account 2024 review"},
		{"a label without a number", "MRN: unknown", "MRN: unknown"},
		{"too short", "ID 42", "ID 42"},
		{"a word after the number", "MRN 4821 admitted", "MRN [NUMBER] admitted"},
		{"case in point", "in case 3 fails", "in case 3 fails"},
		{"serial sevens", "serial 7s done", "serial 7s done"},
		{"a model after a label", "device: Pixel 7, order: ScanWatch 2", "device: Pixel 7, order: ScanWatch 2"},
		{"a version after a word", "tag: v1.2.3 group: 2a1", "tag: v1.2.3 group: 2a1"},
	})
}

func TestCoordinates(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"decimal pair", "at 48.8566, 2.3522 today", "at [COORDINATES] today"},
		{"negative", "-33.8688,151.2093", "-[COORDINATES]"},
		{"negative longitude", "40.7128, -74.0060", "[COORDINATES]"},
		{"degrees minutes seconds", `48°51'24"N 2°21'08"E`, "[COORDINATES]"},
		{"primes", "48°51′24″N, 2°21′08″E", "[COORDINATES]"},
		{"decimal degrees", "48.8566° N, 2.3522° E", "[COORDINATES]"},
		{"hemisphere letters", "48.8566N 2.3522E", "[COORDINATES]"},
		{"one coordinate", "lat 48°51'N", "lat [COORDINATES]"},
		{"semicolon", "48.85660;2.35220", "[COORDINATES]"},
		// Near misses.
		{"temperature", "38.5°C", "38.5°C"},
		{"angle", "a 90° turn", "a 90° turn"},
		{"two measurements", "1.025, 1.030", "1.025, 1.030"},
		{"newtons", "2.5N", "2.5N"},
		{"out of range", "95.1234, 2.3522", "95.1234, 2.3522"},
		{"weight and fat", "72.5, 18.2 kg", "72.5, 18.2 kg"},
		{"a version", "4.10.2", "4.10.2"},
	})
}

func TestHandle(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"alone", "@zelda_q", "[HANDLE]"},
		{"in a sentence", "ask @zelda_q.", "ask [HANDLE]."},
		{"dots", "(@z.quist)", "([HANDLE])"},
		{"after a match", "zq@example.com@zq", "[EMAIL][HANDLE]"},
		// Near misses.
		{"e-mail", "zq@example.com", "[EMAIL]"},
		{"no domain", "user@host", "user@host"},
		{"a time", "@5pm", "@5pm"},
		{"spaced", "meet @ 10", "meet @ 10"},
		{"one letter", "@a b", "@a b"},
	})
}

func TestDatesWithoutYear(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"month day", "seen Mar 4 again", "seen [DATE] again"},
		{"month day ordinal", "March 4th", "[DATE]"},
		{"day month", "4 March", "[DATE]"},
		{"day month abbreviated", "on 4 Mar.", "on [DATE]"},
		{"capital May", "May 5", "[DATE]"},
		{"month year", "since March 2024", "since [DATE]"},
		{"numbers, zero", "03/04", "[DATE]"},
		{"numbers, hyphen", "on 25-03 back", "on [DATE] back"},
		{"eight digits", "born 19500304", "born [DATE]"},
		{"eight digits, leap day", "20240229", "[DATE]"},
		{"French", "4 mars 1950", "[DATE]"},
		{"French without year", "le 4 mars", "le [DATE]"},
		{"French first", "1er mai", "[DATE]"},
		{"French accent", "12 février 1950", "[DATE]"},
		{"German", "4. März 1950", "[DATE]"},
		{"German, no dot", "4 Dezember", "[DATE]"},
		{"Spanish", "4 de marzo de 1950", "[DATE]"},
		{"Spanish without year", "4 de marzo", "[DATE]"},
		{"day month then a date", "5 Feb 11 2070", "[DATE]"},
		// Near misses.
		{"march as a verb", "the march 5 times", "the march 5 times"},
		{"may as a verb", "option 4 may help", "option 4 may help"},
		{"mar as a verb", "scratches mar 3 lenses", "scratches mar 3 lenses"},
		{"dec for decreased", "HR dec 2 min after", "HR dec 2 min after"},
		{"Dec", "since Dec 2", "since [DATE]"},
		{"fraction", "3/4 cup", "3/4 cup"},
		{"score", "pain 10/10", "pain 10/10"},
		{"decimal", "03.04", "03.04"},
		{"eight digits, no date", "19501332 20230229 18991231", "19501332 20230229 18991231"},
		{"minutes", "12:30 Feb", "12:30 Feb"},
		{"a date range's end", "1.03/04", "1.03/04"},
	})
}

// TestNineDigits pins SSNs without a cue and their near misses.
func TestNineDigits(t *testing.T) {
	runScrubCases(t, []scrubCase{
		{"alone", "482913507", "[SSN]"},
		{"in text", "ref 482913507 ok", "ref [SSN] ok"},
		{"spaces", "482 91 3507", "[SSN]"},
		{"never issued", "000123456 666123456 912345678", "000123456 666123456 912345678"},
		{"decimals", "482913507.25", "482913507.25"},
		{"ten digits", "1829135071", "1829135071"},
	})
}

// newKindText returns a random identifier of one of the kinds Number,
// Coordinates and Handle, in one of the forms the package documents, with
// the label it needs before it.
func newKindText(k Kind, r *rand.Rand) (before, id string) {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	letters := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('A' + r.IntN(26)))
		}
		return b.String()
	}
	switch k {
	case Number:
		before = pick("MRN: ", "MRN ", "medical record no. ", "member ID ", "Member ID: ", "account number ",
			"acct #", "policy no. ", "license plate ", "VIN ", "serial number ", "S/N ", "claim # ", "certificate number: ")
		id = pick(digits(3+r.IntN(8)), letters(2)+"-"+digits(4), letters(3)+" "+digits(4), digits(4)+"-"+letters(2)+digits(1),
			letters(1)+digits(6))
		return before, id
	case Coordinates:
		lat := fmt.Sprintf("%d.%s", r.IntN(90), digits(4+r.IntN(3)))
		lon := fmt.Sprintf("%d.%s", r.IntN(180), digits(4+r.IntN(3)))
		switch r.IntN(4) {
		case 0:
			return "", lat + pick(", ", ",", "; ", " / ") + pick("", "-") + lon
		case 1:
			return "", fmt.Sprintf("%d°%d'%d\"%s %d°%d'%d\"%s", r.IntN(90), r.IntN(60), r.IntN(60), pick("N", "S"),
				r.IntN(180), r.IntN(60), r.IntN(60), pick("E", "W"))
		case 2:
			return "", lat + "° " + pick("N", "S") + ", " + lon + "° " + pick("E", "W")
		default:
			return "", lat + pick("N", "S") + " " + lon + pick("E", "W")
		}
	case Handle:
		return "", "@" + pick("zelda", "zq", "_q", "Quist") + pick("", "_q", ".quist", digits(2), "_"+digits(3))
	}
	panic("no such kind")
}

// TestPropertyNewKinds: identifiers of the kinds Number, Coordinates and
// Handle planted in random text of words and measurements are replaced,
// every letter and digit, and scrubbing the output again changes nothing.
func TestPropertyNewKinds(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 500
	props := gopter.NewProperties(params)
	words := []string{"weight", "72.5", "kg", "after", "the", "scale", "reset", "ok", "bpm", "3", "record", "case",
		"steps", "10/10", "serial", "7s", "38.5°C", "the march", "may", "1.025,", "version", "2.1", "-", ",", "."}
	kinds := []Kind{Number, Coordinates, Handle}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	props.Property("planted numbers, coordinates and handles are replaced", prop.ForAll(
		func(ws []int, k int, seed uint64, at int) string {
			kind := kinds[k]
			before, id := newKindText(kind, rand.New(rand.NewPCG(seed, uint64(kind))))
			var b strings.Builder
			at %= len(ws) + 1
			for i, w := range ws {
				if i == at {
					b.WriteString(before + id + " ")
				}
				b.WriteString(words[w%len(words)] + " ")
			}
			if at == len(ws) {
				b.WriteString(before + id)
			}
			text := b.String()
			start := strings.Index(text, before+id) + len(before)
			// An identifier may be matched as another kind, or merged
			// into a match before it (ten digits as a phone number,
			// "- @a.b" as an e-mail address, coordinates after spaced
			// digits read as an IP address): replaced all the same. The
			// punctuation between two coordinates may stay.
			covered := make([]bool, len(text))
			for m := range s.Matches([]byte(text)) {
				for i := m.Start; i < m.End; i++ {
					covered[i] = true
				}
			}
			for i := start; i < start+len(id); i++ {
				covered[i] = covered[i] || !isAlnum(text[i]) && text[i] < 0x80
			}
			if slices.Contains(covered[start:start+len(id)], false) {
				return fmt.Sprintf("%v %q not matched whole in %q: %q", kind, id, text, s.Scrub(text))
			}
			if once := s.Scrub(text); s.Scrub(once) != once {
				return fmt.Sprintf("not idempotent: %q", text)
			}
			return ""
		},
		gen.SliceOfN(8, gen.IntRange(0, len(words)-1)), gen.IntRange(0, len(kinds)-1), gen.UInt64(), gen.IntRange(0, 8),
	))
	props.TestingRun(t)
}
