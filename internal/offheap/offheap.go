// Package offheap allocates large pointer-free blocks outside the Go heap,
// for memory whose owner knows when it is read for the last time: the
// collector neither scans such a block nor counts it in the heap whose
// growth paces it, so that its headroom applies to the small heap that
// remains, and a block goes back to the system the moment it is freed
// instead of waiting, as garbage, for the next cycle.
//
// A block must not be used after it is freed, nor stay reachable from a
// value that outlives its owner: only code that holds every reference to
// a block may free it.
package offheap

// A Value is what a block holds: fixed-size values without pointers.
type Value interface {
	~uint16 | ~int32
}

// largeBlock is the size in bytes from which a block is faulted in as it
// is written (or prefaulted piece by piece) rather than at once.
const largeBlock = 4 << 20

// An Arena owns blocks until it frees them all at once. The zero Arena is
// ready; a nil *Arena allocates on the Go heap and frees nothing.
type Arena struct {
	blocks [][]int32
}

// Int32s returns an empty block with room for n values, owned by a.
func (a *Arena) Int32s(n int) []int32 {
	if a == nil {
		return make([]int32, 0, n)
	}
	b := Make[int32](n)
	a.blocks = append(a.blocks, b)
	return b
}

// Prefault faults in the pages that will hold the next n values of b, a
// block of a, at once (see the function Prefault); without an arena, b is
// on the heap and it does nothing.
func (a *Arena) Prefault(b []int32, n int) {
	if a != nil {
		Prefault(b, n)
	}
}

// Free frees every block of a: none may be used after.
func (a *Arena) Free() {
	if a == nil {
		return
	}
	for _, b := range a.blocks {
		Free(b)
	}
	a.blocks = nil
}
