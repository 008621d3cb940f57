//go:build !unix

package release

// newBlock returns an empty block with room for n codes, on the heap
// where the system has no anonymous mappings.
func newBlock(n int) []int32 { return make([]int32, 0, n) }

// freeBlock lets a block go to the collector.
func freeBlock([]int32) {}
