package scrub

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// FuzzScrub checks any input with checkScrub.
func FuzzScrub(f *testing.F) {
	f.Add([]byte("jane@example.com called from 415-555-2671 on 2024-03-05"))
	f.Add([]byte("Dr. Jane van der Berg saw John Smith, who lives at 12 Main St, Apt 4B, Springfield, IL 62701."))
	f.Add([]byte("SSN: 123456789; call Mr O'Brien; PO Box 12; 用户@例子.中国; josé@exämple.de"))
	f.Add([]byte("j o h n @ e x a m p l e . c o m, 555 . 234 . 4567, x(at)y(dot)org, jane at example dot com, 1 2 3 - 4 5 - 6 7 8 9, a[.]b[@]c[.]de"))
	f.Add([]byte("zq\uff20example\u3002org \u202e\uff11\uff12\uff13\u2010\u0664\u0665-67\u200b89\u202c Mu\u0308ller \ufb01le 212\u2014555\u22120199"))
	s, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkScrub(t, s, in, nil)
	})
}

// FuzzScrubKnown checks the same with a record's known value of any kind,
// and that a text that is only that value (compared as text, not as
// digits) is changed.
func FuzzScrubKnown(f *testing.F) {
	f.Add([]byte("JOHN  smith called (415) 555 2671"), []byte("John Smith"), uint8(Name))
	f.Add([]byte("call +1 415.555.2671 now"), []byte("(415) 555-2671"), uint8(Phone))
	f.Add([]byte("lives at 12 main street, springfield"), []byte("12 Main Street, Springfield, IL 62701"), uint8(Address))
	f.Add([]byte("id u-48213."), []byte("U-48213"), uint8(ID))
	f.Add([]byte("seen by \uff2du\u0308l\u00adler, \u0664\u0661\u0665\u2010555\u20102671"), []byte("M\u00fcller"), uint8(Name))
	s, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in, value []byte, kind uint8) {
		var k Known
		k.Add(Kind(kind%uint8(kindCount)), value)
		checkScrub(t, s, in, &k)
		// What Find finds in a text, scrubbing takes out of it.
		if _, ok := k.Find(in); ok && bytes.Equal(s.AppendKnown(nil, in, &k, nil), in) {
			t.Fatalf("Find finds a value in %q that scrubbing leaves", in)
		}
		if k.Len() > 0 && k.vals[0].match == knownText && utf8.Valid(value) {
			if out := s.AppendKnown(nil, value, &k, nil); bytes.Equal(out, value) {
				t.Fatalf("known value %q (%v) not replaced in itself", value, Kind(kind%uint8(kindCount)))
			}
		}
	})
}

// checkScrub checks, for the input in, that scrubbing with known does not
// panic, keeps valid UTF-8 valid, is idempotent with tags, and that
// MatchesKnown, AppendKnown with counts and without agree.
func checkScrub(t *testing.T, s *Scrubber, in []byte, known *Known) {
	t.Helper()
	var counts Counts
	out := s.AppendKnown(nil, in, known, &counts)
	if utf8.Valid(in) && !utf8.Valid(out) {
		t.Fatalf("valid UTF-8 %q scrubbed to invalid %q", in, out)
	}
	if again := s.AppendKnown(nil, out, known, nil); !bytes.Equal(again, out) {
		t.Fatalf("not idempotent:\n in     %q\n once   %q\n twice  %q", in, out, again)
	}
	{
		// Rebuild the output from the matches.
		var rebuilt []byte
		last, n := 0, 0
		for m := range s.MatchesKnown(in, known) {
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
	}
}
