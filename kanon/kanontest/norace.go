//go:build !race

package kanontest

const raceDetector = false
