package cuts

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

func TestGeneralizations(t *testing.T) {
	for _, tc := range []struct {
		action deid.Action
		v      string
		want   []string
	}{
		{deid.Year, "1953", []string{"1950-1954", "1950-1959", "1940-1959", "*"}},
		{deid.Year, "90+", []string{"90+", "90+", "90+", "*"}},
		{deid.Year, "", []string{"", "", "", "*"}},
		{deid.Age, "47", []string{"45-49", "40-49", "40-59", "*"}},
		{deid.Month, "2024-05", []string{"2024-Q2", "2024", "*"}},
		{deid.Month, "2024-12", []string{"2024-Q4", "2024", "*"}},
		{deid.ZIP3, "021", []string{"02*", "0**", "*"}},
		{deid.ZIP3, "000", []string{"000", "000", "*"}},
	} {
		got, ok := Generalizations(tc.action, tc.v)
		if !ok || !slices.Equal(got, tc.want) {
			t.Errorf("Generalizations(%s, %q) = %q, %v; want %q", tc.action, tc.v, got, ok, tc.want)
		}
	}
	if _, ok := Generalizations(deid.Keep, "F"); ok {
		t.Error("keep has a hierarchy")
	}
}

// TestDomainOrder checks that every hierarchy node covers a contiguous
// run of codes, which the cuts rely on.
func TestDomainOrder(t *testing.T) {
	d := NewDomain("year", deid.Year, []string{"1999", "90+", "1950", "1951", "1962", "", "1948"})
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
	n := NewDomain("height", deid.Keep, []string{"170", "9.5", "-3", "170.0"})
	if !n.Numeric || !slices.Equal(n.Values, []string{"-3", "9.5", "170", "170.0"}) {
		t.Fatalf("numeric Domain %v %q", n.Numeric, n.Values)
	}
	if c := NewDomain("sex", deid.Keep, []string{"M", "F"}); c.Numeric || !slices.Equal(c.Values, []string{"F", "M"}) {
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
			doms[q] = NewDomain(doms[q].Name, actionOf(doms[q]), present)
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
