//go:build !purego

#include "textflag.h"

// func indexBlocksArch(idx []uint64, data []byte, pat uint64)
//
// For each whole 64-byte block of data (the caller makes idx long
// enough): four 16-byte loads; PCMPEQB against the delimiter, '"' and
// '\n'; PMOVMSKB turns each comparison into 16 bits, shifted into place in
// a 64-bit mask.
TEXT ·indexBlocksArch(SB), NOSPLIT, $0-56
	MOVQ idx_base+0(FP), DI
	MOVQ data_base+24(FP), SI
	MOVQ data_len+32(FP), CX
	SHRQ $6, CX
	MOVQ pat+48(FP), AX
	MOVQ AX, X0
	PUNPCKLQDQ X0, X0
	MOVQ $0x2222222222222222, AX
	MOVQ AX, X1
	PUNPCKLQDQ X1, X1
	MOVQ $0x0a0a0a0a0a0a0a0a, AX
	MOVQ AX, X2
	PUNPCKLQDQ X2, X2
	TESTQ CX, CX
	JZ done

loop:
	MOVOU 0(SI), X4
	MOVOU 16(SI), X5
	MOVOU 32(SI), X6
	MOVOU 48(SI), X7

	// Delimiters.
	MOVO X4, X8
	PCMPEQB X0, X8
	PMOVMSKB X8, AX
	MOVO X5, X8
	PCMPEQB X0, X8
	PMOVMSKB X8, BX
	SHLQ $16, BX
	ORQ BX, AX
	MOVO X6, X8
	PCMPEQB X0, X8
	PMOVMSKB X8, BX
	SHLQ $32, BX
	ORQ BX, AX
	MOVO X7, X8
	PCMPEQB X0, X8
	PMOVMSKB X8, BX
	SHLQ $48, BX
	ORQ BX, AX
	MOVQ AX, 0(DI)

	// Quotes and newlines.
	MOVO X4, X8
	PCMPEQB X1, X8
	PCMPEQB X2, X4
	POR X8, X4
	PMOVMSKB X4, AX
	MOVO X5, X8
	PCMPEQB X1, X8
	PCMPEQB X2, X5
	POR X8, X5
	PMOVMSKB X5, BX
	SHLQ $16, BX
	ORQ BX, AX
	MOVO X6, X8
	PCMPEQB X1, X8
	PCMPEQB X2, X6
	POR X8, X6
	PMOVMSKB X6, BX
	SHLQ $32, BX
	ORQ BX, AX
	MOVO X7, X8
	PCMPEQB X1, X8
	PCMPEQB X2, X7
	POR X8, X7
	PMOVMSKB X7, BX
	SHLQ $48, BX
	ORQ BX, AX
	MOVQ AX, 8(DI)

	ADDQ $64, SI
	ADDQ $16, DI
	DECQ CX
	JNZ loop

done:
	RET
