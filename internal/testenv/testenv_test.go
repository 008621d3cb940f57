package testenv

import (
	"testing"
	"time"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func TestForRace(t *testing.T) {
	want := 100
	if Race {
		want = 20
	}
	if got := ForRace(100); got != want {
		t.Errorf("ForRace(100) = %d, want %d (race %v)", got, want, Race)
	}
	if got := ForRace(1); got != 1 {
		t.Errorf("ForRace(1) = %d, want 1", got)
	}
}

func TestProperties(t *testing.T) {
	want := 50
	if testing.Short() {
		want = 10
	}
	calls := 0
	props := Properties(50)
	props.Property("counts", prop.ForAll(func(int) bool { calls++; return true }, gen.Int()))
	props.TestingRun(t)
	if calls != want {
		t.Errorf("the property ran %d times, want %d", calls, want)
	}
}

func TestCPUTime(t *testing.T) {
	start := CPUTime()
	deadline := time.Now().Add(20 * time.Millisecond)
	for time.Now().Before(deadline) {
	}
	if used := CPUTime() - start; used < 0 {
		t.Errorf("CPU time went back by %v", -used)
	}
}
