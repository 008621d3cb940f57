package release

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/pseudo"
)

// classesOf groups the records of a CSV release (header first) by their
// values of the columns qis, and returns the people (distinct values of
// person, records without one) and the records of every group.
func classesOf(t *testing.T, recs [][]string, qis []string, person string) (people, records map[string]int) {
	t.Helper()
	var cols []int
	for _, q := range qis {
		i := slices.Index(recs[0], q)
		if i < 0 {
			t.Fatalf("no column %q", q)
		}
		cols = append(cols, i)
	}
	p := slices.Index(recs[0], person)
	people, records = map[string]int{}, map[string]int{}
	seen := map[[2]string]bool{}
	for r, rec := range recs[1:] {
		var key []string
		for _, i := range cols {
			key = append(key, rec[i])
		}
		k := strings.Join(key, "\x00")
		records[k]++
		who := strconv.Itoa(r)
		if p >= 0 {
			who = rec[p]
		}
		if !seen[[2]string{k, who}] {
			seen[[2]string{k, who}] = true
			people[k]++
		}
	}
	return people, records
}

// The histogram of class sizes, the risk distribution and the
// population-uniqueness estimates are those of the records written, and
// of the field policy's output before generalization.
func TestReportClasses(t *testing.T) {
	in := sample(t, 3000, deid.CSV)
	for _, person := range []string{"user_id", ""} {
		cfg := Config{Profile: research, Keys: testKeys(t), Privacy: &Privacy{
			QuasiIdentifiers: sampleQIs, K: 5, Person: person, Suppression: 0.02, Population: kanon.SamplingFraction(0.05)}}
		recs, rep := runCSV(t, in, cfg)
		k := rep.KAnonymity
		people, records := classesOf(t, recs, sampleQIs, person)

		want := map[int]*ClassSize{}
		for c, n := range people {
			if want[n] == nil {
				want[n] = &ClassSize{People: n}
			}
			want[n].Classes++
			want[n].Records += records[c]
		}
		if len(k.ClassSizes) != len(want) {
			t.Errorf("person %q: %d class sizes, want %d", person, len(k.ClassSizes), len(want))
		}
		for i, got := range k.ClassSizes {
			if w := want[got.People]; w == nil || *w != got {
				t.Errorf("person %q: class size %+v, want %+v", person, got, w)
			}
			if i > 0 && got.People <= k.ClassSizes[i-1].People {
				t.Errorf("person %q: class sizes out of order", person)
			}
			if got.People < k.K {
				t.Errorf("person %q: a class of %d in a %d-anonymous release", person, got.People, k.K)
			}
		}

		banded, classes := 0, 0
		for _, b := range k.Risk {
			want := 0
			for c, n := range people {
				if r := 1 / float64(n); r > b.Above && r <= b.AtMost {
					want += records[c]
				}
			}
			if b.Records != want {
				t.Errorf("person %q: risk band (%g, %g]: %d records, want %d", person, b.Above, b.AtMost, b.Records, want)
			}
			if b.Above >= 1/float64(k.K) && b.Records > 0 {
				t.Errorf("person %q: records at risk above 1/k", person)
			}
			banded += b.Records
			classes += b.Classes
		}
		if int64(banded) != rep.Written || classes != k.Classes {
			t.Errorf("person %q: the bands hold %d records of %d classes, want %d of %d", person, banded, classes, rep.Written, k.Classes)
		}

		// The estimates, from class sizes counted here: of the release,
		// and of the field policy's output.
		pop := k.Population
		if pop == nil {
			t.Fatal("no population report")
		}
		before, _ := classesOf(t, fieldLevel(t, in, cfg), sampleQIs, person)
		for _, c := range []struct {
			name   string
			people map[string]int
			got    UniquenessReport
		}{{"released", people, pop.Released}, {"before", before, pop.Before}} {
			hist := map[int]int{}
			for _, n := range c.people {
				hist[n]++
			}
			u, err := kanon.EstimateUniqueness(hist, kanon.SamplingFraction(0.05))
			if err != nil {
				t.Fatal(err)
			}
			if c.got.People != u.People || c.got.SampleUniques != u.SampleUniques || c.got.Population != u.Population {
				t.Errorf("person %q, %s: %+v, want %+v", person, c.name, c.got, u)
			}
			for i, e := range []kanon.Estimate{u.Pitman, u.Zayatz, u.SNB} {
				g := c.got.Estimates[i]
				if g.Model != e.Model.String() || g.Valid != e.Valid || math.Abs(g.Uniques-e.Uniques) > 1e-9*(1+e.Uniques) {
					t.Errorf("person %q, %s: estimate %+v, want %+v", person, c.name, g, e)
				}
			}
		}
		if pop.Before.SampleUniques == 0 || pop.Released.SampleUniques != 0 {
			t.Errorf("person %q: %d sample uniques before generalization, %d released", person, pop.Before.SampleUniques, pop.Released.SampleUniques)
		}
	}
}

