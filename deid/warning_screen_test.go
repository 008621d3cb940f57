package deid

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/fieldname"
	"github.com/deidkit/deidkit/internal/testenv"
)

// The CSV writer screens kept values for the identifier check in the pass
// that writes the record, and the detectors run once the record is
// written. An identifier is a warning in every record of every chunk, the
// last record of a late chunk included, in every form a field can take
// (plain, quoted, starting with white space, after a quoted field, in a
// run of kept columns or alone between transformed ones), on the direct
// path and the other; and the warnings are exactly those the detectors
// find in the kept values of the written records, computed here from the
// records themselves.
func TestWarningsScreenedAsWritten(t *testing.T) {
	ids := []string{"zelda.quixote@example.com", "+1 415 555 0143", "203.0.113.41", "123-45-6789", "1600 Pennsylvania Avenue NW"}
	forms := []func(string) string{
		func(v string) string { return v },
		func(v string) string { return " " + v },
		func(v string) string { return "x, " + v },
		func(v string) string { return `say "` + v + `"` },
	}
	header := []string{"model", "code", "measured_at", "weight", "note", "state"}
	p := &Policy{Default: Drop, Fields: []Rule{
		{Field: "model", Action: Keep}, {Field: "code", Action: Redact}, {Field: "measured_at", Action: Keep},
		{Field: "weight", Action: Keep}, {Field: "state", Action: Keep},
	}}
	kept := map[string]bool{"model": true, "measured_at": true, "weight": true, "state": true}
	sc := fieldname.NewValueScrubber()
	// want lists the warnings the detectors give for recs, in the order
	// the transformer reports them (by record, then field).
	want := func(recs [][]string) []warnKey {
		var ks []warnKey
		for _, rec := range recs {
			for i, v := range rec {
				if !kept[header[i]] {
					continue
				}
				for m := range sc.Matches([]byte(v)) {
					if m.Kind.String() == "date" && header[i] == "measured_at" {
						continue
					}
					k := warnKey{header[i], WarnIdentifierValues, valueCategory(m.Kind)}
					if !slices.Contains(ks, k) {
						ks = append(ks, k)
					}
				}
			}
		}
		return ks
	}
	r := rand.New(rand.NewPCG(7, 12))
	const n = 120
	for trial := range testenv.ForRace(24) {
		recs := make([][]string, n)
		for i := range recs {
			recs[i] = []string{[...]string{"Scale-X2", "BPM Core", "Body Cardio"}[i%3], fmt.Sprint(r.IntN(1000)),
				fmt.Sprintf("2025-06-01T07:%02d:00Z", i%60), fmt.Sprintf("%d.%d", 40+r.IntN(80), r.IntN(10)), "n", "CA"}
			if r.IntN(8) == 0 {
				recs[i][1] = `"quoted, ` + recs[i][1] + `"` // a quoted field before kept ones
			}
		}
		at := r.IntN(n)
		if trial%3 == 0 {
			at = n - 1 - r.IntN(3) // the last records: of the last chunk
		}
		col := []int{0, 2, 3, 5}[r.IntN(4)]
		recs[at][col] = forms[r.IntN(len(forms))](ids[r.IntN(len(ids))])
		var b strings.Builder
		w := csv.NewWriter(&b)
		w.Write(header)
		w.WriteAll(recs)
		for _, opts := range []Options{
			{Input: CSV, Workers: 2, ChunkSize: 256 + r.IntN(2048)},
			{Input: CSV, Workers: 1, ChunkSize: 256 + r.IntN(2048), OutputComma: ';'}, // not the direct path
		} {
			_, rep, err := run(t, p, Keys{}, opts, b.String())
			if err != nil {
				t.Fatal(err)
			}
			wantKeys := want(recs)
			if len(wantKeys) == 0 {
				t.Fatalf("trial %d: the detectors find nothing in %q", trial, recs[at][col])
			}
			if got := warnKeys(rep.Warnings); !sameKeys(got, wantKeys) {
				t.Errorf("trial %d, %q in record %d of %d, chunks of %d bytes, output comma %q: warnings %v, want %v",
					trial, recs[at][col], at, n, opts.ChunkSize, opts.OutputComma, got, wantKeys)
			}
		}
	}
}

// Each chunk's last record, in turn: an identifier there is a warning.
func TestWarningsLastRecordOfEachChunk(t *testing.T) {
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "model", Action: Keep}, {Field: "weight", Action: Keep}}}
	const n = 400
	for at := range n {
		var b strings.Builder
		b.WriteString("model,weight\n")
		for i := range n {
			model := "Scale-X2"
			if i == at {
				model = "zelda.quixote@example.com"
			}
			fmt.Fprintf(&b, "%s,%d.5\n", model, 50+i%40)
		}
		// 19 to 20 bytes a record: about 26 records a chunk, 15 chunks.
		_, rep, err := run(t, p, Keys{}, Options{Input: CSV, Workers: 2, ChunkSize: 512}, b.String())
		if err != nil {
			t.Fatal(err)
		}
		want := []warnKey{{"model", WarnIdentifierValues, CategoryEmail}}
		if got := warnKeys(rep.Warnings); !slices.Equal(got, want) {
			t.Fatalf("e-mail in record %d: warnings %v, want %v", at, got, want)
		}
	}
}

// sameKeys compares warnings as sets: chunks merge theirs in input order,
// which a field's first warning need not follow across fields.
func sameKeys(a, b []warnKey) bool {
	if len(a) != len(b) {
		return false
	}
	for _, k := range a {
		if !slices.Contains(b, k) {
			return false
		}
	}
	return true
}
