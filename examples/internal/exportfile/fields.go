package exportfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/deidkit/deidkit/deid"
)

// PeekSize is how much of the input Fields reads ahead.
const PeekSize = 1 << 20

// Fields returns the field names of the input without consuming it: the
// CSV header (a byte order mark dropped), or the union of the keys, as
// dotted paths, of the NDJSON records that start in the first PeekSize
// bytes, in order of first appearance. br must have a buffer of at least
// PeekSize bytes. A field that first appears later gets no rule from a
// profile, so the policy's default drops it. Names that look like values
// are an error (see CheckFieldNames).
func Fields(br Peeker, f deid.Format) ([]string, error) {
	head, err := br.Peek(PeekSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	complete := err == io.EOF
	var fields []string
	if f == deid.CSV {
		if fields, err = csvHeader(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), complete); err != nil {
			return nil, err
		}
	} else {
		fields = ndjsonFields(head, complete)
	}
	if err := CheckFieldNames(fields); err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	return fields, nil
}

// A Peeker returns the next bytes of its input without consuming them.
type Peeker interface {
	Peek(n int) ([]byte, error)
}

// A Reader is a buffered reader of an input whose head Fields reads
// ahead. Once its buffer is drained, it reads from the input directly, so
// that large reads (chunks of records) are not copied through the buffer.
type Reader struct {
	*bufio.Reader
	r io.Reader
}

// NewReader returns a reader of r with a buffer large enough for Fields.
func NewReader(r io.Reader) *Reader { return &Reader{bufio.NewReaderSize(r, PeekSize), r} }

func (r *Reader) Read(p []byte) (int, error) {
	if r.Buffered() > 0 || len(p) < 4096 {
		return r.Reader.Read(p)
	}
	return r.r.Read(p)
}

func csvHeader(head []byte, complete bool) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(head))
	r.ReuseRecord = true
	header, err := r.Read()
	switch {
	case err == io.EOF:
		return nil, errors.New("input: empty, no CSV header")
	case err != nil && !complete && errors.Is(err, csv.ErrQuote):
		return nil, fmt.Errorf("input: no CSV header in the first %d bytes", len(head))
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("input: line %d: malformed CSV header: %v", pe.StartLine, pe.Err)
		}
		return nil, fmt.Errorf("input: malformed CSV header: %w", err)
	}
	return slices.Clone(header), nil
}

// ndjsonFields lists the paths of the records in head. Lines that are not
// JSON objects are skipped here; the transformer reports them.
func ndjsonFields(head []byte, complete bool) []string {
	if !complete {
		// The last line may be cut off.
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i+1]
		}
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	var fields []string
	seen := map[string]bool{}
	// Records mostly repeat the keys of earlier ones: a line whose skeleton
	// was met has no path to add, and decoding it would cost more than the
	// rest of the export's work on it.
	skeletons := map[string]bool{}
	var sk []byte
	for line := range bytes.Lines(head) {
		if !json.Valid(line) {
			continue
		}
		if sk = skeleton(sk[:0], line); skeletons[string(sk)] {
			continue
		}
		skeletons[string(sk)] = true
		addPaths(line, "", seen, &fields)
	}
	return fields
}

// skeleton appends to dst what the paths of the valid JSON text src depend
// on: its keys as written and its punctuation, each string value written
// as one quote and any other value as 0. Texts of one skeleton have the
// same paths in the same order.
func skeleton(dst, src []byte) []byte {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	for i := 0; i < len(src); {
		switch c := src[i]; {
		case space(c):
			i++
		case c == '"':
			j := i + 1
			for src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j++
			k := j
			for k < len(src) && space(src[k]) {
				k++
			}
			if k < len(src) && src[k] == ':' {
				dst = append(dst, src[i:j]...) // a key
			} else {
				dst = append(dst, '"')
			}
			i = j
		case strings.IndexByte("{}[],:", c) >= 0:
			dst = append(dst, c)
			i++
		default: // a number, true, false or null
			dst = append(dst, '0')
			for i < len(src) && !space(src[i]) && strings.IndexByte("}],", src[i]) < 0 {
				i++
			}
		}
	}
	return dst
}

// addPaths adds the paths of the values of the JSON object src, in the
// order of its keys; src that is not an object adds nothing.
func addPaths(src []byte, prefix string, seen map[string]bool, fields *[]string) {
	dec := json.NewDecoder(bytes.NewReader(src))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return
		}
		path := prefix + key
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			addPaths(raw, path+".", seen, fields)
			continue
		}
		if !seen[path] {
			seen[path] = true
			*fields = append(*fields, path)
		}
	}
}
