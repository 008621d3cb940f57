// Package cputime measures the CPU time of the process, for benchmarks: on
// a shared machine it varies less than wall time, which includes waiting
// for a core.
package cputime

import "time"

// Used returns the CPU time, user and system, that the process has used so
// far, or 0 where the platform does not report it.
func Used() time.Duration { return used() }
