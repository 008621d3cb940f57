//go:build !race

package deid

const raceEnabled = false
