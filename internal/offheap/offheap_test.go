package offheap

import "testing"

// TestBlocks writes and reads back blocks of both kinds of values, small
// (faulted in at once) and large (faulted in as written), on their own and
// in an arena, up to their capacity.
func TestBlocks(t *testing.T) {
	for _, n := range []int{0, 1, 1000, largeBlock/2 + 3} {
		a := Make[int32](n)
		b := Make[uint16](n)
		var arena Arena
		c := arena.Int32s(n)
		d := (*Arena)(nil).Int32s(n)
		if len(a) != 0 || cap(a) != n || len(b) != 0 || cap(b) != n || len(c) != 0 || cap(c) != n || cap(d) != n {
			t.Fatalf("n=%d: lengths %d %d %d, capacities %d %d %d %d", n, len(a), len(b), len(c), cap(a), cap(b), cap(c), cap(d))
		}
		for i := range n {
			if i%1000 == 0 {
				Prefault(a, 1000)
				Prefault(b, 1000)
				arena.Prefault(c, 1000)
				(*Arena)(nil).Prefault(d, 1000)
			}
			a = append(a, int32(i))
			b = append(b, uint16(i))
			c = append(c, -int32(i))
		}
		for i := range n {
			if a[i] != int32(i) || b[i] != uint16(i) || c[i] != -int32(i) {
				t.Fatalf("n=%d: row %d reads %d %d %d", n, i, a[i], b[i], c[i])
			}
		}
		Free(a)
		Free(b)
		arena.Free()
		arena.Free() // freeing twice frees nothing twice
		(*Arena)(nil).Free()
	}
}
