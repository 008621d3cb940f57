package kanon

import (
	"context"
	"testing"
)

func TestMondrianAdultProbe(t *testing.T) {
	tab := loadAdult(t, "adult.csv")
	for _, relaxed := range []bool{false, true} {
		res, err := Mondrian(context.Background(), tab, Config{Models: []Model{KAnonymity(10)}, Relaxed: relaxed})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("relaxed=%v %+v", relaxed, res.Metrics())
	}
}

func TestOptimalAdultProbe(t *testing.T) {
	tab := loadAdult(t, "adult.csv")
	for _, supp := range []float64{0, 0.05} {
		for _, m := range []Metric{Loss, Discernibility, AverageClassSize} {
			res, err := Optimal(context.Background(), tab, Config{Models: []Model{KAnonymity(5)}, Suppression: supp, Metric: m})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("supp=%v %v levels=%v %+v", supp, m, res.Levels(), res.Metrics())
		}
	}
}
