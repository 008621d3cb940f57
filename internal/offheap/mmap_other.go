//go:build !unix

package offheap

// Int32s returns an empty block with room for n values, on the heap where
// the system has no anonymous mappings.
func Int32s(n int) []int32 { return make([]int32, 0, n) }

// Free lets a block go to the collector.
func Free([]int32) {}