// A population that cannot hold the release is a configuration error:
// before the run when it can be told, after it otherwise.
func TestReportPopulationConfig(t *testing.T) {
	in := sample(t, 500, deid.CSV)
	for _, s := range []kanon.Sampling{kanon.SamplingFraction(0), kanon.SamplingFraction(1.5), kanon.SamplingFraction(math.NaN()), kanon.PopulationSize(0), kanon.PopulationSize(10)} {
		cfg := Config{Profile: research, Keys: testKeys(t), Privacy: &Privacy{QuasiIdentifiers: sampleQIs, K: 3, Person: "user_id", Population: s}}
		var out bytes.Buffer
		_, err := Run(context.Background(), bytes.NewReader(in), CSV(&out), cfg)
		if !errors.Is(err, ErrConfig) || !errors.Is(err, kanon.ErrPopulation) {
			t.Errorf("population %v: %v, want ErrConfig and kanon.ErrPopulation", s, err)
		}
		if out.Len() > 0 {
			t.Errorf("population %v: %d bytes written", s, out.Len())
		}
	}
}

// notChecksummer is a Writer that does not hash what it writes.
type notChecksummer struct{ Writer }

// The checksums are those of the bytes read and written, whichever path
// the output takes.
func TestReportChecksums(t *testing.T) {
	csvIn, ndjsonIn := sample(t, 800, deid.CSV), sample(t, 800, deid.NDJSON)
	private := &Privacy{QuasiIdentifiers: sampleQIs, K: 3, Person: "user_id"}
	for _, c := range []struct {
		name    string
		in      []byte
		format  deid.Format
		writer  func(*bytes.Buffer) Writer
		privacy *Privacy
		types   map[string]Type
	}{
		{"csv, field stage writes", csvIn, deid.CSV, func(b *bytes.Buffer) Writer { return CSV(b) }, nil, nil},
		{"csv, typed", csvIn, deid.CSV, func(b *bytes.Buffer) Writer { return CSV(b) }, nil, map[string]Type{"steps": Int64}},
		{"ndjson from csv", csvIn, deid.CSV, func(b *bytes.Buffer) Writer { return NDJSON(b) }, nil, nil},
		{"ndjson, field stage writes", ndjsonIn, deid.NDJSON, func(b *bytes.Buffer) Writer { return NDJSON(b) }, nil, nil},
		{"csv, k-anonymity", csvIn, deid.CSV, func(b *bytes.Buffer) Writer { return CSV(b) }, private, nil},
		{"ndjson, k-anonymity", ndjsonIn, deid.NDJSON, func(b *bytes.Buffer) Writer { return NDJSON(b) }, private, nil},
		{"a Writer that does not hash", csvIn, deid.CSV, func(b *bytes.Buffer) Writer { return notChecksummer{CSV(b)} }, private, nil},
	} {
		var out bytes.Buffer
		rep, err := Run(context.Background(), bytes.NewReader(c.in), c.writer(&out),
			Config{Input: c.format, Profile: research, Keys: testKeys(t), Privacy: c.privacy, Types: c.types})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if sum := sha256.Sum256(c.in); rep.InputSHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: input SHA-256 %s, want %x", c.name, rep.InputSHA256, sum)
		}
		want := sha256.Sum256(out.Bytes())
		if _, ok := c.writer(&bytes.Buffer{}).(Checksummer); !ok {
			if rep.OutputSHA256 != "" {
				t.Errorf("%s: an output SHA-256 from a Writer that does not hash", c.name)
			}
		} else if out.Len() == 0 || rep.OutputSHA256 != hex.EncodeToString(want[:]) {
			t.Errorf("%s: output SHA-256 %s, want %x", c.name, rep.OutputSHA256, want)
		}
	}
}

