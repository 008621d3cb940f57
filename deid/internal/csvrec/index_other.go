//go:build !amd64 || purego

package csvrec

func indexBlocksArch(idx *uint64, data *byte, n int, pat uint64) {
	indexBlocksGo(idx, data, n, pat)
}
