package csvrec

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// fieldGen produces fields rich in the bytes that matter to CSV.
func fieldGen() gopter.Gen {
	return gen.SliceOf(gen.OneConstOf(
		"a", "b", "Z", "7", ",", ";", "\t", `"`, `""`, "\n", "\r", "\r\n", " ", "é", "😀", "\u00a0", `\.`, "x y",
	)).Map(func(parts []string) string { return strings.Join(parts, "") })
}

// table is a generated CSV file: records of a fixed width written by
// encoding/csv, and how to cut and feed them.
type table struct {
	Records   [][]string
	Comma     byte
	CRLF      bool
	BOM       bool
	Blank     int // insert a blank line before every Blank-th record (0: none)
	ChunkSize int
	Reader    int // 0 whole, 1 one byte at a time, 2 half reads
}

func (tb table) String() string {
	return fmt.Sprintf("%+v", tb.Records) + fmt.Sprintf(" comma=%q crlf=%v bom=%v blank=%d chunk=%d reader=%d", tb.Comma, tb.CRLF, tb.BOM, tb.Blank, tb.ChunkSize, tb.Reader)
}

func (tb table) bytes() []byte {
	var b bytes.Buffer
	if tb.BOM {
		b.Write(bom)
	}
	w := csv.NewWriter(&b)
	w.Comma = rune(tb.Comma)
	w.UseCRLF = tb.CRLF
	for i, rec := range tb.Records {
		if tb.Blank > 0 && i%tb.Blank == 0 {
			w.Flush()
			b.WriteString("\n")
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

func (tb table) wrap() func(io.Reader) io.Reader {
	switch tb.Reader {
	case 1:
		return iotest.OneByteReader
	case 2:
		return iotest.HalfReader
	}
	return nil
}

func tableGen() gopter.Gen {
	return gen.IntRange(1, 5).FlatMap(func(v any) gopter.Gen {
		width := v.(int)
		return gopter.CombineGens(
			gen.SliceOf(gen.SliceOfN(width, fieldGen())),
			gen.OneConstOf(byte(','), byte(';'), byte('\t'), byte('|')),
			gen.Bool(), gen.Bool(), gen.IntRange(0, 4),
			gen.OneGenOf(gen.IntRange(1, 64), gen.IntRange(64, 4096)),
			gen.IntRange(0, 2),
		).Map(func(v []any) table {
			header := make([]string, width)
			for i := range header {
				header[i] = fmt.Sprintf("col%d", i)
			}
			return table{
				Records:   append([][]string{header}, v[0].([][]string)...),
				Comma:     v[1].(byte),
				CRLF:      v[2].(bool),
				BOM:       v[3].(bool),
				Blank:     v[4].(int),
				ChunkSize: v[5].(int),
				Reader:    v[6].(int),
			}
		})
	}, nil)
}

// TestPropertyChunkedEqualsEncodingCSV: for random well-formed files cut
// into random chunk sizes and read in random read sizes, the records
// parsed chunk by chunk, concatenated, are exactly the records
// encoding/csv reads, and the records that were written (but for a
// one-field record holding the empty string, which encoding/csv writes as
// a blank line, and for the carriage returns that CSV normalizes).
func TestPropertyChunkedEqualsEncodingCSV(t *testing.T) {
	p := testenv.Properties(300)
	p.Property("chunked records equal encoding/csv records", prop.ForAll(func(tb table) string {
		input := tb.bytes()
		if err := compareWithStd(input, Options{Comma: tb.Comma, ChunkSize: tb.ChunkSize}, tb.wrap()); err != nil {
			return err.Error()
		}
		_, items, err := chunkedRead(input, Options{Comma: tb.Comma, ChunkSize: tb.ChunkSize}, tb.wrap())
		if err != nil {
			return err.Error()
		}
		var want []item
		for _, rec := range tb.Records[1:] {
			if len(rec) == 1 && rec[0] == "" {
				continue
			}
			// What a CSV round trip does to carriage returns: CRLF
			// output drops lone '\r's, and reading turns "\r\n" into "\n".
			norm := make([]string, len(rec))
			for i, f := range rec {
				if tb.CRLF {
					norm[i] = strings.ReplaceAll(f, "\r", "")
				} else {
					norm[i] = strings.ReplaceAll(f, "\r\n", "\n")
				}
			}
			want = append(want, item{Fields: norm})
		}
		if fmt.Sprint(items) != fmt.Sprint(want) {
			return fmt.Sprintf("got %v, want %v", items, want)
		}
		return ""
	}, tableGen()))
	p.TestingRun(t)
}

// TestPropertyMalformedInput: on arbitrary input, well-formed or not, the
// chunked reader reports the same records and the same errors at the same
// positions as encoding/csv going on after each error, whatever the chunk
// size, and every byte lands in exactly one record or blank line.
func TestPropertyMalformedInput(t *testing.T) {
	p := testenv.Properties(1000)
	p.Property("chunked reading agrees with encoding/csv on any input", prop.ForAll(func(parts []string, header bool, size int) string {
		input := strings.Join(parts, "")
		if header {
			input = "h1,h2\n" + input
		}
		if err := compareWithStd([]byte(input), Options{ChunkSize: size}, nil); err != nil {
			return err.Error()
		}
		return ""
	},
		// Latin-1 "é" (0xE9) and half of UTF-8's "é": text that is not UTF-8.
		gen.SliceOf(gen.OneConstOf("a", "b", ",", `"`, `""`, "\n", "\r", "\r\n", " ", "é", "\xe9", "\xc3")),
		gen.Bool(),
		gen.IntRange(1, 40),
	))
	p.TestingRun(t)
}
