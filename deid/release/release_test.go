package release

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/deidkit/deidkit/kanon"
)

// people writes n people's records: an ID, a date of birth, sex, a ZIP
// code and state, a weight and a consent flag, rows per person from 1 to
// maxRows.
func people(r *rand.Rand, n, maxRows int) []byte {
	var b bytes.Buffer
	b.WriteString("id,person,dob,sex,zip,state,weight,age,consent,diagnosis\n")
	zips := []struct{ zip, state string }{{"02139", "MA"}, {"01002", "MA"}, {"10001", "NY"}, {"94110", "CA"},
		{"90210", "CA"}, {"03601", "NH"}, {"82001", "WY"}, {"60601", "IL"}}
	id := 0
	for p := range n {
		z := zips[r.IntN(len(zips))]
		dob := fmt.Sprintf("%04d-%02d-%02d", 1925+r.IntN(85), 1+r.IntN(12), 1+r.IntN(28))
		sex := []string{"F", "M"}[r.IntN(2)]
		age := r.IntN(100)
		for range 1 + r.IntN(maxRows) {
			id++
			fmt.Fprintf(&b, "r%d,p%d,%s,%s,%s,%s,%d.%d,%d,true,%s\n", id, p, dob, sex, z.zip, z.state, 40+r.IntN(80), r.IntN(10), age,
				[]string{"none", "asthma", "diabetes", "hypertension"}[r.IntN(4)])
		}
	}
	return b.Bytes()
}

// peoplePolicy de-identifies people(): the record ID kept (so that tests
// can align records), the person pseudonymized, the date of birth to a
// year, the ZIP code to ZIP3, the weight to buckets of 10 kg, the age
// top-coded.
func peoplePolicy() *deid.Policy {
	return &deid.Policy{
		Name: "people", ReferenceDate: "2026-01-01",
		Fields: []deid.Rule{
			{Field: "id", Action: deid.Keep},
			{Field: "person", Action: deid.Pseudonymize, Domain: "test"},
			{Field: "dob", Action: deid.Year},
			{Field: "sex", Action: deid.Keep},
			{Field: "zip", Action: deid.ZIP3},
			{Field: "state", Action: deid.Keep},
			{Field: "weight", Action: deid.Bucket, Width: 10},
			{Field: "age", Action: deid.Age},
			{Field: "diagnosis", Action: deid.Keep},
		},
		Suppress: []deid.Condition{{Name: "no consent", Field: "consent", NotIn: []string{"true"}}},
	}
}

// Every release is k-anonymous in people and truthful, whatever the
// quasi-identifiers, k, algorithm and suppression limit: checked on the
// records written, against the field-level output, by code that shares
// nothing with the release but its hierarchies.
func TestReleaseProperty(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 40
	if testing.Short() || testenv.Race {
		params.MinSuccessfulTests = 10
	}
	props := gopter.NewProperties(params)
	all := []string{"dob", "sex", "zip", "state", "weight", "age"}
	checked, diverse := 0, 0
	defer func() { t.Logf("%d releases checked, %d of them with l or t", checked, diverse) }()
	props.Property("k-anonymous in people and truthful", prop.ForAll(
		func(seed uint64, npeople, maxRows, k int, qmask uint8, alg int, supp float64, models uint8) string {
			var qis []string
			for i, q := range all {
				if qmask&(1<<i) != 0 {
					qis = append(qis, q)
				}
			}
			if len(qis) == 0 {
				qis = []string{"dob"}
			}
			in := people(rand.New(rand.NewPCG(seed, 1)), npeople, maxRows)
			p := &Privacy{QuasiIdentifiers: qis, K: k, Person: "person", Algorithm: Algorithm(alg), Suppression: supp}
			if models&1 != 0 {
				p.Sensitive, p.L = "diagnosis", 2
			}
			if models&2 != 0 {
				p.Sensitive, p.T = "diagnosis", 0.4
			}
			cfg := Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: dropAges(peoplePolicy(), qis), Keys: testKeys(t), Privacy: p}
			var out bytes.Buffer
			rep, err := Run(context.Background(), bytes.NewReader(in), CSV(&out), cfg)
			if errors.Is(err, kanon.ErrUnsatisfiable) && (npeople < k || p.L > 0 || p.T > 0) {
				return "" // too few people, or values, for the models
			}
			if err != nil {
				return err.Error()
			}
			written, err := readCSV(out.Bytes())
			if err != nil {
				return err.Error()
			}
			checked++
			if p.Sensitive != "" {
				diverse++
			}
			field := fieldLevel(t, in, cfg)
			held := checkRelease(t, field, written, p, hierarchiesOf(t, field, p, cfg.Policy))
			kr := rep.KAnonymity
			switch {
			case held != kr.SuppressedRecords:
				return fmt.Sprintf("%d records withheld, the report says %d", held, kr.SuppressedRecords)
			case float64(held) > supp*float64(len(field)-1) && p.Algorithm != Optimal:
				return fmt.Sprintf("%d records withheld, over the limit %g", held, supp)
			case !rep.Reconciles() || rep.Written != int64(len(written)-1):
				return fmt.Sprintf("counts do not reconcile: %+v, %d written", rep.Report, len(written)-1)
			case kr.K < p.K || !kr.Verified || kr.L < p.L || (p.T > 0 && kr.T > p.T+1e-9) || (p.Sensitive != "" && kr.L == 0):
				return fmt.Sprintf("report %+v", kr)
			}
			return ""
		},
		gen.UInt64(), gen.IntRange(1, 60), gen.IntRange(1, 4), gen.IntRange(2, 6), gen.UInt8(),
		gen.IntRange(int(TopDown), int(Optimal)), gen.OneConstOf(0.0, 0.05, 0.2), gen.UInt8Range(0, 3)))
	props.TestingRun(t)
}

