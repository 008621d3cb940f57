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
