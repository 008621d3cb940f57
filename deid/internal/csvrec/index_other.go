//go:build !amd64 || purego

package csvrec

func indexBlocksArch(idx []uint64, data []byte, pat uint64) { indexBlocksGo(idx, data, pat) }
