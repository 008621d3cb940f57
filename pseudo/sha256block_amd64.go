//go:build amd64 && !purego

package pseudo

// blockSHANI compresses one 64-byte block p into the SHA-256 chaining
// value h with the CPU's SHA extensions. Call it only if haveBlock.
//
//go:noescape
func blockSHANI(h *[8]uint32, p *[64]byte)

// hmacSHANI writes into sum the HMAC-SHA256 whose pad blocks left the
// chaining values inner and outer, of a message that p holds padded to
// one block.
//
//go:noescape
func hmacSHANI(inner, outer *[8]uint32, p *[64]byte, sum *[32]byte)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

// haveBlock reports whether block runs here: the CPU has the SHA
// extensions, SSSE3 and SSE4.1.
var haveBlock = cpuHasSHANI()

func cpuHasSHANI() bool {
	if maxLeaf, _, _, _ := cpuid(0, 0); maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	_, ebx7, _, _ := cpuid(7, 0)
	const ssse3, sse41, sha = 1 << 9, 1 << 19, 1 << 29
	return ecx1&ssse3 != 0 && ecx1&sse41 != 0 && ebx7&sha != 0
}

func block(h *[8]uint32, p *[64]byte) { blockSHANI(h, p) }

func hmacBlock(inner, outer *[8]uint32, p *[64]byte, sum *[32]byte) { hmacSHANI(inner, outer, p, sum) }
