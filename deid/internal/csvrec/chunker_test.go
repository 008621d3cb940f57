package csvrec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/deidkit/deidkit/internal/testenv"
)

// bom is a UTF-8 byte order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

func TestHeader(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		comma   byte
		want    []string
		wantErr error
	}{
		{"plain", "a,b,c\n1,2,3\n", 0, []string{"a", "b", "c"}, nil},
		{"bom", "\ufeffuser_id,email\r\n", 0, []string{"user_id", "email"}, nil},
		{"blank lines first", "\n\r\n\nx;y\n", ';', []string{"x", "y"}, nil},
		{"quoted names", "\"a,1\",\"b\"\"\"\n", 0, []string{"a,1", `b"`}, nil},
		{"no newline", "only", 0, []string{"only"}, nil},
		{"empty input", "", 0, nil, ErrHeader},
		{"bom only", "\ufeff", 0, nil, ErrHeader},
		{"blank lines only", "\n\r\n", 0, nil, ErrHeader},
		{"duplicate", "a,b,a\n", 0, nil, ErrHeader},
		{"empty name", "a,,b\n", 0, nil, ErrHeader},
		{"single empty quoted name", "\"\"\n1\n", 0, nil, ErrHeader},
		{"malformed", "a,b\"c\n", 0, nil, ErrBareQuote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewChunker(iotest.OneByteReader(strings.NewReader(tt.input)), Options{Comma: tt.comma})
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Header()
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Header() error = %v, want %v", err, tt.wantErr)
				}
				if _, err2 := c.Next(nil); !errors.Is(err2, tt.wantErr) {
					t.Errorf("Next after a bad header = %v, want %v", err2, tt.wantErr)
				}
				if _, err2 := c.NewParser(); !errors.Is(err2, tt.wantErr) {
					t.Errorf("NewParser after a bad header = %v, want %v", err2, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Header() = %q, want %q", got, tt.want)
			}
			got[0] = "changed"
			if again, _ := c.Header(); again[0] != tt.want[0] {
				t.Error("Header() returned the chunker's own slice")
			}
		})
	}
}

func TestHeaderErrorNamesNoContent(t *testing.T) {
	c, _ := NewChunker(strings.NewReader("alice@example.com,alice@example.com\n"), Options{})
	_, err := c.Header()
	if err == nil || strings.Contains(err.Error(), "alice") {
		t.Errorf("Header() error = %v, want one without the names", err)
	}
}

func TestChunkSizes(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,note\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "%d,\"line %d\nsecond, \"\"quoted\"\"\"\n", i, i)
	}
	input := []byte(b.String())
	for _, size := range []int{100, 1000, 64 << 10} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			c, _ := NewChunker(bytes.NewReader(input), Options{ChunkSize: size})
			p, err := c.NewParser()
			if err != nil {
				t.Fatal(err)
			}
			records, chunks := 0, 0
			eachChunk(t, c, func(ch Chunk) {
				if len(ch.Data) > size {
					t.Fatalf("chunk of %d bytes, target %d, with records far shorter", len(ch.Data), size)
				}
				if len(ch.Data) < size/2 && c.Consumed() < int64(len(input)) {
					t.Fatalf("chunk of %d bytes, far below the target %d", len(ch.Data), size)
				}
				p.Reset(ch)
				for p.Next() {
					if p.Err() != nil {
						t.Fatal(p.Err())
					}
					if got, want := string(p.Fields()[0]), fmt.Sprint(records); got != want {
						t.Fatalf("record %d has id %s", records, got)
					}
					records++
				}
				chunks++
			})
			if records != 5000 {
				t.Errorf("read %d records, want 5000", records)
			}
			if min := len(input) / size; chunks < min {
				t.Errorf("%d chunks, want at least %d", chunks, min)
			}
		})
	}
}

func TestFieldsOverOneMegabyte(t *testing.T) {
	huge := strings.Repeat("payload, \"quoted\"\n", 100_000) // 1.8 MB
	var b bytes.Buffer
	b.WriteString("id,blob,tail\n1,small,x\n")
	fmt.Fprintf(&b, "2,\"%s\",x\n", strings.ReplaceAll(huge, `"`, `""`))
	b.WriteString("3,small,x\n")
	fmt.Fprintf(&b, "4,%s,x", strings.Repeat("u", 3<<20))
	c, _ := NewChunker(&b, Options{ChunkSize: 64 << 10})
	p, _ := c.NewParser()
	var got [][]byte
	var lines []int
	eachChunk(t, c, func(ch Chunk) {
		p.Reset(ch)
		for p.Next() {
			if p.Err() != nil {
				t.Fatal(p.Err())
			}
			got = append(got, bytes.Clone(p.Fields()[1]))
			lines = append(lines, p.Line())
		}
	})
	if len(got) != 4 || string(got[1]) != huge || len(got[3]) != 3<<20 {
		t.Fatalf("got %d records, want the 4 with intact big fields", len(got))
	}
	if want := []int{2, 3, 100_004, 100_005}; fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("record lines %v, want %v", lines, want)
	}
}

func TestRecordTooLong(t *testing.T) {
	input := "a,b\n1,2\n\n3,\"" + strings.Repeat("x\n", 3000) + "\"\n"
	c, _ := NewChunker(strings.NewReader(input), Options{ChunkSize: 16, MaxRecordSize: 4096})
	if _, err := c.Header(); err != nil {
		t.Fatal(err)
	}
	err := testenv.StickyError(t, c.Next)
	var pe *ParseError
	if !errors.Is(err, ErrRecordTooLong) || !errors.As(err, &pe) || pe.StartLine != 4 {
		t.Fatalf("error = %v, want ErrRecordTooLong on line 4", err)
	}
}

func TestRecordTooLongInsideAChunk(t *testing.T) {
	input := "a\n" + strings.Repeat("x\n", 20) + strings.Repeat("y", 150) + "\nz\n"
	c, _ := NewChunker(strings.NewReader(input), Options{MaxRecordSize: 100})
	err := testenv.StickyError(t, c.Next)
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrRecordTooLong) || pe.Line != 22 {
		t.Fatalf("error = %v, want ErrRecordTooLong on line 22", err)
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("a,b\n1,2\n"), iotest.ErrReader(boom))
	c, _ := NewChunker(r, Options{})
	_, err := c.Next(nil)
	if !errors.Is(err, boom) {
		t.Fatalf("Next() error = %v, want %v", err, boom)
	}
}

func TestChunkerZeroAllocsWithRecycledBuffers(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("a,b,c\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "%d,\"q, %d\",z\n", i, i)
	}
	data := b.Bytes()
	r := bytes.NewReader(data)
	c, _ := NewChunker(r, Options{ChunkSize: 4096})
	if _, err := c.Header(); err != nil {
		t.Fatal(err)
	}
	var buf []byte
	next := func() {
		ch, err := c.Next(buf)
		if err != nil {
			t.Fatal(err)
		}
		buf = ch.Data
	}
	next()
	next()
	if allocs := testing.AllocsPerRun(50, next); allocs != 0 {
		t.Errorf("Next with a recycled buffer allocates %.1f times, want 0", allocs)
	}
}

// eachChunk calls f with each chunk c cuts, handing the previous chunk's
// buffer back to Next as a worker would, and fails tb on a read error.
func eachChunk(tb testing.TB, c *Chunker, f func(Chunk)) {
	tb.Helper()
	var buf []byte
	for {
		ch, err := c.Next(buf)
		if err == io.EOF {
			return
		}
		if err != nil {
			tb.Fatal(err)
		}
		f(ch)
		buf = ch.Data
	}
}
