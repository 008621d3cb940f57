//go:build !purego

package csvrec

// indexBlocksArch writes the masks of n 64-byte blocks at data to idx (2n
// words), with SSE2, which every amd64 processor has.
//
//go:noescape
func indexBlocksArch(idx *uint64, data *byte, n int, pat uint64)
