//go:build !amd64 || purego

package pseudo

// haveBlock is false: without a SHA-256 block function of its own, the
// MAC uses crypto/sha256 (see macKey).
const haveBlock = false

func block(h *[8]uint32, p *[64]byte) { panic("pseudo: no SHA-256 block function on this platform") }

func hmacBlock(inner, outer *[8]uint32, p *[64]byte, sum *[32]byte) {
	panic("pseudo: no SHA-256 block function on this platform")
}
