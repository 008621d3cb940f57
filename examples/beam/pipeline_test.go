package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/deidtest"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/pseudo"
)

// TestMain runs the tests on prism or, when a benchmark starts this test
// binary to time the program as a whole process, the program.
func TestMain(m *testing.M) {
	if os.Getenv(envProgram) != "" {
		cfg := &config{}
		fs := flag.NewFlagSet("beam", flag.ExitOnError)
		cfg.register(fs)
		fs.Parse(os.Args[1:])
		beam.Init()
		os.Exit(run(context.Background(), cfg, fs.Args(), os.Stderr))
	}
	ptest.MainWithDefault(m, "prism")
}

// The generated export the pipeline tests share: 100,000 records in 8
// shards, as the issue asks, plus two malformed ones.
const (
	testRows   = 100_000
	testShards = 8
	testRef    = "2026-01-01"
)

// badRecords cannot be transformed: a wrong number of fields, and a date
// of birth the year action cannot read; in NDJSON, a line that is not
// JSON and a record of another shape (an object where the policy expects
// a value).
var badRecords = map[string][]string{
	"csv": {
		"u-bad-1,short",
		"u-bad-2,e@x,A,B,555,not-a-date,F,02139,MA,1.2.3.4,00:11:22:33:44:55,m,2025-01-01T00:00:00Z,70,20,30,60,120,80,400,5000,42.1,-71.2,",
	},
	"ndjson": {
		`{"user_id":"u-bad-1","email":`,
		`{"user_id":"u-bad-2","date_of_birth":{"year":1950}}`,
	},
}

type fixture struct {
	rows        int
	format      string // of the input: csv or ndjson
	dir, glob   string
	all         []byte // the whole export in one file, for the single-machine transformer
	keyset, kek string
	keys        deid.Keys
	excludeFile string
	excluded    []string
}

func newFixture(t *testing.T, rows int) *fixture { return newFixtureOf(t, rows, "csv") }

