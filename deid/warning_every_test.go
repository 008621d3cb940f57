package deid

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/fieldname"
	"github.com/deidkit/deidkit/internal/testenv"
)

// One identifier in one record of a kept column, wherever it is in the
// chunk, is a warning: a sample of each chunk's first records let an
// e-mail address in the 150th record through, and the run succeeded. So
// is an identifier in a later element of a kept array.
func TestWarningsOfEveryValue(t *testing.T) {
	ids := []struct {
		value string
		cat   Category
	}{
		{"zelda.quixote@example.com", CategoryEmail},
		{"+1 415 555 0143", CategoryPhone},
		{"203.0.113.41", CategoryIP},
		{"0a:1b:2c:3d:4e:51", CategoryDevice},
		{"123-45-6789", CategorySSN},
		{"1600 Pennsylvania Avenue NW", CategoryGeographic},
	}
	kept := []Rule{{Field: "device_model", Action: Keep}, {Field: "measured_at", Action: Keep}, {Field: "weight_kg", Action: Keep}}
	csvPolicy := &Policy{Default: Drop, Fields: kept}
	jsonPolicy := &Policy{Default: Drop, Fields: append(slices.Clone(kept), Rule{Field: "readings[].label", Action: Keep})}
	for _, id := range ids {
		for _, at := range []int{1, 150, 4999} {
			var csvIn, jsonIn strings.Builder
			csvIn.WriteString("device_model,measured_at,weight_kg\n")
			for i := range 5000 {
				model := [...]string{"Scale-X2", "BPM Core", "Body Cardio"}[i%3]
				label := "ok"
				if i == at {
					model, label = id.value, id.value
				}
				fmt.Fprintf(&csvIn, "%s,2025-06-01T07:%02d:00Z,%d.5\n", model, i%60, 50+i%40)
				fmt.Fprintf(&jsonIn, `{"device_model":%q,"measured_at":"2025-06-01T07:%02d:00Z","weight_kg":%d.5,"readings":[{"label":"ok"},{"label":%q}]}`+"\n",
					strings.Replace(model, id.value, "Scale-X2", 1), i%60, 50+i%40, label)
			}
			for _, tc := range []struct {
				format Format
				p      *Policy
				in     string
				field  string
			}{{CSV, csvPolicy, csvIn.String(), "device_model"}, {NDJSON, jsonPolicy, jsonIn.String(), "readings[].label"}} {
				_, rep, err := run(t, tc.p, Keys{}, Options{AllowKeptIdentifiers: true, Input: tc.format, Workers: 2, ChunkSize: 64 << 10}, tc.in)
				if err != nil {
					t.Fatal(err)
				}
				want := []warnKey{{tc.field, WarnIdentifierValues, id.cat}}
				if got := warnKeys(rep.Warnings); !slices.Equal(got, want) {
					t.Errorf("%v, %s in record %d: warnings %v, want %v", tc.format, id.cat, at, got, want)
				}
			}
		}
	}
}

// The values that the warnings skip without running the detectors, short
// numbers and timestamps, are values the detectors find nothing in (a date
// at most, in a timestamp).
func TestValuesSkippedAreClean(t *testing.T) {
	sc := fieldname.NewValueScrubber()
	check := func(v string, dateOK bool) {
		t.Helper()
		for m := range sc.Matches([]byte(v)) {
			if !(dateOK && m.Kind.String() == "date") {
				t.Fatalf("%q is skipped, yet the detectors find %v in it", v, m.Kind)
			}
		}
	}
	step := testenv.ForRace(1)
	for n := 0; n < 1_000_000; n += step {
		s := strconv.Itoa(n)
		for _, v := range []string{s, "-" + s, s[:1] + "." + s[1:], s + ".5"} {
			if plainNumber([]byte(v)) {
				check(v, false)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range testenv.ForRace(200_000) {
		digits := 1 + r.IntN(6)
		v := strconv.Itoa(r.IntN(1_000_000))
		v = v[:min(len(v), digits)]
		if p := r.IntN(len(v) + 1); p > 0 && p < len(v) {
			v = v[:p] + "." + v[p:]
		}
		if !plainNumber([]byte(v)) {
			t.Fatalf("%q is not a plain number", v)
		}
		check(v, false)
		ts := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d", r.IntN(10000), r.IntN(100), r.IntN(100), r.IntN(100), r.IntN(100), r.IntN(100))
		for _, z := range []string{"Z", ".123Z", "+05:30", "-11:00", ".5-01:00"} {
			if !plainTimestamp([]byte(ts + z)) {
				t.Fatalf("%q is not a plain timestamp", ts+z)
			}
			check(ts+z, true)
		}
		check(ts[:10], true)
	}
	for _, v := range []string{"1234567", "12.34.56", "1.2.3.4", "", "-", "1.", "+1", "415-555-0143", "2025-03-05T07:12:44", "2025-03-05 07:12:44Z x", "2025-03-05T07:12:44+0530"} {
		if plainNumber([]byte(v)) || plainTimestamp([]byte(v)) {
			t.Errorf("%q is skipped", v)
		}
	}
}
