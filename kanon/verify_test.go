package kanon

import (
	"context"
	"errors"
	"testing"
)

// tampered changes a release.
type tampered struct {
	*Result
	released func(row, qi int) string
}

func (t tampered) Released(row, qi int) string { return t.released(row, qi) }

func TestVerifyCatches(t *testing.T) {
	tab := loadAdult(t, "adult_subset.csv")
	models := []Model{KAnonymity(5)}
	res, err := Mondrian(context.Background(), tab, Config{Models: models})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := Verify(tab, res, models...); err != nil || !rep.Holds || rep.Classes != res.Classes() {
		t.Fatalf("honest release: %v %v", rep, err)
	}
	cases := []struct {
		name       string
		rel        Release
		failures   bool
		untruthful bool
	}{
		{"original values", tampered{res, tab.Value}, true, false},
		{"a wrong value", tampered{res, func(row, qi int) string {
			if row == 7 && qi == 1 {
				return "Doctorate-or-not"
			}
			return res.Released(row, qi)
		}}, true, true},
		{"a range that misses the value", tampered{res, func(row, qi int) string {
			if qi == 0 {
				return "[0, 1]"
			}
			return res.Released(row, qi)
		}}, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Verify(tab, c.rel, models...)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Holds || (len(rep.Failures) > 0) != c.failures || (rep.UntruthfulCells > 0) != c.untruthful {
				t.Fatalf("report %v: failures %d untruthful %d", rep, len(rep.Failures), rep.UntruthfulCells)
			}
			for _, f := range rep.Failures {
				if len(f.Rows) >= 5 || len(f.Models) != 1 || f.Models[0] != "5-anonymity" {
					t.Fatalf("failure %v", f)
				}
			}
		})
	}
	if _, err := Verify(tab, tampered{Result: &Result{}}, models...); !errors.Is(err, ErrInput) {
		t.Errorf("length mismatch: err = %v", err)
	}
}
