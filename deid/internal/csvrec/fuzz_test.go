package csvrec

import (
	"bytes"
	"testing"
	"testing/iotest"
)

// FuzzCSVReader checks the chunked reader against encoding/csv on arbitrary
// input, delimiters and chunk sizes: same header, same records, same errors
// at the same lines and columns, every byte accounted for, and the writer
// producing the bytes csv.Writer produces for every record read.
func FuzzCSVReader(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), byte(','), uint16(0))
	f.Add([]byte("\xef\xbb\xbfa;b\r\n\"x;\"\"y\"\"\";2\r\n"), byte(';'), uint16(3))
	f.Add([]byte("a,b\n1,x\"y\n2,\"a\nb\"\n3,4"), byte(','), uint16(5))
	f.Add([]byte("a\tb\n\n\"\n\"\t\"\r\"\r"), byte('\t'), uint16(0x8001))
	f.Add([]byte("a,b\n1,M\xfcller\n2,\"x\n\xe9\"\n3,4\n"), byte(','), uint16(4))
	f.Fuzz(func(t *testing.T, input []byte, delim byte, chunk uint16) {
		if !validDelim(delim) {
			delim = ','
		}
		opts := Options{Comma: delim, ChunkSize: 1 + int(chunk&0x1ff)}
		var wrap = iotest.OneByteReader
		if chunk&0x8000 == 0 {
			wrap = nil
		}
		if err := compareWithStd(input, opts, wrap); err != nil {
			t.Fatal(err)
		}
		_, items, err := chunkedRead(input, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Kind != "" {
				continue
			}
			if got, want := appendStrings(it.Fields, delim), stdWrite(it.Fields, delim); !bytes.Equal(got, want) {
				t.Fatalf("AppendRecord(%q) = %q, csv.Writer wrote %q", it.Fields, got, want)
			}
		}
	})
}
