package csvrec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// readers feed the input in different read sizes.
var readers = map[string]func(io.Reader) io.Reader{
	"whole":   nil,
	"onebyte": iotest.OneByteReader,
	"half":    iotest.HalfReader,
}

func TestAgreesWithEncodingCSV(t *testing.T) {
	big := strings.Repeat("x", 1<<20+17)
	tests := []struct {
		name  string
		input string
		comma byte
	}{
		{"simple", "a,b,c\n1,2,3\n4,5,6\n", 0},
		{"no final newline", "a,b\n1,2\n3,4", 0},
		{"crlf", "a,b\r\n1,2\r\n3,4\r\n", 0},
		{"crlf no final newline", "a,b\r\n1,2\r\n3,4", 0},
		{"trailing cr at eof", "a,b\n1,2\r", 0},
		{"bom", "\ufeffa,b\n1,2\n", 0},
		{"bom only header", "\ufeffa", 0},
		{"blank lines", "\n\r\na,b\n\n1,2\r\n\r\n\n3,4\n\n", 0},
		{"empty fields", "a,b,c\n,,\n\"\",,\"\"\n", 0},
		{"single column with empty record line", "a\n\n\"\"\nx\n", 0},
		{"quoted", "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", 0},
		{"quote at start of line only", "a,b\n\"\"\"\",z\n", 0},
		{"embedded newline", "a,b\n\"line1\nline2\",2\n3,\"x\r\ny\"\n", 0},
		{"embedded crlf blank line", "a,b\n\"x\r\n\r\ny\",2\n", 0},
		{"embedded lone cr", "a,b\n\"x\ry\",2\nu\rv,3\n", 0},
		{"unicode", "名前,ville\nJosé,Zürich\n\"😀, ok\",日本\n", 0},
		{"semicolon", "a;b\n1;\"2;3\"\n4,5;6\n", ';'},
		{"tab", "a\tb\n1\t\"2\t3\"\n", '\t'},
		{"leading spaces kept", "a,b\n x , y \n", 0},
		{"huge field", "a,b\n\"" + big + "\n" + big + "\",2\n3," + big + "\n", 0},
		{"bare quote", "a,b\n1,x\"y\n2,3\n", 0},
		{"bare quote in first field", "a,b\nx\"y,1\n2,3\n", 0},
		{"extraneous quote", "a,b\n\"x\"y,1\n2,3\n", 0},
		{"quote then cr", "a,b\n\"x\"\r,1\n2,3\n", 0},
		{"quote then cr cr lf", "a,b\n1,\"x\"\r\r\n2,3\n", 0},
		{"quoted then cr at eof", "a,b\n1,\"x\"\r", 0},
		{"unterminated at eof", "a,b\n1,\"x\n2,3\n", 0},
		{"unterminated no newline", "a,b\n1,\"x", 0},
		{"unterminated lone cr", "a,b\n1,\"x\n\r", 0},
		{"open quote at eof", "a,b\n1,\"", 0},
		{"error on second line of record", "a,b\n\"x\ny\"z,1\n2,3\n", 0},
		{"bare quote after quoted field", "a,b\n\"x\ny\",1\"\n2,3\n", 0},
		{"field count", "a,b\n1\n1,2,3\n4,5\n", 0},
		{"quote in skipped rest of line", "a,b\nx\"y,\"z\nw\n1,2\n", 0},
		{"bare quote then multi-line field", "a,b\n1,x\"y\n2,\"a\nb\"\n3,4\n", 0},
		{"bad close then multi-line field", "a,b\n1,\"x\"y\n2,\"a\nb\"\n3,4\n", 0},
		{"header bare quote", "a\"b,c\n1,2\n", 0},
		{"header unterminated", "\"a,b\n1,2\n", 0},
		{"only blank lines", "\n\r\n\n", 0},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		for rname, wrap := range readers {
			if rname == "onebyte" && len(tt.input) > 1<<20 {
				continue // slow, and covered by the smaller cases
			}
			for _, size := range []int{1, 7, 64, 4096, 0} {
				t.Run(fmt.Sprintf("%s/%s/%d", tt.name, rname, size), func(t *testing.T) {
					if err := compareWithStd([]byte(tt.input), Options{Comma: tt.comma, ChunkSize: size}, wrap); err != nil {
						t.Fatal(err)
					}
				})
			}
		}
	}
}

