package pseudo

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// shapeIDs returns n eight-digit IDs of people drawn at random, as in an
// export sorted by time, or each repeated in a run, as in one sorted by
// user.
func shapeIDs(n, people int, runs bool) [][]byte {
	r := rand.New(rand.NewPCG(1, uint64(people)))
	ids := make([][]byte, n)
	for i := range ids {
		if runs && i > 0 && r.IntN(40) > 0 {
			ids[i] = ids[i-1]
			continue
		}
		ids[i] = []byte(strconv.Itoa(10_000_000 + r.IntN(people)*7))
	}
	return ids
}

// Whether the table is consulted or bypassed, and whatever the shape of
// the stream, the memo answers what the Pseudonymizer does; it bypasses
// the table when people interleave faster than it holds them, and uses it
// again when they no longer do.
func TestMemoShapes(t *testing.T) {
	p := mustNew(t, mustKeyset(t), "d")
	m := p.NewMemo(256)
	check := func(ids [][]byte) {
		t.Helper()
		for i, id := range ids {
			if got, want := string(m.Append(nil, id)), p.Pseudonym(string(id)); got != want {
				t.Fatalf("id %d: memo %s, direct %s", i, got, want)
			}
		}
	}
	check(shapeIDs(3*memoWindow, 100_000, false))
	if m.m.Get().skip == 0 {
		t.Fatal("the table is still consulted at a hit rate near zero")
	}
	check(shapeIDs(memoSkip+memoWindow, 50, false))
	if st := m.m.Get(); st.skip != 0 || st.hits == 0 {
		t.Fatalf("the table is not consulted again on a stream of 50 people (skip %d, hits %d)", m.m.Get().skip, m.m.Get().hits)
	}
	check(shapeIDs(5000, 5000, true))
	// IDs too long for a slot, and at the limit.
	for _, n := range []int{m.m.Get().idCap, m.m.Get().idCap + 1, memoMaxID, memoMaxID + 1} {
		id := bytes.Repeat([]byte{'x'}, n)
		check([][]byte{id, []byte("1"), id, id})
	}
}

// BenchmarkMemoShapes measures a pseudonym through the memo (4,096 slots)
// against the Pseudonymizer alone on streams of eight-digit IDs: in time
// order over 2,500 to 250,000 people, and in runs of a user's rows. Batches
// alternate and the fastest of each is kept.
func BenchmarkMemoShapes(b *testing.B) {
	p := newPseudonymizer(bytes.Repeat([]byte{7}, 32), config{bits: DefaultBits, enc: Hex})
	for _, tc := range []struct {
		people int
		runs   bool
	}{{2_500, false}, {25_000, false}, {250_000, false}, {25_000, true}} {
		name := fmt.Sprintf("by-time-%d", tc.people)
		if tc.runs {
			name = "by-user"
		}
		b.Run(name, func(b *testing.B) {
			ids := shapeIDs(1<<18, tc.people, tc.runs)
			m := p.NewMemo(4096)
			dst := make([]byte, 0, 64)
			const batch = 4096
			best := [2]time.Duration{time.Hour, time.Hour}
			off := 0
			for b.Loop() {
				off = (off + batch) % len(ids)
				start := time.Now()
				for _, id := range ids[off : off+batch] {
					dst = m.Append(dst[:0], id)
				}
				best[0] = min(best[0], time.Since(start))
				start = time.Now()
				for _, id := range ids[off : off+batch] {
					dst = p.Append(dst[:0], id)
				}
				best[1] = min(best[1], time.Since(start))
			}
			b.ReportMetric(float64(best[0].Nanoseconds())/batch, "memo-ns")
			b.ReportMetric(float64(best[1].Nanoseconds())/batch, "direct-ns")
		})
	}
}
