//go:build race

package kanontest

// raceDetector scales Parameters down: the race detector makes the
// algorithms several times slower, and its runs look for data races, which
// a fifth of the cases exercise as well as all of them.
const raceDetector = true
