//go:build !unix

package offheap

// Make returns an empty block with room for n values, on the heap where
// the system has no anonymous mappings.
func Make[T Value](n int) []T { return make([]T, 0, n) }

// Free lets a block go to the collector.
func Free[T Value]([]T) {}

// Prefault does nothing: the block is on the heap.
func Prefault[T Value](b []T, n int) {}
