//go:build !unix

package testenv

import "time"

// CPUTime returns 0: the CPU time is not measured on this platform.
func CPUTime() time.Duration { return 0 }
