//go:build amd64 && !purego

#include "textflag.h"

// SHA-256 compressions with the SHA extensions (SHA-NI), as laid out in
// Intel's description of them. Only SSE instructions are used: the CPU
// needs SHA, SSSE3 (PSHUFB, PALIGNR) and SSE4.1 (PBLENDW), which
// cpuHasSHANI checks.

// COMPRESS runs the 64 rounds of one compression on the state in X1 (the
// words A, B, E, F) and X2 (C, D, G, H), with the block's message words in
// X3-X6 and the round constants at AX; it leaves X0 and X7 clobbered and
// the state not yet added to the chaining value. Each four rounds put the
// four message words plus their constants in X0, and SHA256RNDS2 does two
// rounds with the low half; from the fourth on, the words of the next four
// are finished between the two halves (SHA256MSG2 adds sigma1 of the words
// just before), and until the thirteenth the words three ahead are started
// with SHA256MSG1 (sigma0 of the words fifteen back).
#define COMPRESS \
	MOVO X3, X0; \
	PADDD 0(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	MOVO X4, X0; \
	PADDD 16(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X4, X3; \
	MOVO X5, X0; \
	PADDD 32(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X5, X4; \
	MOVO X6, X0; \
	PADDD 48(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X6, X7; \
	PALIGNR $4, X5, X7; \
	PADDD X7, X3; \
	SHA256MSG2 X6, X3; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X6, X5; \
	MOVO X3, X0; \
	PADDD 64(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X3, X7; \
	PALIGNR $4, X6, X7; \
	PADDD X7, X4; \
	SHA256MSG2 X3, X4; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X3, X6; \
	MOVO X4, X0; \
	PADDD 80(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X4, X7; \
	PALIGNR $4, X3, X7; \
	PADDD X7, X5; \
	SHA256MSG2 X4, X5; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X4, X3; \
	MOVO X5, X0; \
	PADDD 96(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X5, X7; \
	PALIGNR $4, X4, X7; \
	PADDD X7, X6; \
	SHA256MSG2 X5, X6; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X5, X4; \
	MOVO X6, X0; \
	PADDD 112(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X6, X7; \
	PALIGNR $4, X5, X7; \
	PADDD X7, X3; \
	SHA256MSG2 X6, X3; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X6, X5; \
	MOVO X3, X0; \
	PADDD 128(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X3, X7; \
	PALIGNR $4, X6, X7; \
	PADDD X7, X4; \
	SHA256MSG2 X3, X4; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X3, X6; \
	MOVO X4, X0; \
	PADDD 144(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X4, X7; \
	PALIGNR $4, X3, X7; \
	PADDD X7, X5; \
	SHA256MSG2 X4, X5; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X4, X3; \
	MOVO X5, X0; \
	PADDD 160(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X5, X7; \
	PALIGNR $4, X4, X7; \
	PADDD X7, X6; \
	SHA256MSG2 X5, X6; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X5, X4; \
	MOVO X6, X0; \
	PADDD 176(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X6, X7; \
	PALIGNR $4, X5, X7; \
	PADDD X7, X3; \
	SHA256MSG2 X6, X3; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X6, X5; \
	MOVO X3, X0; \
	PADDD 192(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X3, X7; \
	PALIGNR $4, X6, X7; \
	PADDD X7, X4; \
	SHA256MSG2 X3, X4; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	SHA256MSG1 X3, X6; \
	MOVO X4, X0; \
	PADDD 208(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X4, X7; \
	PALIGNR $4, X3, X7; \
	PADDD X7, X5; \
	SHA256MSG2 X4, X5; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	MOVO X5, X0; \
	PADDD 224(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	MOVO X5, X7; \
	PALIGNR $4, X4, X7; \
	PADDD X7, X6; \
	SHA256MSG2 X5, X6; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1; \
	MOVO X6, X0; \
	PADDD 240(AX), X0; \
	SHA256RNDS2 X0, X1, X2; \
	PSHUFD $0x0e, X0, X0; \
	SHA256RNDS2 X0, X2, X1

// TOSTATE turns the chaining value a..h in lo (a-d) and hi (e-h) into the
// ABEF (lo) and CDGH (hi) registers of the rounds.
#define TOSTATE(lo, hi) \
	PSHUFD  $0xb1, lo, lo; \
	PSHUFD  $0x1b, hi, hi; \
	MOVO    lo, X7; \
	PALIGNR $8, hi, lo; \
	PBLENDW $0xf0, X7, hi

// FROMSTATE undoes TOSTATE.
#define FROMSTATE(lo, hi) \
	PSHUFD  $0x1b, lo, lo; \
	PSHUFD  $0xb1, hi, hi; \
	MOVO    lo, X7; \
	PBLENDW $0xf0, hi, lo; \
	PALIGNR $8, X7, hi

// LOADBLOCK loads the 64-byte block at p as sixteen big-endian words
// into X3-X6; X8 holds bswapMask.
#define LOADBLOCK(p) \
	MOVOU  (p), X3; \
	PSHUFB X8, X3; \
	MOVOU  16(p), X4; \
	PSHUFB X8, X4; \
	MOVOU  32(p), X5; \
	PSHUFB X8, X5; \
	MOVOU  48(p), X6; \
	PSHUFB X8, X6

// COMPRESSFROM compresses the message words in X3-X6 from the chaining
// value at h, and leaves the new chaining value a..h in X1 (a-d) and X2
// (e-h).
#define COMPRESSFROM(h) \
	MOVOU (h), X1; \
	MOVOU 16(h), X2; \
	TOSTATE(X1, X2); \
	MOVO  X1, X9; \
	MOVO  X2, X10; \
	COMPRESS; \
	PADDD X9, X1; \
	PADDD X10, X2; \
	FROMSTATE(X1, X2)

// func blockSHANI(h *[8]uint32, p *[64]byte)
TEXT ·blockSHANI(SB), NOSPLIT, $0-16
	MOVQ  h+0(FP), DI
	MOVQ  p+8(FP), SI
	LEAQ  sha256K<>(SB), AX
	MOVOU bswapMask<>(SB), X8
	LOADBLOCK(SI)
	COMPRESSFROM(DI)
	MOVOU X1, (DI)
	MOVOU X2, 16(DI)
	RET

// func hmacSHANI(inner, outer *[8]uint32, p *[64]byte, sum *[32]byte)
//
// The inner hash compresses block p from the chaining value inner; its
// digest, padded, is the block that the outer hash compresses from outer.
// The digest's words are the message words as they are, with no bytes
// swapped on the way.
TEXT ·hmacSHANI(SB), NOSPLIT, $0-32
	MOVQ  inner+0(FP), DI
	MOVQ  outer+8(FP), DX
	MOVQ  p+16(FP), SI
	MOVQ  sum+24(FP), BX
	LEAQ  sha256K<>(SB), AX
	MOVOU bswapMask<>(SB), X8
	LOADBLOCK(SI)
	COMPRESSFROM(DI)
	MOVO  X1, X3
	MOVO  X2, X4
	MOVOU outerPad<>(SB), X5
	MOVOU outerPad<>+16(SB), X6
	COMPRESSFROM(DX)
	PSHUFB X8, X1
	PSHUFB X8, X2
	MOVOU X1, (BX)
	MOVOU X2, 16(BX)
	RET

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// PSHUFB mask that turns each big-endian 32-bit word into a little-endian one.
DATA bswapMask<>+0(SB)/8, $0x0405060700010203
DATA bswapMask<>+8(SB)/8, $0x0c0d0e0f08090a0b
GLOBL bswapMask<>(SB), RODATA|NOPTR, $16

// Message words 8-15 of the outer block: the padding after a 32-byte
// digest (0x80, zeros) and the length of pad and digest, 768 bits.
DATA outerPad<>+0(SB)/8, $0x0000000080000000
DATA outerPad<>+8(SB)/8, $0
DATA outerPad<>+16(SB)/8, $0
DATA outerPad<>+24(SB)/8, $0x0000030000000000
GLOBL outerPad<>(SB), RODATA|NOPTR, $32

// The 64 round constants of SHA-256 (FIPS 180-4, section 4.2.2).
DATA sha256K<>+0(SB)/8, $0x71374491428a2f98
DATA sha256K<>+8(SB)/8, $0xe9b5dba5b5c0fbcf
DATA sha256K<>+16(SB)/8, $0x59f111f13956c25b
DATA sha256K<>+24(SB)/8, $0xab1c5ed5923f82a4
DATA sha256K<>+32(SB)/8, $0x12835b01d807aa98
DATA sha256K<>+40(SB)/8, $0x550c7dc3243185be
DATA sha256K<>+48(SB)/8, $0x80deb1fe72be5d74
DATA sha256K<>+56(SB)/8, $0xc19bf1749bdc06a7
DATA sha256K<>+64(SB)/8, $0xefbe4786e49b69c1
DATA sha256K<>+72(SB)/8, $0x240ca1cc0fc19dc6
DATA sha256K<>+80(SB)/8, $0x4a7484aa2de92c6f
DATA sha256K<>+88(SB)/8, $0x76f988da5cb0a9dc
DATA sha256K<>+96(SB)/8, $0xa831c66d983e5152
DATA sha256K<>+104(SB)/8, $0xbf597fc7b00327c8
DATA sha256K<>+112(SB)/8, $0xd5a79147c6e00bf3
DATA sha256K<>+120(SB)/8, $0x1429296706ca6351
DATA sha256K<>+128(SB)/8, $0x2e1b213827b70a85
DATA sha256K<>+136(SB)/8, $0x53380d134d2c6dfc
DATA sha256K<>+144(SB)/8, $0x766a0abb650a7354
DATA sha256K<>+152(SB)/8, $0x92722c8581c2c92e
DATA sha256K<>+160(SB)/8, $0xa81a664ba2bfe8a1
DATA sha256K<>+168(SB)/8, $0xc76c51a3c24b8b70
DATA sha256K<>+176(SB)/8, $0xd6990624d192e819
DATA sha256K<>+184(SB)/8, $0x106aa070f40e3585
DATA sha256K<>+192(SB)/8, $0x1e376c0819a4c116
DATA sha256K<>+200(SB)/8, $0x34b0bcb52748774c
DATA sha256K<>+208(SB)/8, $0x4ed8aa4a391c0cb3
DATA sha256K<>+216(SB)/8, $0x682e6ff35b9cca4f
DATA sha256K<>+224(SB)/8, $0x78a5636f748f82ee
DATA sha256K<>+232(SB)/8, $0x8cc7020884c87814
DATA sha256K<>+240(SB)/8, $0xa4506ceb90befffa
DATA sha256K<>+248(SB)/8, $0xc67178f2bef9a3f7
GLOBL sha256K<>(SB), RODATA|NOPTR, $256
