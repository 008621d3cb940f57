package scrub

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzScrub checks, for any input, that scrubbing does not panic, keeps
// valid UTF-8 valid, is idempotent with tags, and that Matches, AppendCount
// and Append agree.
func FuzzScrub(f *testing.F) {
	f.Add([]byte("jane@example.com called from 415-555-2671 on 2024-03-05"))
	s, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var counts Counts
		out := s.AppendCount(nil, in, &counts)
		if utf8.Valid(in) && !utf8.Valid(out) {
			t.Fatalf("valid UTF-8 %q scrubbed to invalid %q", in, out)
		}
		if again := s.Append(nil, out); !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n in     %q\n once   %q\n twice  %q", in, out, again)
		}

		// Rebuild the output from the matches.
		var rebuilt []byte
		last, n := 0, 0
		for m := range s.Matches(in) {
			if m.Start < last || m.End <= m.Start || m.End > len(in) || !m.Kind.valid() {
				t.Fatalf("bad match %+v after %d in %q", m, last, in)
			}
			if utf8.Valid(in) && (!utf8.Valid(in[:m.Start]) || !utf8.Valid(in[m.Start:m.End])) {
				t.Fatalf("match %+v splits a rune in %q", m, in)
			}
			rebuilt = append(rebuilt, in[last:m.Start]...)
			rebuilt = append(rebuilt, m.Kind.Tag()...)
			last = m.End
			n++
		}
		rebuilt = append(rebuilt, in[last:]...)
		if !bytes.Equal(rebuilt, out) {
			t.Fatalf("Matches and Append disagree on %q:\n %q\n %q", in, rebuilt, out)
		}
		if counts.Total() != n {
			t.Fatalf("counted %d, matched %d in %q", counts.Total(), n, in)
		}
	})
}
