package exportfile

import (
	"fmt"
	"runtime"
)

// MaxWorkers is the most workers a program runs: four per CPU
// (GOMAXPROCS). More cannot make a run faster, and each worker holds
// about four chunk buffers (2 MiB with the default chunk size): an
// uncapped -workers 5000 runs a machine out of memory.
func MaxWorkers() int { return 4 * runtime.GOMAXPROCS(0) }

// CheckWorkers returns an error for a -workers value that is negative or
// over MaxWorkers; 0 means the transformer's default.
func CheckWorkers(n int) error {
	if n < 0 || n > MaxWorkers() {
		return fmt.Errorf("-workers %d: between 0 (the default: one per CPU, at least 2) and %d (4 per CPU)", n, MaxWorkers())
	}
	return nil
}
