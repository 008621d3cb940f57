package kanon

import (
	"context"
	"math"
	"testing"
)

// TestAdultUtility pins the utility reached on the Adult benchmark, so that
// a change that loses utility fails. If a change improves a number, update
// the pin and say so in the commit.
func TestAdultUtility(t *testing.T) {
	tab := loadAdult(t, "adult.csv")
	cases := []struct {
		name               string
		run                func(context.Context, *Table, Config) (*Result, error)
		cfg                Config
		k, classes, supp   int
		ncp, cavg, discern float64
	}{
		{"Mondrian strict k=10", Mondrian, Config{Models: []Model{KAnonymity(10)}}, 10, 1764, 0, 7.877298128, 1.709863946, 728120},
		{"Optimal k=5 0% suppression", Optimal, Config{Models: []Model{KAnonymity(5)}}, 5, 26, 0, 62.5, 232.0153846, 180946394},
		{"Optimal k=5 5% suppression", Optimal, Config{Models: []Model{KAnonymity(5)}, Suppression: 0.05}, 5, 397, 1346, 21.07010539, 14.51687657, 59199546},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := c.run(context.Background(), tab, c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			m := res.Metrics()
			t.Logf("%s: k=%d classes=%d suppressed=%d NCP=%.10g%% C_avg=%.10g DM=%.10g levels=%v",
				c.name, m.K, m.Classes, m.Suppressed, m.NCP, m.CAvg, m.Discernibility, res.Levels())
			if m.K != c.k || m.Classes != c.classes || m.Suppressed != c.supp {
				t.Errorf("k=%d classes=%d suppressed=%d, want k=%d classes=%d suppressed=%d",
					m.K, m.Classes, m.Suppressed, c.k, c.classes, c.supp)
			}
			near := func(name string, got, want float64) {
				if math.Abs(got-want) > 1e-8*math.Max(1, math.Abs(want)) {
					t.Errorf("%s = %.10g, want %.10g", name, got, want)
				}
			}
			near("NCP", m.NCP, c.ncp)
			near("C_avg", m.CAvg, c.cavg)
			near("discernibility", m.Discernibility, c.discern)
			rep, err := Verify(tab, res, c.cfg.Models...)
			if err != nil || !rep.Holds {
				t.Fatalf("release does not verify: %v %v", rep, err)
			}
		})
	}
}