// The report names the keys by their IDs.
func TestReportKeyIDs(t *testing.T) {
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	if ks, _, err = ks.AddKey(); err != nil {
		t.Fatal(err)
	}
	tks, err := pseudo.NewTokenKeyset()
	if err != nil {
		t.Fatal(err)
	}
	_, rep := runCSV(t, sample(t, 100, deid.CSV), Config{Profile: research, Keys: deid.Keys{Pseudonyms: ks, Tokens: tks}})
	want := &KeyIDs{PseudonymPrimary: ks.PrimaryKeyID(), Pseudonyms: ks.KeyIDs(), TokenPrimary: tks.PrimaryKeyID()}
	if got := rep.Keys; got == nil || got.PseudonymPrimary != want.PseudonymPrimary || !slices.Equal(got.Pseudonyms, want.Pseudonyms) ||
		got.TokenPrimary != want.TokenPrimary || len(got.Pseudonyms) != 2 {
		t.Errorf("key IDs %+v, want %+v", got, want)
	}
}

// A tally counts each person once per class, whatever the order of their
// records among classes (records of a person in one class, spread over
// several, alternating), and no person without a person column.
func TestTallyPeople(t *testing.T) {
	props := testenv.Properties(100)
	props.Property("tally counts distinct people per class", prop.ForAll(func(people, classes []int, withPerson bool) string {
		n := min(len(people), len(classes))
		schema := kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "q", Type: kanon.Categorical}}}
		if withPerson {
			schema.Individual = "p"
		}
		var rows [][]string
		for i := range n {
			r := []string{"x"}
			if withPerson {
				r = append(r, strconv.Itoa(people[i]))
			}
			rows = append(rows, r)
		}
		tab, err := kanon.NewTable(schema, rows)
		if err != nil {
			return err.Error()
		}
		class := func(row int) int { return classes[row] - 1 } // -1: none
		wantPeople, wantRecords, first := map[int]int{}, map[int]int{}, map[int]int{}
		seen := map[[2]int]bool{}
		for row := range n {
			c := class(row)
			if c < 0 {
				continue
			}
			if _, ok := first[c]; !ok {
				first[c] = row
			}
			wantRecords[c]++
			if pair := [2]int{c, tab.IndividualOf(row)}; !withPerson || !seen[pair] {
				seen[pair] = true
				wantPeople[c]++
			}
		}
		got := newTally(tab, class)
		for c := range got.records {
			if got.people[c] != wantPeople[c] || got.records[c] != wantRecords[c] || (got.records[c] > 0 && got.first[c] != first[c]) {
				return fmt.Sprintf("class %d: %d people, %d records, first %d; want %d, %d, %d", c,
					got.people[c], got.records[c], got.first[c], wantPeople[c], wantRecords[c], first[c])
			}
		}
		if len(wantRecords) > 0 && len(got.records) <= slices.Max(slices.Collect(maps.Keys(wantRecords))) {
			return "classes missing"
		}
		return ""
	}, gen.SliceOf(gen.IntRange(0, 6)), gen.SliceOf(gen.IntRange(0, 4)), gen.Bool()))
	props.TestingRun(t)
}
