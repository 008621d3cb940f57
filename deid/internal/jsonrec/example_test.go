package jsonrec_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/deidkit/deidkit/deid/internal/jsonrec"
)

func Example() {
	input := `{"user_id":"u-1","email":"ann@example.com","device":{"model":"S1","ip":"10.0.0.1"},"weight_kg":72.40}` + "\n" +
		`{"user_id":"u-2","user_id":"u-3"}` + "\n"
	c, err := jsonrec.NewChunker(strings.NewReader(input), jsonrec.Options{})
	if err != nil {
		panic(err)
	}
	var (
		lines  jsonrec.Lines
		p      jsonrec.Parser
		path   jsonrec.Path
		w      jsonrec.Writer
		events []jsonrec.Event
	)
	for {
		chunk, err := c.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		lines.Reset(chunk)
		for lines.Next() {
			events, err = p.Parse(lines.Bytes(), events[:0])
			if err != nil {
				fmt.Printf("line %d: %v\n", lines.Line(), err)
				continue
			}
			w.Reset(nil)
			for _, e := range events {
				switch pth := string(path.Visit(&e)); {
				case e.Opens():
					w.Begin(e)
				case e.Closes():
					w.End()
				case pth == "email" || pth == "device.ip":
					// dropped
				case pth == "user_id":
					w.ReplaceString(e, []byte("pseudonym"))
				default:
					w.Copy(e)
				}
			}
			fmt.Println(string(w.Bytes()))
		}
	}
	// Output:
	// {"user_id":"pseudonym","device":{"model":"S1"},"weight_kg":72.40}
	// line 2: column 18: jsonrec: duplicate key
}
