//go:build race

package deid

// raceEnabled scales down the tests that are slow under the race detector
// (10-20× slower), which checks the concurrent code, not the input space.
const raceEnabled = true
