package deid

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/deidtest"
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
			opts.AllowKeptIdentifiers = true
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
		_, rep, err := run(t, p, Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Workers: 2, ChunkSize: 512}, b.String())
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

// plainTimestamp, which reads eight bytes at a time, agrees with the
// shape read byte by byte: every byte value at every place of timestamps
// and dates of each length and form, and random strings of their
// alphabet.
func TestPlainTimestampBytewise(t *testing.T) {
	bases := []string{"2025-06-01", "2025-06-01T07:12:44Z", "2025-06-01t07:12:44z", "2025-06-01 07:12:44+05:30",
		"2025-06-01T07:12:44.123456789-11:00", "2025-06-01T07:12:44.5Z", "9999-99-99T99:99:99Z", "0000-00-00T00:00:00Z"}
	for _, base := range bases {
		for i := range len(base) {
			for c := range 256 {
				v := []byte(base)
				v[i] = byte(c)
				if got, want := plainTimestamp(v), plainTimestampBytewise(v); got != want {
					t.Fatalf("plainTimestamp(%q) = %v, byte by byte %v", v, got, want)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "0123456789-:T Zz+./\x80\xff"
	for range testenv.ForRace(300_000) {
		v := []byte(bases[r.IntN(len(bases))])
		v = v[:r.IntN(len(v)+1)]
		for range r.IntN(3) {
			if len(v) > 0 {
				v[r.IntN(len(v))] = alphabet[r.IntN(len(alphabet))]
			}
		}
		if got, want := plainTimestamp(v), plainTimestampBytewise(v); got != want {
			t.Fatalf("plainTimestamp(%q) = %v, byte by byte %v", v, got, want)
		}
	}
}

// plainTimestampBytewise is plainTimestamp as it was written before it
// read eight bytes at a time: the reference for the date and time (the
// zone after them is read by the same code).
func plainTimestampBytewise(v []byte) bool {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(v) != 10 && len(v) < len(shape)+1 {
		return false
	}
	for i := range min(len(v), len(shape)) {
		c := v[i]
		switch shape[i] {
		case 'd':
			if c < '0' || c > '9' {
				return false
			}
		case 'T':
			if c != 'T' && c != 't' && c != ' ' {
				return false
			}
		default:
			if c != shape[i] {
				return false
			}
		}
	}
	if len(v) == 10 {
		return true
	}
	return timeZone(v[len(shape):]) // not changed
}

// BenchmarkScreenKept measures the screening of one kept value of each
// kind of the research export (a value found clean before, a timestamp of
// an event, a measurement), the cost the identifier check adds to every
// kept value of every written record.
//
//	go test ./deid -run '^$' -bench ScreenKept
func BenchmarkScreenKept(b *testing.B) {
	pl := researchPlan(b)
	for _, tc := range []struct {
		name  string
		v     string
		dates bool
	}{{"sex", "F", true}, {"state", "CA", true}, {"model", "Sleep Analyzer", true}, {"timestamp", "2025-03-01T00:00:03Z", false}, {"number", "46.4", true}} {
		b.Run(tc.name, func(b *testing.B) {
			var k keptValues
			var s chunkStats
			v := []byte(tc.v)
			k.screen(pl, 3, tc.dates, v)
			s.checkKept(pl, &k, nil, make([][]byte, len(pl.Fields()))) // remembered as clean
			for b.Loop() {
				k.reset()
				k.screen(pl, 3, tc.dates, v)
				if len(k.suspects) > 0 {
					b.Fatal("a clean value was set aside")
				}
			}
		})
	}
}

// BenchmarkScreenRows screens the kept values of 2,000 rows of the
// research export in time order, as the CSV writer meets them (one op is
// one row): the values change from row to row, so the branches of the
// tests are predicted no better than in a run. The rows' values lie one
// after the other in one buffer of about 400 KB, as in a chunk.
func BenchmarkScreenRows(b *testing.B) {
	pl := researchPlan(b)
	var buf bytes.Buffer
	if err := deidtest.WriteCSV(context.Background(), &buf, deidtest.Config{Rows: 2000, Seed: 1, TimeOrdered: true, NumericIDs: true}); err != nil {
		b.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var data []byte
	var ends [][]int
	for _, rec := range recs[1:] {
		var e []int
		for _, v := range rec {
			data = append(data, v...)
			e = append(e, len(data))
		}
		ends = append(ends, e)
	}
	rows := make([][][]byte, len(ends))
	from := 0
	for r, e := range ends {
		for _, to := range e {
			rows[r] = append(rows[r], data[from:to])
			from = to
		}
	}
	var k keptValues
	var s chunkStats
	i := 0
	for b.Loop() {
		k.screenAll(pl, rows[i])
		k.check(pl, nil, rows[i], &s.warnings)
		if i++; i == len(rows) {
			i = 0
		}
	}
}
