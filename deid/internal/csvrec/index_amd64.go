//go:build !purego

package csvrec

// indexBlocksArch writes the masks of the whole 64-byte blocks of data to
// idx (two words per block; idx must have room), with SSE2, which every
// amd64 processor has.
//
//go:noescape
func indexBlocksArch(idx []uint64, data []byte, pat uint64)
