//go:build unix

package release

import (
	"syscall"
	"unsafe"
)

// newBlock returns an empty block with room for n codes, mapped outside
// the Go heap: the collector neither scans it (it holds no pointers) nor
// counts it in the heap whose growth paces it, so that its headroom
// applies to the small heap that remains, and freeBlock returns it to
// the system at once.
func newBlock(n int) []int32 {
	mem, err := syscall.Mmap(-1, 0, 4*n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE|mapPopulate)
	if err != nil {
		return make([]int32, 0, n) // the heap, then
	}
	return unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(mem))), n)[:0]
}

// freeBlock frees a block newBlock returned; b must not be used after.
func freeBlock(b []int32) {
	if cap(b) == 0 {
		return
	}
	// Munmap knows the mapping by its bytes: a block on the heap is not
	// one of them, and is left to the collector.
	_ = syscall.Munmap(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), 4*cap(b)))
}
