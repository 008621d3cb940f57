//go:build unix

package exportfile

import (
	"errors"
	"os"
	"syscall"
)

// alive reports whether the process pid may still run (it exists, or
// another user's process has its number).
func alive(pid int) bool {
	if pid <= 0 {
		return true // not a process number: leave its files alone
	}
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