// newFixtureOf generates an export of rows records in format, in 8
// shards, with the bad records at the end of the fourth.
func newFixtureOf(t *testing.T, rows int, format string) *fixture {
	t.Helper()
	f := &fixture{rows: rows, format: format, dir: t.TempDir()}
	in := filepath.Join(f.dir, "in")
	os.Mkdir(in, 0o700)
	write, split := deidtest.WriteCSV, splitCSV
	if format == "ndjson" {
		write, split = deidtest.WriteNDJSON, splitNDJSON
	}
	var all bytes.Buffer
	if err := write(context.Background(), &all, sampleConfig(rows)); err != nil {
		t.Fatal(err)
	}
	if err := split(bytes.NewReader(all.Bytes()), in, rows, testShards); err != nil {
		t.Fatal(err)
	}
	shard, err := os.OpenFile(filepath.Join(in, "measurements-003."+format), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range badRecords[format] {
		fmt.Fprintln(shard, r)
		fmt.Fprintln(&all, r)
	}
	shard.Close()
	f.all, f.glob = all.Bytes(), filepath.Join(in, "*."+format)

	// Keys as keygen makes them.
	f.kek, f.keyset = filepath.Join(f.dir, "kek.json"), filepath.Join(f.dir, "keyset.json")
	kek, err := keyfile.NewKEK(f.kek)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := pseudo.NewKeyset()
	if err != nil {
		t.Fatal(err)
	}
	var kb bytes.Buffer
	if err := ks.Write(&kb, kek); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(f.keyset, kb.Bytes(), 0o600)
	f.keys = deid.Keys{Pseudonyms: ks}

	// About 45 users withdrew, whatever the size; the list has a byte
	// order mark, CRLF line ends and padding, which its reader must take.
	seen := map[string]bool{}
	stride := max(5, rows/200)
	for _, id := range f.userIDs(t) {
		if !seen[id] {
			seen[id] = true
			if len(seen)%stride == 0 {
				f.excluded = append(f.excluded, id)
			}
		}
	}
	f.excludeFile = filepath.Join(f.dir, "withdrawn.txt")
	list := "\xef\xbb\xbf" + strings.Join(f.excluded, " \r\n") + "\r\n\r\n"
	os.WriteFile(f.excludeFile, []byte(list), 0o600)
	return f
}

// userIDs returns the user ID of every well-formed record, in order.
func (f *fixture) userIDs(t *testing.T) []string {
	var ids []string
	if f.format == "csv" {
		for _, rec := range readCSV(t, f.all)[1:] {
			if len(rec) > 1 {
				ids = append(ids, rec[0])
			}
		}
		return ids
	}
	for line := range bytes.Lines(f.all) {
		var rec struct {
			UserID string `json:"user_id"`
		}
		if json.Unmarshal(line, &rec) == nil && rec.UserID != "" {
			ids = append(ids, rec.UserID)
		}
	}
	return ids
}

func (f *fixture) inFormat() deid.Format {
	if f.format == "ndjson" {
		return deid.NDJSON
	}
	return deid.CSV
}

func readCSV(t testing.TB, data []byte) [][]string {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// policy is the research profile for the export's fields, as the
// program builds it from the first MiB of the first shard.
func (f *fixture) policy(t *testing.T) *deid.Policy {
	t.Helper()
	head := f.all[:min(len(f.all), 1<<20)]
	fields, err := deid.SampleFields(head[:bytes.LastIndexByte(head, '\n')+1], f.inFormat(), 0)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := time.Parse(time.DateOnly, testRef)
	p, _, err := deid.AIEngine(fields, deid.AIEngineOptions{ReferenceDate: ref, Domain: "research/partner-x", Name: "research"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// transform runs the single-machine transformer on the whole export.
func (f *fixture) transform(t *testing.T, p *deid.Policy, exclude []string) (header []string, rows [][]string, rep *deid.Report) {
	t.Helper()
	opts := deid.Options{Input: f.inFormat(), Output: deid.CSV, Quarantine: io.Discard}
	if exclude != nil {
		opts.Exclude, opts.ExcludeField = deid.NewIDSet(exclude), "user_id"
	}
	tr, err := deid.NewTransformer(p, f.keys, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep, err = tr.Run(context.Background(), bytes.NewReader(f.all), &out)
	if err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, out.Bytes())
	return recs[0], recs[1:], rep
}

// runOK runs the program as a user would, on prism, and returns its
// report.
func runOK(t *testing.T, args ...string) *report {
	t.Helper()
	cfg, rest := parseArgs(t, args)
	var stderr bytes.Buffer
	start := time.Now()
	if code := run(context.Background(), cfg, rest, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	t.Logf("%.1fs: %s", time.Since(start).Seconds(), stderr.String())
	var rep report
	if err := json.Unmarshal(must(os.ReadFile(filepath.Join(cfg.out, "report.json"))), &rep); err != nil {
		t.Fatal(err)
	}
	if entries, _ := filepath.Glob(filepath.Join(cfg.out, ".staging-*")); len(entries) > 0 {
		t.Errorf("staging left behind: %v", entries)
	}
	return &rep
}

// parseArgs parses a command line as the program does, and returns the
// configuration and the arguments left.
func parseArgs(t *testing.T, args []string) (*config, []string) {
	t.Helper()
	cfg := &config{}
	fs := flag.NewFlagSet("beam", flag.ContinueOnError)
	cfg.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return cfg, fs.Args()
}

// runExport runs the program and reads its CSV release.
func runExport(t *testing.T, args ...string) (*report, [][]string, []string) {
	t.Helper()
	rep := runOK(t, args...)
	var header []string
	var rows [][]string
	for _, file := range rep.Files {
		recs := readCSV(t, must(os.ReadFile(file)))
		if header == nil {
			header = recs[0]
		} else if !slices.Equal(header, recs[0]) {
			t.Fatalf("%s: header %q, another shard %q", file, recs[0], header)
		}
		rows = append(rows, recs[1:]...)
	}
	return rep, rows, header
}

func (f *fixture) args(out string, extra ...string) []string {
	return append([]string{"-in", f.glob, "-out", out, "-keyset", f.keyset, "-kek-keyset", f.kek,
		"-exclude", f.excludeFile, "-quarantine", filepath.Join(f.dir, filepath.Base(out)+"-quarantine.ndjson"),
		"-reference-date", testRef, "-shards", "5"}, extra...)
}

// multiset counts records, each encoded unambiguously.
func multiset(rows [][]string, cols []int) map[string]int {
	m := map[string]int{}
	for _, r := range rows {
		if cols != nil {
			r = pick(r, cols)
		}
		m[comboKey(r)]++
	}
	return m
}

func diffMultisets(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	bad := 0
	for k, n := range want {
		if got[k] != n {
			bad++
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d records differ (got %d distinct, want %d distinct)", what, bad, len(got), len(want))
	}
}

// TestFieldLevelEqualsTransformer runs the export without k-anonymity,
// on CSV and on NDJSON shards, and checks that it writes, as a multiset,
// exactly the records of the single-machine transformer with the same
// policy, keys and exclusion list, accounts for every record the same way
// (its report's field counts, suppressions and quarantine reasons are the
// transformer's) and quarantines the same records.
func TestFieldLevelEqualsTransformer(t *testing.T) {
	for _, format := range []string{"csv", "ndjson"} {
		t.Run(format, func(t *testing.T) {
			f := newFixtureOf(t, testRows, format)
			out := filepath.Join(f.dir, "fields")
			rep, rows, header := runExport(t, f.args(out, "-k", "0")...)
			wantHeader, wantRows, wantRep := f.transform(t, f.policy(t), f.excluded)
			if !slices.Equal(header, wantHeader) {
				t.Fatalf("header %q, want %q", header, wantHeader)
			}
			diffMultisets(t, "field-level output", multiset(rows, nil), multiset(wantRows, nil))
			if rep.Read != wantRep.Read || rep.Written != wantRep.Written || rep.Quarantined != wantRep.Quarantined ||
				rep.Suppressed != wantRep.Suppressed || rep.Excluded != wantRep.Excluded {
				t.Errorf("counts %+v, the transformer's %+v", rep.Report.Report, wantRep)
			}
			if !slices.Equal(rep.Fields, wantRep.Fields) || !maps.Equal(rep.SuppressedBy, wantRep.SuppressedBy) ||
				!maps.Equal(rep.QuarantineReasons, wantRep.QuarantineReasons) || rep.Policy != wantRep.Policy {
				t.Errorf("field report %+v\nthe transformer's %+v", rep.Report.Report, wantRep)
			}
			checkReport(t, rep, f)
			f.checkExcludedAbsent(t, out, rows, header)
			q, err := os.ReadFile(rep.Quarantine)
			if err != nil {
				t.Fatal(err)
			}
			var lines int
			for line := range bytes.Lines(q) {
				var rec struct {
					File   string `json:"file"`
					Line   int64  `json:"line"`
					Reason string `json:"reason"`
					Record string `json:"record"`
				}
				if err := json.Unmarshal(line, &rec); err != nil || !strings.HasSuffix(rec.File, "measurements-003."+format) ||
					rec.Line < 2 || rec.Reason == "" || !slices.Contains(badRecords[format], strings.TrimRight(rec.Record, "\r\n")) {
					t.Errorf("quarantine line %q: %v", line, err)
				}
				lines++
			}
			if lines != len(badRecords[format]) {
				t.Errorf("%d quarantined records, want %d", lines, len(badRecords[format]))
			}
		})
	}
}

// checkReport checks what every report must say.
func checkReport(t *testing.T, rep *report, f *fixture) {
	t.Helper()
	bad := int64(len(badRecords[f.format]))
	if !rep.Reconciles() || rep.Read != int64(f.rows)+bad || rep.Quarantined != bad || rep.Excluded == 0 {
		t.Errorf("records %+v: read = written + quarantined + suppressed + excluded, over every record", rep.Report.Report)
	}
	if e := rep.Exclusion; e == nil || e.Listed != int64(len(f.excluded)) || e.Matched != e.Listed || e.Unmatched != 0 {
		t.Errorf("exclusion report %+v: %d users listed, all with records", rep.Exclusion, len(f.excluded))
	}
	if rep.Status != "released" || rep.DemoKeys || len(rep.Files) == 0 || rep.Keys == nil ||
		rep.Keys.PseudonymPrimary != f.keys.Pseudonyms.PrimaryKeyID() || len(rep.Columns) == 0 {
		t.Errorf("report %+v", rep)
	}
}

// checkExcludedAbsent checks that no record of an excluded user is in the
// output: neither their ID nor their pseudonym.
func (f *fixture) checkExcludedAbsent(t *testing.T, out string, rows [][]string, header []string) {
	t.Helper()
	// The pseudonyms of the excluded IDs, by the policy's own rule.
	p := &deid.Policy{Name: "ids", Fields: []deid.Rule{f.policy(t).Fields[slices.IndexFunc(f.policy(t).Fields, func(r deid.Rule) bool { return r.Field == "user_id" })]}}
	tr, err := deid.NewTransformer(p, f.keys, deid.Options{Input: deid.CSV})
	if err != nil {
		t.Fatal(err)
	}
	var ps bytes.Buffer
	if _, err := tr.Run(context.Background(), strings.NewReader("user_id\n"+strings.Join(f.excluded, "\n")+"\n"), &ps); err != nil {
		t.Fatal(err)
	}
	gone := map[string]bool{}
	for _, r := range readCSV(t, ps.Bytes())[1:] {
		gone[r[0]] = true
	}
	if len(gone) != len(f.excluded) {
		t.Fatalf("%d pseudonyms for %d excluded IDs", len(gone), len(f.excluded))
	}
	col := slices.Index(header, "user_id")
	for _, r := range rows {
		if gone[r[col]] {
			t.Fatal("a record of an excluded user is in the output")
		}
	}
	for _, file := range must(filepath.Glob(filepath.Join(out, "part-*"))) {
		data, _ := os.ReadFile(file)
		for _, id := range f.excluded {
			if bytes.Contains(data, []byte(id)) {
				t.Fatalf("%s holds an excluded user's ID", file)
			}
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestKAnonymousRelease runs the export with k = 5 counting people, with
// partitions small enough that the top-level cuts spread the data over
// many workers, and checks the release independently of the pipeline:
// every released combination of quasi-identifiers holds at least k
// distinct people; every generalized value covers the original; the other
// columns are the single-machine transformer's; every record is accounted
// for. It also measures the NCP of the library's release pipeline on one
// machine (release.Run with Mondrian) on the same records, for the
// documentation.
func TestKAnonymousRelease(t *testing.T) {
	const k = 5
	f := newFixture(t, testRows)
	out := filepath.Join(f.dir, "release")
	rep, rows, header := runExport(t, f.args(out, "-k", strconv.Itoa(k), "-partition-rows", "8000")...)
	checkReport(t, rep, f)
	kr, d := rep.KAnonymity, rep.Distributed
	if kr == nil || !kr.Verified || kr.K < k || d == nil || d.Partitions < 8 || d.LargestPartitionRows > 8000 {
		t.Fatalf("k-anonymity report %+v, %+v", kr, d)
	}
	qiNames := []string{"date_of_birth", "sex", "zip", "state"}
	qi := make([]int, len(qiNames))
	for i, n := range qiNames {
		qi[i] = slices.Index(header, n)
	}
	person := slices.Index(header, "user_id")

	if classes := checkKPeople(t, rows, qi, person, k); classes != kr.Classes {
		t.Errorf("%d classes counted here, the report says %d", classes, kr.Classes)
	}

	// The other columns as the transformer writes them, and each released
	// quasi-identifier covering the original value of its record.
	_, fieldRows, fieldRep := f.transform(t, f.policy(t), f.excluded)
	var other []int
	for i := range header {
		if !slices.Contains(qi, i) {
			other = append(other, i)
		}
	}
	diffMultisets(t, "non-quasi-identifier columns", multiset(rows, other), multiset(fieldRows, other))
	originals := map[string][][]string{}
	tr := newTruth(t, fieldRows, header)
	for _, r := range fieldRows {
		key := comboKey(pick(r, other))
		originals[key] = append(originals[key], pick(r, qi))
	}
	asIs := make([]int, len(qi)) // records whose quasi-identifier is released as it is
	for _, r := range rows {
		key := comboKey(pick(r, other))
		rel := pick(r, qi)
		cands := originals[key]
		j := slices.IndexFunc(cands, func(orig []string) bool {
			for q := range qi {
				if !tr.covers(qiNames[q], orig[q], rel[q]) {
					return false
				}
			}
			return true
		})
		if j < 0 {
			t.Fatalf("a released record's quasi-identifiers %q cover none of its originals", rel)
		}
		for q := range qi {
			if rel[q] == cands[j][q] {
				asIs[q]++
			}
		}
		originals[key] = slices.Delete(cands, j, j+1)
	}

	_, single := singleMachine(t, f.all, f.policy(t), f.keys, f.excluded, qiNames, k)
	sk := single.KAnonymity
	t.Logf("NCP: distributed %.2f%% (%d partitions of at most %d rows, %d classes), single machine %.2f%% (%d classes); per QI %+v, single machine %+v",
		kr.NCP, d.Partitions, d.LargestPartitionRows, kr.Classes, sk.NCP, sk.Classes, kr.QuasiIdentifiers, sk.QuasiIdentifiers)
	if kr.NCP <= 0 || kr.NCP > 2*sk.NCP {
		t.Errorf("distributed NCP %.2f%% against %.2f%% on one machine", kr.NCP, sk.NCP)
	}
	checkReleaseReport(t, filepath.Join(out, "report.json"), rows, qi, person, asIs, fieldRep, single)
}

// checkKPeople checks that every released combination of
// quasi-identifiers holds at least k distinct people, counted here, and
// returns the number of combinations.
func checkKPeople(t *testing.T, rows [][]string, qi []int, person, k int) int {
	t.Helper()
	people := map[string]map[string]bool{}
	for _, r := range rows {
		key := comboKey(pick(r, qi))
		if people[key] == nil {
			people[key] = map[string]bool{}
		}
		people[key][r[person]] = true
	}
	for _, ps := range people {
		if len(ps) < k {
			t.Fatalf("a released class holds %d people, fewer than %d", len(ps), k)
		}
	}
	return len(people)
}

// TestKAnonymousNDJSON releases NDJSON shards with k = 3: every class
// holds 3 people, counted here, and the other columns are the
// single-machine NDJSON transformer's.
func TestKAnonymousNDJSON(t *testing.T) {
	const k = 3
	f := newFixtureOf(t, 5_000, "ndjson")
	rep, rows, header := runExport(t, f.args(filepath.Join(f.dir, "release"), "-k", strconv.Itoa(k), "-partition-rows", "1500")...)
	checkReport(t, rep, f)
	if kr := rep.KAnonymity; kr == nil || !kr.Verified || kr.K < k || rep.Distributed.Partitions < 2 {
		t.Fatalf("k-anonymity report %+v, %+v", rep.KAnonymity, rep.Distributed)
	}
	var qi, other []int
	for i, name := range header {
		if slices.Contains([]string{"date_of_birth", "sex", "zip", "state"}, name) {
			qi = append(qi, i)
		} else {
			other = append(other, i)
		}
	}
	if classes := checkKPeople(t, rows, qi, slices.Index(header, "user_id"), k); classes != rep.KAnonymity.Classes {
		t.Errorf("%d classes counted here, the report says %d", classes, rep.KAnonymity.Classes)
	}
	wantHeader, fieldRows, _ := f.transform(t, f.policy(t), f.excluded)
	if !slices.Equal(header, wantHeader) {
		t.Fatalf("header %q, the transformer's %q", header, wantHeader)
	}
	diffMultisets(t, "non-quasi-identifier columns", multiset(rows, other), multiset(fieldRows, other))
}

// checkReleaseReport decodes the report file as the library's release
// report and checks its figures against those computed here from the
// released records (rows; asIs counts, per quasi-identifier, the records
// released with their original value), the field-level transformer's
// report, and the library's release of the same records on one machine
// (its columns, hierarchies and notes).
func checkReleaseReport(t *testing.T, file string, rows [][]string, qi []int, person int, asIs []int, fieldRep *deid.Report, single *release.Report) {
	t.Helper()
	var rep release.Report
	if err := json.Unmarshal(must(os.ReadFile(file)), &rep); err != nil {
		t.Fatal(err)
	}
	kr := rep.KAnonymity
	if kr == nil || !kr.Verified {
		t.Fatalf("the report decodes to %+v", rep)
	}
	if !rep.Reconciles() || rep.Written != int64(len(rows)) || rep.Read != fieldRep.Read || rep.Excluded != fieldRep.Excluded ||
		rep.Quarantined != fieldRep.Quarantined || !slices.Equal(rep.Fields, fieldRep.Fields) {
		t.Errorf("counts %+v, the transformer's %+v, %d records written", rep.Report, fieldRep, len(rows))
	}
	if !slices.Equal(rep.Columns, single.Columns) {
		t.Errorf("columns %v, the library's release %v", rep.Columns, single.Columns)
	}

	// Classes, people and risks, counted here.
	type class struct {
		people  map[string]bool
		records int
	}
	classes := map[string]*class{}
	everyone := map[string]bool{}
	for _, r := range rows {
		key := comboKey(pick(r, qi))
		c := classes[key]
		if c == nil {
			c = &class{people: map[string]bool{}}
			classes[key] = c
		}
		c.people[r[person]] = true
		c.records++
		everyone[r[person]] = true
	}
	hist := map[int]*release.ClassSize{}
	fewest := map[string]int{}
	minK := 0
	for _, c := range classes {
		n := len(c.people)
		if hist[n] == nil {
			hist[n] = &release.ClassSize{People: n}
		}
		hist[n].Classes++
		hist[n].Records += c.records
		if minK == 0 || n < minK {
			minK = n
		}
		for p := range c.people {
			if f, ok := fewest[p]; !ok || n < f {
				fewest[p] = n
			}
		}
	}
	var sizes []release.ClassSize
	for _, h := range hist {
		sizes = append(sizes, *h)
	}
	slices.SortFunc(sizes, func(a, b release.ClassSize) int { return a.People - b.People })
	risk := 0.0
	for _, n := range fewest {
		risk += 1 / float64(n)
	}
	risk /= float64(len(fewest))
	bands := release.RiskBands()
	for _, s := range sizes {
		for i := range bands {
			if r := 1 / float64(s.People); r > bands[i].Above && r <= bands[i].AtMost {
				bands[i].Records += s.Records
				bands[i].Classes += s.Classes
			}
		}
	}
	if kr.K != minK || kr.Classes != len(classes) || !slices.Equal(kr.ClassSizes, sizes) || !slices.Equal(kr.Risk, bands) ||
		math.Abs(kr.ProsecutorMax-1/float64(minK)) > 1e-12 || math.Abs(kr.ProsecutorAvg-risk) > 1e-9 {
		t.Errorf("classes: k %d, %d classes, sizes %v, risk %v, prosecutor max %g avg %g\ncounted here: k %d, %d classes, sizes %v, risk %v, avg %g",
			kr.K, kr.Classes, kr.ClassSizes, kr.Risk, kr.ProsecutorMax, kr.ProsecutorAvg, minK, len(classes), sizes, bands, risk)
	}
	if kr.People != len(everyone) || kr.ReleasedPeople != len(everyone) || kr.SuppressedPeople != 0 ||
		kr.Records != len(rows) || kr.SuppressedRecords != 0 || kr.KCounts != "people" || kr.Person != "user_id" ||
		kr.Algorithm != release.Mondrian || kr.KRequested != single.KAnonymity.KRequested {
		t.Errorf("people and records: %+v; %d people here", kr, len(everyone))
	}

	// Per quasi-identifier: the library's hierarchies, records at every
	// level, those released as they are, and the NCP its average.
	ncp := 0.0
	for q, qr := range kr.QuasiIdentifiers {
		sq := single.KAnonymity.QuasiIdentifiers[q]
		if qr.Name != sq.Name || qr.Hierarchy != sq.Hierarchy {
			t.Errorf("quasi-identifier %+v, the library's %+v", qr, sq)
		}
		total, value := 0, 0
		for _, l := range qr.Levels {
			total += l.Records
			if l.Level == "value" {
				value = l.Records
			}
		}
		if total != len(rows) || value != asIs[q] {
			t.Errorf("%s: levels %v: %d records, %d as they are; want %d, %d", qr.Name, qr.Levels, total, value, len(rows), asIs[q])
		}
		ncp += qr.NCP / float64(len(kr.QuasiIdentifiers))
	}
	if math.Abs(kr.NCP-ncp) > 1e-9 || len(kr.Notes) == 0 || !slices.Equal(notesOf(kr.Notes), notesOf(single.KAnonymity.Notes)) {
		t.Errorf("NCP %g, the average of its quasi-identifiers' %g; notes %q, the library's %q", kr.NCP, ncp, kr.Notes, single.KAnonymity.Notes)
	}
}

// notesOf returns the notes without their counts of records, which depend
// on the release.
func notesOf(notes []string) []string {
	var out []string
	for _, n := range notes {
		if i := strings.LastIndex(n, " ("); i >= 0 {
			n = n[:i]
		}
		out = append(out, n)
	}
	return out
}

// truth checks released values against their originals from the
// definitions of the research profile's hierarchies: birth years in bands
// ("1951-1955") or open oldest bands ("≤1940", which also holds the
// top-coded "90+"); ZIP3 codes and states along the US reference
// hierarchies of package kanon (state, census division, region), "000"
// apart; sexes kept or hidden.
type truth struct {
	zip, state map[string][]string // labels of each original value
}

func newTruth(t testing.TB, rows [][]string, header []string) *truth {
	return &truth{
		zip:   referenceLabels(t, kanon.USZIP3(), distinct(rows, slices.Index(header, "zip"))),
		state: referenceLabels(t, kanon.USStates(), distinct(rows, slices.Index(header, "state"))),
	}
}

func (tr *truth) covers(qi, original, released string) bool {
	if released == original || released == "*" {
		return true
	}
	switch qi {
	case "date_of_birth":
		y, err := strconv.Atoi(original)
		year := err == nil && len(original) == 4
		if top, ok := strings.CutPrefix(released, "≤"); ok {
			b, err := strconv.Atoi(top)
			return err == nil && (original == "90+" || year && y <= b)
		}
		lo, hi, ok := strings.Cut(released, "-")
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		return ok && err1 == nil && err2 == nil && year && a <= y && y <= b
	case "zip":
		return original != "000" && slices.Contains(tr.zip[original], released)
	case "state":
		return slices.Contains(tr.state[original], released)
	}
	return false
}

// referenceLabels returns the labels of each value along h.
func referenceLabels(t testing.TB, h *kanon.Hierarchy, values []string) map[string][]string {
	t.Helper()
	var rows [][]string
	for _, v := range values {
		if v != "" && v != "000" {
			rows = append(rows, []string{v})
		}
	}
	tab, err := kanon.NewTable(kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "v", Type: kanon.Categorical, Hierarchy: h}}}, rows)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for i, r := range rows {
		for l := 1; l <= tab.Levels(0); l++ {
			out[r[0]] = append(out[r[0]], tab.Generalize(i, 0, l))
		}
	}
	return out
}

func distinct(rows [][]string, col int) []string {
	var vals []string
	for _, r := range rows {
		vals = append(vals, r[col])
	}
	return slices.Compact(slices.Sorted(slices.Values(vals)))
}

// singleMachine releases the export on one machine with the library's
// release pipeline (release.Run: the field policy, then Mondrian on the
// quasi-identifiers, k counting people, verified), with the same policy,
// keys and exclusion list as the pipeline, and returns its records (header
// first) and its report.
func singleMachine(t testing.TB, in []byte, policy *deid.Policy, keys deid.Keys, exclude []string, qiNames []string, k int) ([][]string, *release.Report) {
	t.Helper()
	cfg := release.Config{Policy: policy, Keys: keys, Field: deid.Options{Quarantine: io.Discard},
		Privacy: &release.Privacy{QuasiIdentifiers: qiNames, K: k, Person: "user_id", Algorithm: release.Mondrian}}
	if exclude != nil {
		cfg.Field.Exclude, cfg.Field.ExcludeField = deid.NewIDSet(exclude), "user_id"
	}
	var out bytes.Buffer
	rep, err := release.Run(context.Background(), bytes.NewReader(in), release.CSV(&out), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return readCSV(t, out.Bytes()), rep
}

// mondrian runs kanon's Mondrian on all the field-level records at once,
// with the attributes the library's release declares for the
// quasi-identifiers (release.Attribute on their sorted distinct values),
// and returns the released records and kanon's NCP.
func mondrian(t testing.TB, policy *deid.Policy, header []string, rows [][]string, qiNames []string, k int) ([][]string, float64) {
	t.Helper()
	p := &release.Privacy{QuasiIdentifiers: qiNames, K: k, Person: "user_id", Algorithm: release.Mondrian}
	schema := kanon.Schema{Individual: "user_id"}
	qi := make([]int, len(qiNames))
	for q, name := range qiNames {
		qi[q] = slices.Index(header, name)
		a, _, err := release.Attribute(policy, p, name, distinct(rows, qi[q]))
		if err != nil {
			t.Fatal(err)
		}
		schema.QuasiIdentifiers = append(schema.QuasiIdentifiers, a)
	}
	b, err := kanon.NewBuilder(schema)
	if err != nil {
		t.Fatal(err)
	}
	person := slices.Index(header, "user_id")
	for _, r := range rows {
		if err := b.Add(append(pick(r, qi), r[person])...); err != nil {
			t.Fatal(err)
		}
	}
	tab, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	res, err := kanon.Mondrian(context.Background(), tab, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(k)}})
	if err != nil {
		t.Fatal(err)
	}
	var released [][]string
	for i, rel := range res.Rows() {
		out := slices.Clone(rows[i])
		for q, c := range qi {
			out[c] = rel[q]
		}
		released = append(released, out)
	}
	return released, res.Metrics().NCP
}

// TestOnePartitionIsSingleMachine checks the plumbing of the k-anonymity
// stage: when the whole export fits one partition, the release must be,
// as a multiset of records, what kanon's Mondrian makes of the same
// field-level records on one machine with the library's attributes, with
// the same NCP.
func TestOnePartitionIsSingleMachine(t *testing.T) {
	const k = 4
	f := newFixture(t, 20_000)
	rep, rows, header := runExport(t, f.args(filepath.Join(f.dir, "release"), "-k", strconv.Itoa(k))...)
	checkReport(t, rep, f)
	if kr := rep.KAnonymity; kr == nil || rep.Distributed == nil || rep.Distributed.Partitions != 1 || !kr.Verified {
		t.Fatalf("k-anonymity report %+v", rep.KAnonymity)
	}
	wantHeader, fieldRows, _ := f.transform(t, f.policy(t), f.excluded)
	if !slices.Equal(header, wantHeader) {
		t.Fatalf("header %q, the transformer's %q", header, wantHeader)
	}
	want, ncp := mondrian(t, f.policy(t), header, fieldRows, []string{"date_of_birth", "sex", "zip", "state"}, k)
	diffMultisets(t, "release", multiset(rows, nil), multiset(want, nil))
	if math.Abs(rep.KAnonymity.NCP-ncp) > 1e-9 {
		t.Errorf("NCP %.12f, one machine's %.12f", rep.KAnonymity.NCP, ncp)
	}
}
