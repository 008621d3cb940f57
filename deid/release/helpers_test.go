package release

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/pseudo"
)

// sampleSeed is the seed of the export program's built-in sample.
const sampleSeed = 20261125

// sample returns the built-in sample of the export program: rows of a
// few hundred made-up users with one to eight measurements each.
func sample(t testing.TB, rows int, format deid.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	cfg := deidtest.Config{Rows: rows, Seed: sampleSeed, MinPerUser: 1, MaxPerUser: 8}
	var err error
	if format == deid.NDJSON {
		err = deidtest.WriteNDJSON(context.Background(), &b, cfg)
	} else {
		err = deidtest.WriteCSV(context.Background(), &b, cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var testRef = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// research is the research profile of the export program: the AI-engine
// rules with a research partner's pseudonym domain.
var research = Research(testRef, "research/partner-x")

func testKeys(t testing.TB) deid.Keys {
	t.Helper()
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	return deid.Keys{Pseudonyms: ks}
}

// sampleQIs are the export program's default quasi-identifiers.
var sampleQIs = []string{"date_of_birth", "sex", "zip", "state"}

// runCSV runs a release to CSV and returns the records written, header
// first.
func runCSV(t testing.TB, in []byte, cfg Config) ([][]string, *Report) {
	t.Helper()
	var out bytes.Buffer
	rep, err := Run(context.Background(), bytes.NewReader(in), CSV(&out), cfg)
	if err != nil {
		t.Fatalf("release: %v", err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatalf("reading the release back: %v", err)
	}
	return recs, rep
}

// fieldLevel returns the output of the field policy alone, as CSV
// records, header first: what the k-anonymity stage received.
func fieldLevel(t testing.TB, in []byte, cfg Config) [][]string {
	t.Helper()
	cfg.Privacy = nil
	recs, _ := runCSV(t, in, cfg)
	return recs
}

// checkRelease checks a written release against the field-level output
// it was made from, with nothing shared with the code that made it but
// the hierarchies: every written record is a field-level record, in
// order, with only its quasi-identifiers changed; each released value
// covers the original (kanon.Verify on a table of the field-level values);
// and the records sharing released quasi-identifiers belong to at least k
// people (counted here). It returns the number of records withheld.
func checkRelease(t testing.TB, field, written [][]string, p *Privacy, hier map[string]*kanon.Hierarchy) int {
	t.Helper()
	header := field[0]
	if !slices.Equal(written[0], header) {
		t.Fatalf("header %q, field stage %q", written[0], header)
	}
	isQI := make([]bool, len(header))
	var qiCols []int
	for _, q := range p.QuasiIdentifiers {
		i := slices.Index(header, q)
		isQI[i] = true
		qiCols = append(qiCols, i)
	}
	rest := func(r []string) string {
		var b strings.Builder
		for i, v := range r {
			if !isQI[i] {
				b.WriteString(v)
				b.WriteByte(0)
			}
		}
		return b.String()
	}
	// Align: the written records are the field-level ones, in order,
	// less those withheld.
	rel := &fileRelease{rows: make([][]string, len(field)-1)}
	j := 1
	for i := 1; i < len(field); i++ {
		if j < len(written) && rest(written[j]) == rest(field[i]) {
			vals := make([]string, len(qiCols))
			for q, c := range qiCols {
				vals[q] = written[j][c]
			}
			rel.rows[i-1] = vals
			j++
		}
	}
	if j != len(written) {
		t.Fatalf("written record %d is not a field-level record with its quasi-identifiers changed", j)
	}
	schema := kanon.Schema{Individual: p.Person}
	if p.Sensitive != "" {
		schema.Sensitive = []string{p.Sensitive}
	}
	for _, q := range p.QuasiIdentifiers {
		a := kanon.Attribute{Name: q, Type: kanon.Categorical, Hierarchy: hier[q]}
		if hier[q] == nil || numericValues(field, q) {
			a.Type = kanon.Auto
		}
		schema.QuasiIdentifiers = append(schema.QuasiIdentifiers, a)
	}
	var csvText bytes.Buffer
	w := csv.NewWriter(&csvText)
	w.WriteAll(field)
	table, err := kanon.ReadCSV(&csvText, kanon.CSVOptions{Schema: schema, Comma: ','})
	if err != nil {
		t.Fatal(err)
	}
	v, err := kanon.Verify(table, rel, p.models()...)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Holds {
		t.Fatalf("the written release fails kanon.Verify: %v", v)
	}
	// k in people, counted here.
	person := slices.Index(header, p.Person)
	people := map[string]map[string]bool{}
	for _, r := range written[1:] {
		var key strings.Builder
		for _, c := range qiCols {
			key.WriteString(r[c])
			key.WriteByte(0)
		}
		if people[key.String()] == nil {
			people[key.String()] = map[string]bool{}
		}
		id := r[person]
		if person < 0 {
			id = key.String() + string(rune(len(people[key.String()])))
		}
		people[key.String()][id] = true
	}
	for key, ps := range people {
		if len(ps) < p.K {
			t.Fatalf("released class %q holds %d people, fewer than k = %d", key, len(ps), p.K)
		}
	}
	return len(field) - len(written)
}

// fileRelease is a release read back from written records, for
// kanon.Verify: nil rows were withheld.
type fileRelease struct{ rows [][]string }

func (f *fileRelease) Len() int                    { return len(f.rows) }
func (f *fileRelease) Suppressed(row int) bool     { return f.rows[row] == nil }
func (f *fileRelease) Released(row, qi int) string { return f.rows[row][qi] }

// hierarchiesOf returns the hierarchies a release chooses for the
// quasi-identifiers of the field-level records.
func hierarchiesOf(t testing.TB, field [][]string, p *Privacy, pol *deid.Policy) map[string]*kanon.Hierarchy {
	t.Helper()
	out := map[string]*kanon.Hierarchy{}
	for _, q := range p.QuasiIdentifiers {
		values := distinctValues(field, q)
		ch, err := choose(q, values, p, pol)
		if err != nil {
			t.Fatal(err)
		}
		out[q] = ch.forAlgorithm(p.Algorithm, values).h
	}
	return out
}

// distinctValues returns the distinct values of column q of records,
// header first.
func distinctValues(records [][]string, q string) []string {
	c := slices.Index(records[0], q)
	seen := map[string]bool{}
	var values []string
	for _, r := range records[1:] {
		if !seen[r[c]] {
			seen[r[c]] = true
			values = append(values, r[c])
		}
	}
	return values
}

// numericValues reports whether every value of column q is a number, when
// the release's interval hierarchies apply.
func numericValues(field [][]string, q string) bool {
	_, ok := intervals(distinctValues(field, q))
	return ok
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReaderSize(bytes.NewReader(b), peekSize) }

// dropAges drops the age column of policy p when the quasi-identifiers
// generalize the date of birth but not the ages, which would give the
// birth year back (a release refuses it: qi_ages.go).
func dropAges(p *deid.Policy, qis []string) *deid.Policy {
	if !slices.Contains(qis, "dob") || slices.Contains(qis, "age") {
		return p
	}
	for i := range p.Fields {
		if p.Fields[i].Field == "age" {
			p.Fields[i] = deid.Rule{Field: "age", Action: deid.Drop}
		}
	}
	return p
}
