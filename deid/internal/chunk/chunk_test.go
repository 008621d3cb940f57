package chunk

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// Cut numbers chunks by line and offset, after a skipped byte order mark
// and consumed bytes, and carries the rest over to the next Begin.
func TestStreamCut(t *testing.T) {
	s := NewStream(iotest.OneByteReader(strings.NewReader("\xef\xbb\xbfh\na\nb\nc")), "test", nil)
	buf, err := s.Fill(s.Begin(nil, 4), 5)
	if err != nil {
		t.Fatal(err)
	}
	buf = s.SkipBOM(buf)
	s.Consume(buf[:2]) // "h\n"
	s.Carry(buf[2:])
	buf, err = s.Fill(s.Begin(nil, 4), 4)
	if err != nil || string(buf) != "a\nb\n" {
		t.Fatalf("buf %q, err %v", buf, err)
	}
	c := s.Cut(buf, 2)
	if string(c.Data) != "a\n" || c.Line != 2 || c.Offset != 5 || c.Seq != 0 {
		t.Fatalf("first chunk %+v", c)
	}
	buf, err = s.Fill(s.Begin(nil, 4), 8)
	if err != nil || string(buf) != "b\nc" || !s.EOF() {
		t.Fatalf("buf %q, err %v, eof %t, done %t", buf, err, s.EOF(), s.Done())
	}
	c = s.Cut(buf, len(buf))
	if string(c.Data) != "b\nc" || c.Line != 3 || c.Offset != 7 || c.Seq != 1 || !s.Done() || s.Offset() != 10 || s.Line() != 4 {
		t.Fatalf("last chunk %+v, offset %d, line %d", c, s.Offset(), s.Line())
	}
}

type stuck struct{}

func (stuck) Read([]byte) (int, error) { return 0, nil }

// A reader that makes no progress, or fails, stops Fill with an error the
// caller can test for.
func TestStreamErrors(t *testing.T) {
	if _, err := NewStream(stuck{}, "test", nil).Fill(nil, 10); !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("stuck reader: %v", err)
	}
	boom := errors.New("boom")
	_, err := NewStream(iotest.ErrReader(boom), "test", nil).Fill(nil, 10)
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "test: read:") {
		t.Fatalf("failing reader: %v", err)
	}
}

// The tee gets what is read before the first cut at once, and the rest
// through the chunks' Read: in order, the whole input.
func TestStreamTee(t *testing.T) {
	const in = "\xef\xbb\xbfhead\na\nbb\nccc\ndddd\ne"
	var tee strings.Builder
	s := NewStream(iotest.HalfReader(strings.NewReader(in)), "test", &tee)
	buf, err := s.Fill(nil, 8)
	if err != nil {
		t.Fatal(err)
	}
	buf = s.SkipBOM(buf)
	s.Consume(buf[:5]) // "head\n"
	s.Carry(buf[5:])
	if tee.String() != in[:len(tee.String())] || tee.Len() < 8 {
		t.Fatalf("tee %q before the first chunk", tee.String())
	}
	var owed []string
	var data []string
	for !s.Done() {
		buf, err := s.Fill(s.Begin(nil, 4), 4)
		if err != nil {
			t.Fatal(err)
		}
		end := len(buf)
		if i := strings.LastIndexByte(string(buf), '\n'); i >= 0 && !s.EOF() {
			end = i + 1
		}
		c := s.Cut(buf, end)
		data = append(data, string(c.Data))
		owed = append(owed, string(c.Read))
	}
	if got := strings.Join(data, ""); got != in[len("\xef\xbb\xbfhead\n"):] {
		t.Fatalf("chunks %q", data)
	}
	if owed[0] != "" {
		t.Fatalf("the first chunk owes %q, which the tee had", owed[0])
	}
	if got := tee.String() + strings.Join(owed, ""); got != in {
		t.Fatalf("tee and chunks' Read: %q, want %q", got, in)
	}
}
