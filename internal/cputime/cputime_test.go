package cputime

import "testing"

func TestUsedGrowsWithWork(t *testing.T) {
	start := Used()
	if start <= 0 {
		t.Skip("the platform does not report CPU time")
	}
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	if Used() <= start {
		t.Errorf("CPU time did not grow over a busy loop (%d)", x)
	}
}
