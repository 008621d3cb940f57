package deid

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/deid/internal/jsonrec"
)

// SampleFields returns the field names of an input from its first bytes,
// head, as a profile ([SafeHarbor], [AIEngine]) or [Compile] takes them:
// for CSV, the header row (delimited by comma, ',' when 0); for NDJSON,
// the paths of the values of the records in head ("device.model",
// "readings[].user_id"; see the package documentation), each once, in the
// order first met. The NDJSON paths are those the transformer gives the
// same records, so that a policy built from them names what it meets.
//
// head is a prefix of the input: an NDJSON line without its newline is
// taken as cut off and skipped, and so are lines that are not JSON
// objects and records whose keys look like values (the transformer
// reports them). A CSV header whose names look like values (no header
// row) is [ErrHeaderLooksLikeData].
func SampleFields(head []byte, format Format, comma byte) ([]string, error) {
	switch format {
	case CSV:
		if comma == 0 {
			comma = ','
		}
		c, err := csvrec.NewChunker(bytes.NewReader(head), csvrec.Options{Comma: comma})
		if err != nil {
			return nil, fmt.Errorf("deid: %w", err)
		}
		header, err := c.Header()
		if err != nil {
			return nil, headerError(err)
		}
		header = slices.Clone(header)
		if err := checkFieldNames(header); err != nil {
			return nil, err
		}
		return header, nil
	case NDJSON:
		return ndjsonFields(head), nil
	}
	return nil, fmt.Errorf("deid: input format %v not supported: pass deid.CSV or deid.NDJSON", format)
}

// ndjsonFields lists the paths of the values of the whole records in head.
func ndjsonFields(head []byte) []string {
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[:i+1]
	} else {
		head = nil
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	var (
		p      jsonrec.Parser
		path   jsonrec.Path
		events []jsonrec.Event
		fields []string
		line   []string
	)
	seen, inLine := map[string]bool{}, map[string]bool{}
	for l := range bytes.Lines(head) {
		var err error
		if events, err = p.Parse(l, events[:0]); err != nil {
			continue // blank or not an object
		}
		line = line[:0]
		clear(inLine)
		for i := range events {
			pth := path.Visit(&events[i])
			if events[i].IsLeaf() && !inLine[string(pth)] {
				inLine[string(pth)] = true
				line = append(line, string(pth))
			}
		}
		if checkKeys(line) != nil {
			continue
		}
		for _, f := range line {
			if !seen[f] {
				seen[f] = true
				fields = append(fields, f)
			}
		}
	}
	return fields
}
