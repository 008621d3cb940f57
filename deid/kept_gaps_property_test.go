package deid_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/deid"
)

// plantedGap returns an identifier of one of the kinds the kept-value
// check learnt to read (a labelled number, an SSN of nine digits,
// coordinates, a handle, a date without a year or in eight digits or in
// French, German or Spanish, a listed ID), drawn from r, as it may be
// written in a kept text.
func plantedGap(kind int, r *rand.Rand) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	switch kind {
	case 0:
		return pick("MRN: ", "medical record no. ", "member ID ", "account number ", "policy no. ", "license plate ", "VIN ", "S/N ") +
			pick(digits(4+r.IntN(6)), "XK-"+digits(4), "AB"+digits(5))
	case 1:
		area := 1 + r.IntN(665)
		return fmt.Sprintf("%03d%02d%04d", area, 1+r.IntN(99), 1+r.IntN(9999))
	case 2:
		return fmt.Sprintf("%d.%s, %s%d.%s", r.IntN(90), digits(4+r.IntN(3)), pick("", "-"), r.IntN(180), digits(4+r.IntN(3)))
	case 3:
		return "@" + pick("zelda", "zq", "_quist", "Zq") + pick("", "_q", digits(2))
	case 4:
		m := pick("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "March", "September")
		d := 1 + r.IntN(28)
		return pick(fmt.Sprintf("%s %d", m, d), fmt.Sprintf("%d %s", d, m), fmt.Sprintf("%02d/%02d", 1+r.IntN(9), 1+r.IntN(12)))
	case 5:
		return fmt.Sprintf("%d%02d%02d", 1900+r.IntN(200), 1+r.IntN(12), 1+r.IntN(28))
	case 6:
		d := 1 + r.IntN(28)
		return pick(fmt.Sprintf("%d mars %d", d, 1900+r.IntN(120)), fmt.Sprintf("%d. März", d), fmt.Sprintf("%d de marzo de 19%02d", d, r.IntN(100)),
			fmt.Sprintf("%d juillet", d), fmt.Sprintf("%d Dezember", d))
	default:
		return pick("u-42", "U-42", "u-0042x", "zelda@example.org")
	}
}

// gapKinds is the number of kinds plantedGap draws.
const gapKinds = 8

// TestPropertyKeptGapsRefused: an identifier of a kind the kept-value
// check learnt to read, planted at a random place of random words in a
// kept field of a random record, with an exclusion list given, is never
// written by default, and exactly the planted records are quarantined.
func TestPropertyKeptGapsRefused(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 60
	props := gopter.NewProperties(params)
	words := []string{"weight", "72.5", "kg", "after", "the", "scale", "reset", "ok", "bpm", "3", "record", "case", "steps",
		"10/10", "serial", "7s", "38.5°C", "the march", "may", "1.025;", "version", "2.1", "-", "Pixel"}
	list := deid.NewIDSet([]string{"u-42", "u-0042x", "zelda@example.org"})
	policy := &deid.Policy{Name: "x", Default: deid.Drop, Fields: []deid.Rule{
		{Field: "user_id", Action: deid.Pseudonymize, Domain: "d"},
		{Field: "device_model", Action: deid.Keep},
		{Field: "steps", Action: deid.Keep},
	}}
	keys := keptKeys(t)
	props.Property("planted identifiers are quarantined, never written", prop.ForAll(
		func(ws []int, plants []int, seed uint64) string {
			r := rand.New(rand.NewPCG(seed, 7))
			var in strings.Builder
			in.WriteString("user_id,device_model,steps\n")
			var planted []string
			for i, p := range plants {
				var text []string
				for _, w := range ws[i%len(ws):] {
					text = append(text, words[w%len(words)])
				}
				if p >= 0 {
					id := plantedGap(p%gapKinds, r)
					at := r.IntN(len(text) + 1)
					text = append(text[:at], append([]string{id}, text[at:]...)...)
					planted = append(planted, id)
				}
				v := strings.Join(text, " ")
				fmt.Fprintf(&in, "u-%d,\"%s\",%d\n", i+100, v, i)
			}
			var out, quar bytes.Buffer
			tr, err := deid.NewTransformer(policy, keys, deid.Options{Input: deid.CSV, Quarantine: &quar, Exclude: list,
				ExcludeField: "user_id", ExcludeMayMatchNone: true})
			if err != nil {
				return err.Error()
			}
			rep, err := tr.Run(t.Context(), strings.NewReader(in.String()), &out)
			if err != nil {
				return err.Error()
			}
			for _, id := range planted {
				if strings.Contains(out.String(), id) {
					return fmt.Sprintf("%q written: %q", id, out.String())
				}
			}
			if rep.Quarantined != int64(len(planted)) {
				return fmt.Sprintf("%d quarantined, %d planted %q:\n%s\nreasons %v", rep.Quarantined, len(planted), planted, in.String(), rep.QuarantineReasons)
			}
			return ""
		},
		gen.SliceOfN(6, gen.IntRange(0, len(words)-1)), gen.SliceOfN(5, gen.IntRange(-3, gapKinds-1)), gen.UInt64(),
	))
	props.TestingRun(t)
}
