package jsonrec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// bom is a UTF-8 byte order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

type line struct {
	N    int
	Text string
}

// refLines splits input the simple way: the lines that are not blank, with
// their numbers.
func refLines(input []byte) []line {
	input = bytes.TrimPrefix(input, bom)
	var out []line
	for i, l := range strings.Split(string(input), "\n") {
		l = strings.TrimSuffix(l, "\r")
		if strings.Trim(l, " \t\r") != "" {
			out = append(out, line{i + 1, l})
		}
	}
	return out
}

// chunkedLines reads input with a Chunker and Lines, checking chunk
// offsets, line numbers and that chunks tile the input.
func chunkedLines(input []byte, opts Options, wrap func(io.Reader) io.Reader) ([]line, error) {
	var r io.Reader = bytes.NewReader(input)
	if wrap != nil {
		r = wrap(r)
	}
	c, err := NewChunker(r, opts)
	if err != nil {
		return nil, err
	}
	var out []line
	var seen, buf []byte
	var ls Lines
	start := len(input) - len(bytes.TrimPrefix(input, bom))
	for seq := 0; ; seq++ {
		ch, err := c.Next(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if ch.Seq != seq || ch.Offset != int64(start+len(seen)) || ch.Line != 1+bytes.Count(input[:ch.Offset], []byte{'\n'}) || len(ch.Data) == 0 {
			return nil, fmt.Errorf("chunk %d: seq %d offset %d line %d len %d", seq, ch.Seq, ch.Offset, ch.Line, len(ch.Data))
		}
		if seen = append(seen, ch.Data...); !bytes.Equal(seen, input[start:start+len(seen)]) {
			return nil, fmt.Errorf("chunk %d does not continue the input", seq)
		}
		ls.Reset(ch)
		for ls.Next() {
			raw := ls.Raw()
			if !bytes.HasPrefix(raw, ls.Bytes()) {
				return nil, fmt.Errorf("Raw %q does not start with Bytes %q", raw, ls.Bytes())
			}
			out = append(out, line{ls.Line(), string(ls.Bytes())})
		}
		buf = ch.Data
	}
	if len(seen) != len(input)-start || c.Consumed() != int64(len(input)) {
		return nil, fmt.Errorf("chunks cover %d bytes, consumed %d, input %d", len(seen), c.Consumed(), len(input))
	}
	return out, nil
}

func TestLines(t *testing.T) {
	huge := `{"s":"` + strings.Repeat("x", 2<<20) + `"}`
	tests := []string{
		"",
		"\n\n",
		`{"a":1}`,
		"{\"a\":1}\n{\"b\":2}\n",
		"{\"a\":1}\r\n\r\n  \t\r\n{\"b\":2}\r\n{\"c\":3}",
		"\xef\xbb\xbf{\"a\":1}\n",
		"\xef\xbb\xbf",
		"{}\n" + huge + "\n{}\n" + huge,
		"not json at all\n{\n",
	}
	for i, input := range tests {
		for _, size := range []int{1, 5, 100, 0} {
			for name, wrap := range map[string]func(io.Reader) io.Reader{"whole": nil, "onebyte": iotest.OneByteReader, "half": iotest.HalfReader} {
				if len(input) > 1<<20 && name == "onebyte" {
					continue
				}
				got, err := chunkedLines([]byte(input), Options{ChunkSize: size}, wrap)
				if err != nil {
					t.Fatalf("case %d, size %d, %s: %v", i, size, name, err)
				}
				if want := refLines([]byte(input)); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("case %d, size %d, %s: lines differ", i, size, name)
				}
			}
		}
	}
}

func TestPropertyLines(t *testing.T) {
	p := testenv.Properties(500)
	p.Property("chunked lines are the lines of the input", prop.ForAll(func(parts []string, size int, bomFirst bool) string {
		input := strings.Join(parts, "")
		if bomFirst {
			input = "\xef\xbb\xbf" + input
		}
		got, err := chunkedLines([]byte(input), Options{ChunkSize: size}, iotest.HalfReader)
		if err != nil {
			return err.Error()
		}
		if want := refLines([]byte(input)); fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Sprintf("got %v, want %v", got, want)
		}
		return ""
	}, gen.SliceOf(gen.OneConstOf("{", "}", "\n", "\r\n", "\r", " ", "\t", `"a"`, "é")), gen.IntRange(1, 64), gen.Bool()))
	p.TestingRun(t)
}

func TestLineTooLong(t *testing.T) {
	input := "{}\n\n" + strings.Repeat("x", 5000) + "\n{}\n"
	c, _ := NewChunker(strings.NewReader(input), Options{ChunkSize: 64, MaxLineSize: 1000})
	err := testenv.StickyError(t, c.Next)
	var le *LineError
	if !errors.Is(err, ErrLineTooLong) || !errors.As(err, &le) || le.Line != 3 {
		t.Fatalf("error = %v, want ErrLineTooLong near line 3", err)
	}
}

func TestLineTooLongInsideAChunk(t *testing.T) {
	input := strings.Repeat("{}\n", 20) + "{\"a\":\"" + strings.Repeat("y", 150) + "\"}\n{}\n"
	c, _ := NewChunker(strings.NewReader(input), Options{MaxLineSize: 100})
	err := testenv.StickyError(t, c.Next)
	var le *LineError
	if !errors.As(err, &le) || !errors.Is(err, ErrLineTooLong) || le.Line != 21 {
		t.Fatalf("error = %v, want ErrLineTooLong on line 21", err)
	}
}

func TestChunkerReadError(t *testing.T) {
	boom := errors.New("network down")
	c, _ := NewChunker(io.MultiReader(strings.NewReader("{}\n"), iotest.ErrReader(boom)), Options{})
	if _, err := c.Next(nil); !errors.Is(err, boom) {
		t.Errorf("Next() = %v, want %v", err, boom)
	}
	if _, err := NewChunker(strings.NewReader(""), Options{ChunkSize: -1}); err == nil {
		t.Error("negative chunk size accepted")
	}
}