func TestErrorPositions(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string // one entry per record: fields joined by | or error
	}{
		{
			name:  "bare quote",
			input: "a,b\n1,2\n3,x\"y\n5,6\n",
			want:  []string{"1|2", "bare@3:3:4 field 2", "5|6"},
		},
		{
			name:  "extraneous quote after multi-line field",
			input: "a,b\n\"x\ny\"z,1\n5,6\n",
			want:  []string{"quote@2:3:2 field 1", "5|6"},
		},
		{
			name:  "field count",
			input: "a,b\n\n\n1,2,3\n5,6\n",
			want:  []string{"count@4:4:1 field 0", "5|6"},
		},
		{
			name:  "unterminated",
			input: "a,b\n1,2\n3,\"x\ny\n",
			want:  []string{"1|2", "quote@3:4:3 field 2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewChunker(strings.NewReader(tt.input), Options{})
			if err != nil {
				t.Fatal(err)
			}
			p, err := c.NewParser()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			eachChunk(t, c, func(ch Chunk) {
				p.Reset(ch)
				for p.Next() {
					if err := p.Err(); err != nil {
						var pe *ParseError
						if !errors.As(err, &pe) {
							t.Fatalf("%v is not a *ParseError", err)
						}
						got = append(got, fmt.Sprintf("%s@%d:%d:%d field %d", kindOf(err), pe.StartLine, pe.Line, pe.Column, pe.Field))
						continue
					}
					got = append(got, string(bytes.Join(p.Fields(), []byte("|"))))
				}
			})
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorMessagesHoldNoContent(t *testing.T) {
	const secret = "alice@example.com"
	inputs := []string{
		"a,b\n" + secret + "\"x,1\n",
		"a,b\n\"" + secret + "\"x,1\n",
		"a,b\n" + secret + "\n",
		"a,b\n1,\"" + secret,
	}
	for _, in := range inputs {
		c, _ := NewChunker(strings.NewReader(in), Options{})
		p, err := c.NewParser()
		if err != nil {
			t.Fatal(err)
		}
		ch, err := c.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		p.Reset(ch)
		if !p.Next() || p.Err() == nil {
			t.Fatalf("%q: want a bad record", in)
		}
		if msg := p.Err().Error(); strings.Contains(msg, "alice") || strings.Contains(msg, "example") {
			t.Errorf("error message %q contains field content", msg)
		}
		if !bytes.Contains(p.Raw(), []byte(secret)) {
			t.Errorf("Raw() = %q, want the bad record", p.Raw())
		}
	}
}

func TestResyncAfterBadRecord(t *testing.T) {
	input := "id,note\n1,ok\n2,5'10\" tall\n3,\"fine, quoted\"\n4,\"bad\"x\n5,last\n"
	c, _ := NewChunker(strings.NewReader(input), Options{})
	p, _ := c.NewParser()
	ch, err := c.Next(nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Reset(ch)
	var good []string
	var quarantined []string
	for p.Next() {
		if p.Err() != nil {
			quarantined = append(quarantined, string(p.Raw()))
			continue
		}
		good = append(good, string(p.Fields()[0]))
	}
	if want := []string{"1", "3", "5"}; fmt.Sprint(good) != fmt.Sprint(want) {
		t.Errorf("good records %q, want %q", good, want)
	}
	if want := []string{"2,5'10\" tall\n", "4,\"bad\"x\n"}; fmt.Sprint(quarantined) != fmt.Sprint(want) {
		t.Errorf("quarantined %q, want %q", quarantined, want)
	}
}

func TestFieldsDoNotAlias(t *testing.T) {
	p, _ := NewParser(',', 3)
	p.Reset(Chunk{Data: []byte("a,\"b\"\"c\",d\n"), Line: 1})
	if !p.Next() || p.Err() != nil {
		t.Fatal(p.Err())
	}
	f := p.Fields()
	_ = append(f[0], 'X')
	_ = append(f[1], 'Y')
	if got := string(bytes.Join(f, []byte("|"))); got != `a|b"c|d` {
		t.Errorf("fields after appends = %q", got)
	}
}

func TestParserZeroAllocs(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		fmt.Fprintf(&b, "u-%d,\"Smith, J\",\"say \"\"hi\"\"\",72.%d,\"multi\nline\"\r\n", i, i%10)
	}
	data := []byte(b.String())
	p, _ := NewParser(',', 5)
	run := func() {
		p.Reset(Chunk{Data: data, Line: 1})
		for p.Next() {
			if p.Err() != nil {
				t.Fatal(p.Err())
			}
		}
	}
	run() // warm up the reusable buffers
	if allocs := testing.AllocsPerRun(20, run); allocs != 0 {
		t.Errorf("parsing a chunk allocates %.1f times, want 0", allocs)
	}
}

func TestNewParserRejects(t *testing.T) {
	for _, c := range []byte{0, '"', '\r', '\n', 0xC3} {
		if _, err := NewParser(c, 1); !errors.Is(err, ErrDelimiter) {
			t.Errorf("NewParser(%q) error = %v, want ErrDelimiter", c, err)
		}
		if _, err := NewChunker(strings.NewReader(""), Options{Comma: c}); c != 0 && !errors.Is(err, ErrDelimiter) {
			t.Errorf("NewChunker(Comma %q) error = %v, want ErrDelimiter", c, err)
		}
	}
	if _, err := NewParser(',', -1); err == nil {
		t.Error("NewParser with a negative count succeeded")
	}
}

func TestPlainPrefix(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"a,b,c\n", 3},
		{"a,\"b\",c\n", 1},
		{"\"a\",b,c\n", 0},
		{"a,b,\"c\"\n", 2},
		{"a,b,\"c\nd\"\n", 2},
		{"a,b,c\"d\n", 0}, // malformed: bare quote
	}
	for _, tc := range tests {
		p, err := NewParser(',', 0)
		if err != nil {
			t.Fatal(err)
		}
		p.Reset(Chunk{Data: []byte(tc.in), Line: 1})
		if !p.Next() {
			t.Fatalf("%q: no record", tc.in)
		}
		if got := p.PlainPrefix(); got != tc.want {
			t.Errorf("%q: PlainPrefix %d, want %d", tc.in, got, tc.want)
		}
		if n := p.PlainPrefix(); n > 0 {
			prefix := bytes.Join(p.Fields()[:n], []byte{','})
			if !bytes.HasPrefix(p.Raw(), prefix) {
				t.Errorf("%q: the plain fields are not Raw's first bytes", tc.in)
			}
		}
	}
}
