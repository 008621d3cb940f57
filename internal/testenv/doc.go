// Package testenv holds what the module's tests and benchmarks share about
// the environment they run in: whether the race detector is on, the CPU
// time the process has used, and gopter parameters sized for both.
package testenv
