package kanon

import (
	"context"
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// adultPeople turns the Adult rows into people with several identical
// rows each (1 to 4, in shuffled order), as a measurement export has: the
// schema gains an individual column.
func adultPeople(tb testing.TB, file string) *Table {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "adult", file))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	s := adultSchema(tb)
	s.Individual = "person"
	idx := map[string]int{}
	for i, h := range recs[0] {
		idx[h] = i
	}
	var rows [][]string
	for i, rec := range recs[1:] {
		row := make([]string, 0, s.columns())
		for c := range s.columns() - 1 {
			row = append(row, rec[idx[s.name(c)]])
		}
		row = append(row, "p"+strconv.Itoa(i))
		for range 1 + i%4 {
			rows = append(rows, row)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	t, err := NewTable(s, rows)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestIndividualColumnLoads(t *testing.T) {
	in := "user,zip,dx\nu7,123,flu\nu3,124,cold\nu7,123,flu\nu9,125,flu\nu3,126,cold\n"
	tab, err := ReadCSV(strings.NewReader(in), CSVOptions{Schema: Schema{
		QuasiIdentifiers: []Attribute{{Name: "zip", Type: Categorical}},
		Sensitive:        []string{"dx"},
		Individual:       "user",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 5 || tab.Individuals() != 3 {
		t.Fatalf("rows %d individuals %d, want 5 and 3", tab.Len(), tab.Individuals())
	}
	want := []int{0, 1, 0, 2, 1} // in order of first appearance
	for row, w := range want {
		if got := tab.IndividualOf(row); got != w {
			t.Errorf("row %d: individual %d, want %d", row, got, w)
		}
	}
	plain, err := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "zip"}}}, [][]string{{"1"}})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Individuals() != 0 || plain.IndividualOf(0) != -1 {
		t.Errorf("a table without individual column reports %d individuals", plain.Individuals())
	}
	empty, err := ReadCSV(strings.NewReader("user,zip\n"), CSVOptions{Schema: Schema{
		QuasiIdentifiers: []Attribute{{Name: "zip"}}, Individual: "user"}})
	if err != nil {
		t.Fatal(err)
	}
	if empty.Len() != 0 || empty.Individuals() != 0 {
		t.Errorf("empty table: %d rows, %d individuals", empty.Len(), empty.Individuals())
	}
	if _, err := Mondrian(context.Background(), empty, Config{Models: []Model{KAnonymity(1)}}); !errors.Is(err, ErrUnsatisfiable) {
		t.Errorf("Mondrian on an empty table: err = %v", err)
	}
}

func TestIndividualColumnErrors(t *testing.T) {
	const secret = "SECRET-USER-4711"
	qi := []Attribute{{Name: "zip"}}
	cases := []struct {
		name   string
		in     string
		schema Schema
		target error
		has    []string
	}{
		{"missing column", "zip,dx\n1,a\n", Schema{QuasiIdentifiers: qi, Individual: "user"}, ErrSchema, []string{`"user"`}},
		{"individual is a quasi-identifier", "zip\n1\n", Schema{QuasiIdentifiers: qi, Individual: "zip"}, ErrSchema, []string{`"zip"`}},
		{"individual is sensitive", "zip,dx\n1,a\n", Schema{QuasiIdentifiers: qi, Sensitive: []string{"dx"}, Individual: "dx"}, ErrSchema, []string{`"dx"`}},
		{"empty individual", "zip,user\n1," + secret + "\n2,\n", Schema{QuasiIdentifiers: qi, Individual: "user"}, ErrInput, []string{"line 3", `"user"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkReadError(t, c.in, c.schema, c.target, c.has, secret)
		})
	}
	b, err := NewBuilder(Schema{QuasiIdentifiers: qi, Individual: "user"})
	if err != nil {
		t.Fatal(err)
	}
	var ie *InputError
	if err := b.Add("1"); !errors.As(err, &ie) || ie.Row != 1 || !strings.Contains(err.Error(), "want 2") {
		t.Errorf("a row without its individual: err = %v", err)
	}
	if err := b.Add("1", ""); !errors.As(err, &ie) || ie.Row != 1 || ie.Column != "user" {
		t.Errorf("an empty individual: err = %v", err)
	}
	if err := b.Add("1", "u"); err != nil {
		t.Fatal(err)
	}
	if tab, err := b.Build(); err != nil || tab.Len() != 1 || tab.Individuals() != 1 {
		t.Errorf("rejected rows must not be kept: %v", err)
	}
}

// TestModelsCountIndividuals checks the sensitive-value models with an
// individual column on hand-computed classes: each individual counts once
// per value, in the class and in the table's distribution.
func TestModelsCountIndividuals(t *testing.T) {
	s := Schema{QuasiIdentifiers: []Attribute{{Name: "q"}}, Sensitive: []string{"s"}, Individual: "id"}
	build := func(rows [][]string) *Table {
		tab, err := NewTable(s, rows)
		if err != nil {
			t.Fatal(err)
		}
		return tab
	}
	// Three people with diabetes, one row each, and a healthy one with six
	// rows: by rows the class looks 2/3 healthy, yet 3 of its 4 people
	// have diabetes.
	skewed := build([][]string{
		{"x", "d", "a"}, {"x", "d", "b"}, {"x", "d", "c"},
		{"x", "h", "e"}, {"x", "h", "e"}, {"x", "h", "e"}, {"x", "h", "e"}, {"x", "h", "e"}, {"x", "h", "e"},
	})
	// Pairs (a,x) (b,y) (c,y) (d,x): the table is half x, half y by
	// individuals, two thirds x by rows.
	spread := build([][]string{
		{"x", "x", "a"}, {"x", "x", "a"}, {"x", "x", "a"}, {"x", "y", "b"}, {"x", "y", "c"}, {"x", "x", "d"},
	})
	all := []int32{0, 1, 2, 3, 4, 5, 6, 7, 8}
	cases := []struct {
		name  string
		tab   *Table
		model Model
		rows  []int32
		want  bool
	}{
		// Individuals: d 3/4, h 1/4: entropy 0.5623 < ln 1.8 = 0.5878.
		// (Rows: d 1/3, h 2/3: entropy 0.6365, which would hold.)
		{"entropy over people fails", skewed, EntropyLDiversity(1.8), all, false},
		{"entropy over people holds", skewed, EntropyLDiversity(1.7), all, true},
		// Recursive (c,2): r1 = 3 people with d, tail = 1: 3 < c·1.
		{"recursive (3,2) fails on people", skewed, RecursiveCLDiversity(3, 2), all, false},
		{"recursive (3.1,2) holds", skewed, RecursiveCLDiversity(3.1, 2), all, true},
		{"distinct 2 holds", skewed, DistinctLDiversity(2), all, true},
		// k counts the 4 people, not the 9 rows.
		{"k 4 holds", skewed, KAnonymity(4), all, true},
		{"k 5 fails on 9 rows", skewed, KAnonymity(5), all, false},
		// Class rows 0-3: pairs (a,x) (b,y): half and half, as the table.
		// (Rows: 3/4 x against 2/3: distance 1/12.)
		{"same distribution of people", spread, TCloseness(0), []int32{0, 1, 2, 3}, true},
		// Class rows 0-2 and 5: pairs (a,x) (d,x): all x against half:
		// distance 1/2. (Rows: 1 against 2/3: 1/3, which would hold.)
		{"t 0.4 fails on people", spread, TCloseness(0.4), []int32{0, 1, 2, 5}, false},
		{"t 0.5 holds on people", spread, TCloseness(0.5), []int32{0, 1, 2, 5}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkHolds(t, c.tab, c.model, c.rows, c.want)
		})
	}
	// The same data without the individual column, to show that counting
	// rows would accept what counting people rejects.
	rowsOnly := func(tab *Table) *Table {
		var rows [][]string
		for r := range tab.Len() {
			rows = append(rows, []string{tab.Value(r, 0), tab.SensitiveValue(r, 0)})
		}
		out, err := NewTable(Schema{QuasiIdentifiers: s.QuasiIdentifiers, Sensitive: s.Sensitive}, rows)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct {
		tab   *Table
		model Model
		rows  []int32
	}{
		{skewed, EntropyLDiversity(1.8), all},
		{skewed, KAnonymity(5), all},
		{spread, TCloseness(0.4), []int32{0, 1, 2, 5}},
	} {
		tab := rowsOnly(c.tab)
		if chk, h := classHist(t, tab, c.model, c.rows); !chk.holds(h) {
			t.Errorf("%v by rows should hold", c.model)
		}
	}
}

// TestMetricsWithIndividuals checks Metrics and Risk on a hand-made
// release where one person has rows in two classes and another is
// suppressed.
func TestMetricsWithIndividuals(t *testing.T) {
	rows := [][]string{
		{"1", "a"}, {"1", "a"}, {"1", "b"}, // class 0: 3 rows, people a b
		{"2", "c"}, {"2", "c"}, {"2", "d"}, {"2", "a"}, // class 1: 4 rows, people c d a
		{"3", "e"}, // suppressed
	}
	classOf := []int32{0, 0, 0, 1, 1, 1, 1, -1}
	s := Schema{QuasiIdentifiers: []Attribute{{Name: "zip", Type: Categorical}}, Individual: "id"}
	people, err := NewTable(s, rows)
	if err != nil {
		t.Fatal(err)
	}
	plainRows := make([][]string, len(rows))
	for i, r := range rows {
		plainRows[i] = r[:1]
	}
	plain, err := NewTable(Schema{QuasiIdentifiers: s.QuasiIdentifiers}, plainRows)
	if err != nil {
		t.Fatal(err)
	}
	release := func(tab *Table) *Result {
		chk, err := newChecker(tab, []Model{KAnonymity(2)})
		if err != nil {
			t.Fatal(err)
		}
		// Codes of "1" and "2" are 0 and 1: classes release their value.
		return &Result{t: tab, chk: chk, classOf: classOf, sizes: []int32{3, 4},
			gen: []genVal{{level: 0, a: 0}, {level: 0, a: 1}}, suppressed: 1}
	}
	cases := []struct {
		name string
		tab  *Table
		want Metrics
	}{
		{"rows", plain, Metrics{Rows: 8, Classes: 2, Suppressed: 1, K: 3, MinClassRows: 3,
			NCP: 12.5, Discernibility: 9 + 16 + 8, CAvg: 7.0 / 2 / 2,
			ProsecutorMax: 1.0 / 3, ProsecutorAvg: 2.0 / 7}},
		// a is in classes of 2 and 3 people: its risk is 1/2; b 1/2; c and
		// d 1/3; e is not released.
		{"individuals", people, Metrics{Rows: 8, Classes: 2, Suppressed: 1, Individuals: 4, K: 2, MinClassRows: 3,
			NCP: 12.5, Discernibility: 9 + 16 + 8, CAvg: (2.0 + 3) / 2 / 2,
			ProsecutorMax: 1.0 / 2, ProsecutorAvg: (1.0/2 + 1.0/2 + 1.0/3 + 1.0/3) / 4}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := release(c.tab).Metrics()
			if !sameMetrics(got, c.want) {
				t.Errorf("metrics\n %+v, want\n %+v", got, c.want)
			}
		})
	}

	// Journalist risk against a population: counted in people when the
	// population has an individual column (zip 1: p1 p2 p3; zip 2: p4 to
	// p7), in rows otherwise (4 and 5 rows).
	popRows := [][]string{
		{"1", "p1"}, {"1", "p1"}, {"1", "p2"}, {"1", "p3"},
		{"2", "p4"}, {"2", "p5"}, {"2", "p5"}, {"2", "p6"}, {"2", "p7"}, {"3", "p8"},
	}
	popPeople, err := NewTable(s, popRows)
	if err != nil {
		t.Fatal(err)
	}
	popPlainRows := make([][]string, len(popRows))
	for i, r := range popRows {
		popPlainRows[i] = r[:1]
	}
	popPlain, err := NewTable(Schema{QuasiIdentifiers: s.QuasiIdentifiers}, popPlainRows)
	if err != nil {
		t.Fatal(err)
	}
	risks := []struct {
		name string
		rel  *Table
		pop  *Table
		want Risk
	}{
		// Groups 3 and 4 people: a and b at 1/3, c and d at 1/4.
		{"people in people", people, popPeople, Risk{ProsecutorMax: 0.5, ProsecutorAvg: 5.0 / 12,
			JournalistMax: 1.0 / 3, JournalistAvg: (2.0/3 + 2.0/4) / 4, Marketer: (2.0/3 + 2.0/4) / 4}},
		// Groups of 4 and 5 rows, each row a person of the register.
		{"people in a register", people, popPlain, Risk{ProsecutorMax: 0.5, ProsecutorAvg: 5.0 / 12,
			JournalistMax: 1.0 / 4, JournalistAvg: (2.0/4 + 2.0/5) / 4, Marketer: (2.0/4 + 2.0/5) / 4}},
		{"rows in rows", plain, popPlain, Risk{ProsecutorMax: 1.0 / 3, ProsecutorAvg: 2.0 / 7,
			JournalistMax: 1.0 / 4, JournalistAvg: (3.0/4 + 4.0/5) / 7, Marketer: (3.0/4 + 4.0/5) / 7}},
	}
	for _, c := range risks {
		t.Run(c.name, func(t *testing.T) {
			got, err := release(c.rel).Risk(c.pop)
			if err != nil {
				t.Fatal(err)
			}
			if !closeRisk(got, c.want) {
				t.Errorf("risk %+v, want %+v", got, c.want)
			}
		})
	}
}

func sameMetrics(a, b Metrics) bool {
	eq := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
	return a.Rows == b.Rows && a.Classes == b.Classes && a.Suppressed == b.Suppressed && a.Individuals == b.Individuals &&
		a.K == b.K && a.MinClassRows == b.MinClassRows && a.L == b.L && eq(a.NCP, b.NCP) &&
		eq(a.Discernibility, b.Discernibility) && eq(a.CAvg, b.CAvg) &&
		eq(a.ProsecutorMax, b.ProsecutorMax) && eq(a.ProsecutorAvg, b.ProsecutorAvg)
}

// TestVerifyNamesClassesOfFewPeople tampers with a release of people so
// that one class loses people, and checks that Verify names that class,
// its individuals and the violated model.
func TestVerifyNamesClassesOfFewPeople(t *testing.T) {
	tab := adultPeople(t, "adult_subset.csv")
	models := []Model{KAnonymity(5)}
	res, err := Mondrian(context.Background(), tab, Config{Models: models})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := Verify(tab, res, models...); err != nil || !rep.Holds {
		t.Fatalf("honest release: %v %v", rep, err)
	}
	// Give the rows of one individual a class of their own, made of
	// values that are still truthful: the original ones.
	target := int32(tab.ind.codes[0])
	var want []int
	for row, e := range tab.ind.codes {
		if e == target {
			want = append(want, row)
		}
	}
	split := tampered{res, func(row, qi int) string {
		if tab.ind.codes[row] == target {
			return tab.Value(row, qi)
		}
		return res.Released(row, qi)
	}}
	rep, err := Verify(tab, split, models...)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Holds || rep.UntruthfulCells != 0 {
		t.Fatalf("report %v", rep)
	}
	found := false
	for _, f := range rep.Failures {
		if len(f.Models) != 1 || f.Models[0] != "5-anonymity" || f.Individuals >= 5 || f.Individuals < 1 {
			t.Errorf("failure %+v", f)
		}
		if slicesEqual(f.Rows, want) {
			found = true
			if f.Individuals != 1 {
				t.Errorf("the tampered class has %d individuals, want 1", f.Individuals)
			}
		}
	}
	if !found {
		t.Errorf("no failure names the rows %v of the singled-out individual: %+v", want, rep.Failures)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestMondrianCompactionIndividuals checks that compact views carry the
// individuals: the release is the same with and without copies.
func TestMondrianCompactionIndividuals(t *testing.T) {
	tab := adultPeople(t, "adult_subset.csv")
	cases := []Config{
		{Models: []Model{KAnonymity(3)}},
		{Models: []Model{KAnonymity(2), EntropyLDiversity(2)}},
		{Models: []Model{KAnonymity(5)}, Relaxed: true},
	}
	for _, cfg := range cases {
		if m := compacted(t, tab, cfg).Metrics(); m.K < 2 || m.MinClassRows < m.K {
			t.Errorf("%v: K=%d MinClassRows=%d", cfg.Models, m.K, m.MinClassRows)
		}
	}
}

// TestOptimalPeopleAsRows checks Optimal on people with identical rows
// against the same people with one row each: without suppression a class
// has k people exactly when the one-row class has k rows, and the average
// class size counts people, so the search must choose the same levels.
func TestOptimalPeopleAsRows(t *testing.T) {
	people := adultPeople(t, "adult_subset.csv")
	once := loadAdult(t, "adult_subset.csv")
	for _, k := range []int{2, 5, 10} {
		cfg := Config{Models: []Model{KAnonymity(k)}, Metric: AverageClassSize}
		a, err := Optimal(context.Background(), people, cfg)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Optimal(context.Background(), once, cfg)
		if err != nil {
			t.Fatal(err)
		}
		ma, mb := a.Metrics(), b.Metrics()
		if !slicesEqual(a.Levels(), b.Levels()) || ma.K != mb.K || ma.Classes != mb.Classes ||
			ma.Individuals != mb.Rows || math.Abs(ma.CAvg-mb.CAvg) > 1e-12 {
			t.Errorf("k=%d: people levels %v %+v\none row each levels %v %+v", k, a.Levels(), ma, b.Levels(), mb)
		}
	}
}
