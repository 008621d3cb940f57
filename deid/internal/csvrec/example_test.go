package csvrec_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
)

func Example() {
	input := "\ufeffuser_id,note\r\n" +
		"u-1,\"said \"\"hi\"\"\r\ntwice\"\r\n" +
		"u-2,5'10\" tall\r\n" +
		"u-3,plain\r\n"
	c, err := csvrec.NewChunker(strings.NewReader(input), csvrec.Options{})
	if err != nil {
		panic(err)
	}
	header, err := c.Header()
	if err != nil {
		panic(err)
	}
	fmt.Println(header)
	p, err := c.NewParser()
	if err != nil {
		panic(err)
	}
	var out, buf []byte
	for {
		chunk, err := c.Next(buf) // on a worker goroutine in real use
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		p.Reset(chunk)
		for p.Next() {
			if err := p.Err(); err != nil {
				fmt.Printf("quarantined %q: %v\n", p.Raw(), err)
				continue
			}
			out = csvrec.AppendRecord(out, p.Fields(), ',')
		}
		buf = chunk.Data // recycle
	}
	fmt.Print(string(out))
	// Output:
	// [user_id note]
	// quarantined "u-2,5'10\" tall\r\n": parse error on line 4, column 9, field 2: csvrec: bare " in non-quoted field
	// u-1,"said ""hi""
	// twice"
	// u-3,plain
}
