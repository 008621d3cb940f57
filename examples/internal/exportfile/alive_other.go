//go:build !unix

package exportfile

// alive reports whether the process pid may still run. Without a portable
// way to ask, every process is taken to be alive, so that a sweep never
// removes the files of a run still in progress; stale files then stay
// until removed by hand.
func alive(pid int) bool { return true }
