//go:build race

package parquet

// raceEnabled scales down the tests that are slow under the race detector
// (a Writer is not concurrent: the detector has little to check here).
const raceEnabled = true
