// Package testenv holds what the module's tests and benchmarks share about
// the environment they run in: whether the race detector is on, the CPU
// time the process has used, gopter parameters sized for both, inputs
// made on first use, and a check that a reader's errors are sticky.
package testenv
