//go:build race

package testenv

// Race reports whether the race detector is on. Under it code runs 10-20×
// slower; tests that explore an input space rather than concurrency scale
// their sizes down with [ForRace].
const Race = true
