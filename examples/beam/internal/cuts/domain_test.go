package cuts

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/kanon"
)

// testDomain builds the domain of a quasi-identifier made by action, with
// the release's hierarchy for it at the reference date 2026-01-01.
func testDomain(name string, action deid.Action, values []string) *Domain {
	policy := &deid.Policy{Name: "test", ReferenceDate: "2026-01-01", Fields: []deid.Rule{{Field: name, Action: action}}}
	p := &release.Privacy{QuasiIdentifiers: []string{name}, K: 2, Algorithm: release.Mondrian}
	a, kind, err := release.Attribute(policy, p, name, values)
	if err != nil {
		panic(err)
	}
	d, err := NewDomain(a, kind, values)
	if err != nil {
		panic(err)
	}
	return d
}

// TestDomainLabels checks that a domain generalizes along the release's
// hierarchies: birth years in age bands at the reference date, with the
// top-coded "90+" in the open oldest band; ZIP3 by state, "000" apart.
func TestDomainLabels(t *testing.T) {
	for _, tc := range []struct {
		action deid.Action
		values []string
		v      string
		want   []string
	}{
		{deid.Year, []string{"1938", "1953", "90+"}, "1938", []string{"≤1940", "≤1945", "≤1955", "≤1975", "*"}},
		{deid.Year, []string{"1938", "1953", "90+"}, "90+", []string{"≤1940", "≤1945", "≤1955", "≤1975", "*"}},
		{deid.Year, []string{"1938", "1953", "90+"}, "1953", []string{"1951-1955", "1946-1955", "≤1955", "≤1975", "*"}},
		{deid.ZIP3, []string{"021", "100", "000"}, "021", []string{"MA", "New England", "Northeast", "*"}},
		{deid.ZIP3, []string{"021", "100", "000"}, "000", []string{"000", "000", "000", "*"}},
		{deid.Keep, []string{"F", "M"}, "F", []string{"*"}},
	} {
		d := testDomain("q", tc.action, tc.values)
		c, err := d.CodeOf(tc.v)
		if err != nil || !slices.Equal(d.Labels[c], tc.want) {
			t.Errorf("%s %q: labels %q, %v; want %q", tc.action, tc.v, d.Labels[c], err, tc.want)
		}
		for _, label := range tc.want {
			want := slices.Index(tc.want, label) + 1
			if label == tc.v {
				want = 0
			}
			if got := d.Level(c, label); got != want {
				t.Errorf("%s %q: %q at level %d, want %d", tc.action, tc.v, label, got, want)
			}
		}
		if got := d.Level(c, "[1, 2]"); got != -1 {
			t.Errorf("%s %q: a range at level %d", tc.action, tc.v, got)
		}
	}
}

// TestDomainOrder checks that every hierarchy node covers a contiguous
// run of codes, which the cuts rely on.
func TestDomainOrder(t *testing.T) {
	d := testDomain("year", deid.Year, []string{"1999", "90+", "1950", "1951", "1962", "", "1948"})
	for j := range d.Labels[0] {
		seen := map[string]bool{}
		for c := range d.Values {
			l := d.Labels[c][j]
			if seen[l] && d.Labels[c-1][j] != l {
				t.Fatalf("label %q of level %d covers codes that are not contiguous: %q", l, j+1, d.Values)
			}
			seen[l] = true
		}
	}
	n := testDomain("height", deid.Keep, []string{"170", "9.5", "-3", "170.0"})
	if !n.Numeric || !slices.Equal(n.Values, []string{"-3", "9.5", "170", "170.0"}) {
		t.Fatalf("numeric Domain %v %q", n.Numeric, n.Values)
	}
	if c := testDomain("sex", deid.Keep, []string{"M", "F"}); c.Numeric || !slices.Equal(c.Values, []string{"F", "M"}) {
		t.Fatalf("categorical Domain %v %q", c.Numeric, c.Values)
	}
}

// TestPenaltyIsKanonNCP checks that the NCP the pipeline computes from a
// release's values and the domains equals kanon's own measure, on the
// single-machine Mondrian of random tables: the figures the report gives
// for a distributed release are comparable with kanon's.
func TestPenaltyIsKanonNCP(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 30 {
		doms := testDomains(r)
		var schema kanon.Schema
		for _, d := range doms {
			a, err := d.Attribute()
			if err != nil {
				t.Fatal(err)
			}
			schema.QuasiIdentifiers = append(schema.QuasiIdentifiers, a)
		}
		schema.Individual = "person"
		var rows [][]string
		for p := range 20 + r.IntN(200) {
			vals := make([]string, len(doms)+1)
			for q, d := range doms {
				vals[q] = d.Values[r.IntN(len(d.Values))]
			}
			vals[len(doms)] = strconv.Itoa(p)
			for range 1 + r.IntN(3) {
				rows = append(rows, vals)
			}
		}
		// kanon measures over the values present: keep only those.
		for q := range doms {
			var present []string
			for _, row := range rows {
				present = append(present, row[q])
			}
			present = slices.Compact(slices.Sorted(slices.Values(present)))
			doms[q] = testDomain(doms[q].Name, actionOf(doms[q]), present)
			a, err := doms[q].Attribute()
			if err != nil {
				t.Fatal(err)
			}
			schema.QuasiIdentifiers[q] = a
		}
		tab, err := kanon.NewTable(schema, rows)
		if err != nil {
			t.Fatal(err)
		}
		res, err := kanon.Mondrian(context.Background(), tab, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(2 + r.IntN(4))}})
		if err != nil {
			continue // fewer people than k
		}
		var sum float64
		for _, rel := range res.Rows() {
			for q, v := range rel {
				sum += doms[q].Penalty(v)
			}
		}
		got := 100 * sum / float64(len(rows)*len(doms))
		if want := res.Metrics().NCP; math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d: NCP %.12f, kanon says %.12f", trial, got, want)
		}
	}
}

// actionOf recovers the action testDomains built a Domain with.
func actionOf(d *Domain) deid.Action {
	switch d.Name {
	case "year":
		return deid.Year
	case "zip":
		return deid.ZIP3
	}
	return deid.Keep
}
