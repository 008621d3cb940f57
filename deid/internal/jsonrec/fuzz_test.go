package jsonrec

import (
	"fmt"
	"testing"
)

// FuzzNDJSONReader checks, on arbitrary input and chunk sizes, that the
// Chunker and Lines find exactly the non-blank lines of the input, and that
// the Parser accepts exactly the lines that encoding/json reads as an object
// (given valid UTF-8, no duplicate keys and the depth limit), decodes them
// to the same value, and re-emits them faithfully; a Parser that parses the
// lines one after the other gives what a new Parser gives for each.
func FuzzNDJSONReader(f *testing.F) {
	f.Add([]byte("{\"a\":1}\n{\"b\":[1,2]}\n"), uint16(0))
	f.Add([]byte("\xef\xbb\xbf{\"s\":\"\\ud83d\\ude00\\n\"}\r\n\r\n{}"), uint16(3))
	f.Add([]byte("{\"a\":{\"b\":{\"c\":null}},\"d\":-1.5e3}\n{\"a\":1,\"a\":2}\n"), uint16(7))
	f.Add([]byte("{\"r\":[{\"id\":\"u1\",\"v\":[1,[2,{\"e\":\"x@y\"}]]},null,[]],\"t\":[\"a\"]}\n{\"r\":[{\"id\":1,\"id\":2}]}\n"), uint16(5))
	f.Add([]byte("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n"), uint16(2))
	f.Fuzz(func(t *testing.T, input []byte, chunk uint16) {
		lines, err := chunkedLines(input, Options{ChunkSize: 1 + int(chunk%512)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := refLines(input); fmt.Sprint(lines) != fmt.Sprint(want) {
			t.Fatalf("lines %v, want %v", lines, want)
		}
		var p Parser // one for all lines, as a worker's
		for _, l := range lines {
			if err := checkLine([]byte(l.Text)); err != nil {
				t.Fatal(err)
			}
			if err := sameAsFresh(&p, []byte(l.Text)); err != nil {
				t.Fatal(err)
			}
		}
	})
}
