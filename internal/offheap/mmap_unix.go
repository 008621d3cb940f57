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

// Free frees a block Make returned; b must not be used after.
func Free[T Value](b []T) {
	if cap(b) == 0 {
		return
	}
	// Munmap knows the mapping by its bytes: a block on the heap is not
	// one of them, and is left to the collector.
	_ = syscall.Munmap(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(b))), int(unsafe.Sizeof(T(0)))*cap(b)))
}

// Prefault faults in the pages that will hold b's next n values (within
// its capacity) in one call where the system can: a large block, faulted
// in as it is written, then costs a call per n values instead of a trap
// per page. b must be a block of Make.
func Prefault[T Value](b []T, n int) {
	size := int(unsafe.Sizeof(T(0)))
	from, to := size*len(b), size*min(len(b)+n, cap(b))
	if to <= from {
		return
	}
	// The block's mapping starts at a page; madvise wants a page-aligned
	// start.
	from &^= pageSize - 1
	populate(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), from), to-from)
}

var pageSize = syscall.Getpagesize()
