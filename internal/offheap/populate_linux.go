package offheap

import (
	"syscall"
	"unsafe"
)

// mapPopulate has the kernel fault a new block's pages in at once, in
// one call, rather than one fault per page as they are first written
// (each fault costs a trap, dearer in a virtual machine).
const mapPopulate = syscall.MAP_POPULATE

// populate faults in the n bytes at p at once (MADV_POPULATE_WRITE, Linux
// 5.14 on; earlier kernels refuse it, and the pages are faulted in as they
// are written).
func populate(p unsafe.Pointer, n int) {
	const madvPopulateWrite = 23
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, uintptr(p), uintptr(n), madvPopulateWrite)
}
