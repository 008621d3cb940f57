// Package testenv holds what the module's tests and benchmarks share about
// the environment they run in: whether the race detector is on, the CPU
// time the process has used, gopter parameters sized for both, and inputs
// made on first use.
package testenv
