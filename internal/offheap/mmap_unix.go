//go:build unix

package offheap

import (
	"syscall"
	"unsafe"
)

// Make returns an empty block with room for n values, mapped outside the
// Go heap (on the heap if the system refuses the mapping). Whoever calls
// it frees the block with Free.
//
// A small block is faulted in at once. A large one (a column of a whole
// table) is faulted in as it is written, so that it takes memory as it
// fills: while it fills, its writer frees the blocks it is filled from.
func Make[T Value](n int) []T {
	if n == 0 {
		return nil
	}
	size := int(unsafe.Sizeof(T(0)))
	flags := syscall.MAP_ANON | syscall.MAP_PRIVATE
	large := size*n >= largeBlock
	if !large {
		flags |= mapPopulate
	}
	mem, err := syscall.Mmap(-1, 0, size*n, syscall.PROT_READ|syscall.PROT_WRITE, flags)
	if err != nil {
		return make([]T, 0, n) // the heap, then
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(mem))), n)[:0]
}

// largeBlock is the size in bytes from which a block is faulted in as it
// is written.
const largeBlock = 4 << 20

// Free frees a block Make returned; b must not be used after.
func Free[T Value](b []T) {
	if cap(b) == 0 {
		return
	}
	// Munmap knows the mapping by its bytes: a block on the heap is not
	// one of them, and is left to the collector.
	_ = syscall.Munmap(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), int(unsafe.Sizeof(T(0)))*cap(b)))
}
