package testenv

import (
	"os"
	"runtime"
	"strconv"
	"strings"
)

// OutsideHeap returns the resident memory of the process outside the Go
// heap: what the process maps apart from the heap (as the release stage
// does for its codes) besides the binary, stacks and the runtime's own,
// so that a measure of memory can count it. It is the resident set less
// the heap's mapped pages, given ms read just before; 0 where /proc does
// not tell the resident set. Measures take its difference between two
// moments, in which the rest is about the same.
func OutsideHeap(ms *runtime.MemStats) uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return 0
	}
	rss, heap := pages*uint64(os.Getpagesize()), ms.HeapSys-ms.HeapReleased
	return rss - min(rss, heap)
}
