package csvrec

import "unsafe"

// unsafeSlice and unsafeBytes turn the pointer and length arguments of the
// index functions (shaped for the assembly version) back into slices.
func unsafeSlice(p *uint64, n int) []uint64 { return unsafe.Slice(p, n) }
func unsafeBytes(p *byte, n int) []byte     { return unsafe.Slice(p, n) }
