//go:build race

package release

// raceEnabled scales down the tests that are slow under the race detector,
// which checks the concurrent code (the field stage), not the input space.
const raceEnabled = true