func readCSV(b []byte) ([][]string, error) {
	return csv.NewReader(bytes.NewReader(b)).ReadAll()
}

// Every record read is accounted for, the k-anonymity stage included:
// read = written + quarantined + suppressed + excluded.
func TestReconciliation(t *testing.T) {
	in := people(rand.New(rand.NewPCG(7, 7)), 80, 3)
	// A malformed date of birth (quarantined), a refusal of consent
	// (suppressed) and an excluded person.
	lines := strings.Split(string(in), "\n")
	lines[3] = strings.Replace(lines[3], "-", "/", 1)
	lines[5] = strings.Replace(lines[5], ",true", ",false", 1)
	in = []byte(strings.Join(lines, "\n"))
	excluded := strings.Split(lines[8], ",")[1]
	var quar bytes.Buffer
	for _, alg := range []Algorithm{TopDown, Mondrian, Optimal} {
		p := &Privacy{QuasiIdentifiers: []string{"dob", "zip", "sex"}, K: 4, Person: "person", Algorithm: alg, Suppression: 0.1}
		cfg := Config{Policy: dropAges(peoplePolicy(), p.QuasiIdentifiers), Keys: testKeys(t), Privacy: p,
			Field: deid.Options{AllowKeptIdentifiers: true, Quarantine: &quar, Exclude: deid.NewIDSet([]string{excluded}), ExcludeField: "person"}}
		written, rep := runCSV(t, in, cfg)
		k := rep.KAnonymity
		if rep.Quarantined != 1 || rep.SuppressedBy["no consent"] != 1 || rep.Excluded == 0 {
			t.Fatalf("%v: report %+v", alg, rep.Report)
		}
		if !rep.Reconciles() || rep.Written != int64(len(written)-1) || rep.Read != int64(len(lines)-2) {
			t.Fatalf("%v: counts %+v, %d written", alg, rep.Report, len(written)-1)
		}
		if rep.SuppressedBy[suppressedByK] != int64(k.SuppressedRecords) || rep.Suppressed != 1+int64(k.SuppressedRecords) {
			t.Fatalf("%v: k-anonymity withheld %d, report %+v", alg, k.SuppressedRecords, rep.Report)
		}
		t.Logf("%v: read %d = written %d + quarantined %d + suppressed %d (%d by k-anonymity) + excluded %d",
			alg, rep.Read, rep.Written, rep.Quarantined, rep.Suppressed, k.SuppressedRecords, rep.Excluded)
	}
}

// TopDown withholds an outlier rather than generalizing everyone when
// that loses less, within the limit, and says so.
func TestTopDownWithholdsOutliers(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,person,dob,sex,zip,state,weight,age,consent,diagnosis\n")
	for i := range 12 {
		fmt.Fprintf(&b, "r%d,p%d,1980-05-0%d,F,94110,CA,70,40,true,none\n", i, i, 1+i%9)
	}
	b.WriteString("r99,p99,1931-02-03,M,10001,NY,70,40,true,none\n")
	in := []byte(b.String())
	for _, tc := range []struct {
		supp float64
		held int
	}{{0, 0}, {0.1, 1}} {
		p := &Privacy{QuasiIdentifiers: []string{"dob", "sex", "state"}, K: 5, Person: "person", Suppression: tc.supp}
		written, rep := runCSV(t, in, Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: dropAges(peoplePolicy(), p.QuasiIdentifiers), Keys: testKeys(t), Privacy: p})
		k := rep.KAnonymity
		if k.SuppressedRecords != tc.held || k.SuppressedPeople != tc.held || len(written)-1 != 13-tc.held {
			t.Fatalf("limit %g: withheld %d records of %d people, wrote %d", tc.supp, k.SuppressedRecords, k.SuppressedPeople, len(written)-1)
		}
		if tc.held > 0 && k.NCP > 100*3.0/(13*3)+1e-9 {
			t.Errorf("only the withheld record's 3 cells should be lost; NCP %.2f%%", k.NCP)
		}
	}
}

// A hierarchy given by the caller, here in ARX's file format, replaces the
// built-in one, and the release follows it.
func TestGivenHierarchy(t *testing.T) {
	arx := "M;person;*\nF;person;*\n"
	h, err := kanon.ReadHierarchy(strings.NewReader(arx), ';')
	if err != nil {
		t.Fatal(err)
	}
	in := people(rand.New(rand.NewPCG(3, 3)), 40, 2)
	p := &Privacy{QuasiIdentifiers: []string{"sex", "state"}, K: 25, Person: "person", Hierarchies: map[string]*kanon.Hierarchy{"sex": h}}
	cfg := Config{Field: deid.Options{AllowKeptIdentifiers: true}, Policy: peoplePolicy(), Keys: testKeys(t), Privacy: p}
	written, rep := runCSV(t, in, cfg)
	field := fieldLevel(t, in, cfg)
	checkRelease(t, field, written, p, hierarchiesOf(t, field, p, cfg.Policy))
	sex := rep.KAnonymity.QuasiIdentifiers[0]
	if sex.Hierarchy != "given" || len(rep.KAnonymity.Notes) != 0 {
		t.Fatalf("report %+v", rep.KAnonymity)
	}
	generalized := 0
	for _, r := range written[1:] {
		switch r[3] {
		case "M", "F":
		case "person":
			generalized++
		default:
			t.Fatalf("sex released as %q, which the given hierarchy does not have", r[3])
		}
	}
	if generalized == 0 {
		t.Fatal("no record generalized: the test does not exercise the hierarchy")
	}
}
