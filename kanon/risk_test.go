package kanon

import (
	"context"
	"errors"
	"math"
	"testing"
)

func TestRisk(t *testing.T) {
	s := Schema{QuasiIdentifiers: []Attribute{{Name: "sex"}}}
	sample, err := NewTable(s, [][]string{{"F"}, {"F"}, {"M"}, {"M"}, {"M"}})
	if err != nil {
		t.Fatal(err)
	}
	// The population holds 4 F and 10 M.
	var rows [][]string
	for range 4 {
		rows = append(rows, []string{"F"})
	}
	for range 10 {
		rows = append(rows, []string{"M"})
	}
	pop, err := NewTable(s, rows)
	if err != nil {
		t.Fatal(err)
	}
	for _, alg := range []func(context.Context, *Table, Config) (*Result, error){Mondrian, Optimal} {
		res, err := alg(context.Background(), sample, Config{Models: []Model{KAnonymity(2)}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := res.Risk(pop)
		if err != nil {
			t.Fatal(err)
		}
		want := Risk{
			ProsecutorMax: 0.5, ProsecutorAvg: 2.0 / 5,
			JournalistMax: 0.25, JournalistAvg: (2.0/4 + 3.0/10) / 5, Marketer: (2.0/4 + 3.0/10) / 5,
		}
		if !closeRisk(r, want) {
			t.Errorf("risk %+v, want %+v", r, want)
		}
		self, _ := res.Risk(nil)
		if self.JournalistMax != self.ProsecutorMax || self.Marketer != self.ProsecutorAvg {
			t.Errorf("without population %+v", self)
		}
	}
	other, _ := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "age"}}}, [][]string{{"1"}})
	res, _ := Mondrian(context.Background(), sample, Config{Models: []Model{KAnonymity(2)}})
	if _, err := res.Risk(other); !errors.Is(err, ErrSchema) {
		t.Errorf("mismatched population: err = %v", err)
	}
}

func closeRisk(a, b Risk) bool {
	eq := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
	return eq(a.ProsecutorMax, b.ProsecutorMax) && eq(a.ProsecutorAvg, b.ProsecutorAvg) &&
		eq(a.JournalistMax, b.JournalistMax) && eq(a.JournalistAvg, b.JournalistAvg) && eq(a.Marketer, b.Marketer)
}

// With the data as its own population, full-domain classes match only
// their own rows, so journalist risk equals prosecutor risk; Mondrian's
// released nodes may also cover rows of other classes, which lowers it.
func TestRiskAdultSelfPopulation(t *testing.T) {
	tab := loadAdult(t, "adult_subset.csv")
	opt, err := Optimal(context.Background(), tab, Config{Models: []Model{KAnonymity(10)}, Suppression: 0.02})
	if err != nil {
		t.Fatal(err)
	}
	r, err := opt.Risk(tab)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.JournalistMax-r.ProsecutorMax) > 1e-12 || math.Abs(r.Marketer-r.ProsecutorAvg) > 1e-12 {
		t.Errorf("Optimal: %+v", r)
	}
	mon, err := Mondrian(context.Background(), tab, Config{Models: []Model{KAnonymity(10)}})
	if err != nil {
		t.Fatal(err)
	}
	r, err = mon.Risk(tab)
	if err != nil {
		t.Fatal(err)
	}
	if r.JournalistMax > r.ProsecutorMax || r.Marketer > r.ProsecutorAvg || r.Marketer <= 0 {
		t.Errorf("Mondrian: %+v", r)
	}
}
