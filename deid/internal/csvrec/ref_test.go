package csvrec

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// item is one record as seen by a reader: its fields or its error.
type item struct {
	Fields []string
	Kind   string // "" for a good record, else the sentinel's name
	Start  int    // StartLine of the error
	Line   int
	Column int
	Field  int // of an encoding error, the field that is not UTF-8
}

func (it item) String() string {
	if it.Kind == "" {
		return fmt.Sprintf("%q", it.Fields)
	}
	return fmt.Sprintf("%s@%d:%d:%d#%d", it.Kind, it.Start, it.Line, it.Column, it.Field)
}

func kindOf(err error) string {
	switch {
	case errors.Is(err, ErrBareQuote), errors.Is(err, csv.ErrBareQuote):
		return "bare"
	case errors.Is(err, ErrQuote), errors.Is(err, csv.ErrQuote):
		return "quote"
	case errors.Is(err, ErrFieldCount), errors.Is(err, csv.ErrFieldCount):
		return "count"
	case errors.Is(err, ErrUTF8):
		return "utf8"
	}
	return "other: " + err.Error()
}

// stdRead reads input with encoding/csv, default settings, after skipping a
// byte order mark by hand, and goes on after parse errors. The first record
// is the header. A record that encoding/csv reads but that holds a field
// that is not valid UTF-8 is an error of the field, on the record's line:
// what csvrec adds to encoding/csv.
func stdRead(input []byte, comma byte) (header item, items []item) {
	input = bytes.TrimPrefix(input, bom)
	r := csv.NewReader(bytes.NewReader(input))
	r.Comma = rune(comma)
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return header, items
		}
		it := item{Fields: rec}
		if k := slices.IndexFunc(rec, func(f string) bool { return !utf8.ValidString(f) }); err == nil && k >= 0 && !first {
			line, _ := r.FieldPos(0)
			it = item{Kind: "utf8", Start: line, Line: line, Field: k + 1}
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				panic(err)
			}
			it = item{Kind: kindOf(err), Start: pe.StartLine, Line: pe.Line, Column: pe.Column}
		}
		if first {
			header, first = it, false
			if it.Kind != "" {
				return header, nil
			}
			continue
		}
		items = append(items, it)
	}
}

// chunkedRead reads input with a Chunker and a Parser and checks, along the
// way, the invariants that do not depend on encoding/csv: chunks tile the
// input, records and blank lines tile each chunk, and line numbers add up.
// A rejected header is returned as an item of kind "header: ...".
func chunkedRead(input []byte, opts Options, wrap func(io.Reader) io.Reader) (header item, items []item, err error) {
	var r io.Reader = bytes.NewReader(input)
	if wrap != nil {
		r = wrap(r)
	}
	c, err := NewChunker(r, opts)
	if err != nil {
		return header, nil, err
	}
	names, err := c.Header()
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			return item{Kind: "header: " + err.Error()}, nil, nil
		}
		return item{Kind: kindOf(err), Start: pe.StartLine, Line: pe.Line, Column: pe.Column}, nil, nil
	}
	header = item{Fields: names}
	p, err := c.NewParser()
	if err != nil {
		return header, nil, err
	}
	body := input[c.Consumed():]
	var seen []byte
	var buf []byte
	wantSeq := 0
	for {
		ch, err := c.Next(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return header, nil, fmt.Errorf("Next: %w", err)
		}
		if ch.Seq != wantSeq {
			return header, nil, fmt.Errorf("chunk Seq = %d, want %d", ch.Seq, wantSeq)
		}
		wantSeq++
		if want := int64(len(input) - len(body) + len(seen)); ch.Offset != want {
			return header, nil, fmt.Errorf("chunk %d: Offset = %d, want %d", ch.Seq, ch.Offset, want)
		}
		if want := 1 + bytes.Count(input[:ch.Offset], []byte{'\n'}); ch.Line != want {
			return header, nil, fmt.Errorf("chunk %d: Line = %d, want %d", ch.Seq, ch.Line, want)
		}
		if len(ch.Data) == 0 {
			return header, nil, fmt.Errorf("chunk %d is empty", ch.Seq)
		}
		seen = append(seen, ch.Data...)
		its, err := parseChunk(p, ch)
		if err != nil {
			return header, nil, err
		}
		items = append(items, its...)
		buf = ch.Data
	}
	if !bytes.Equal(seen, body) {
		return header, nil, fmt.Errorf("chunks do not add up to the input after the header:\n got %q\nwant %q", seen, body)
	}
	if c.Consumed() != int64(len(input)) {
		return header, nil, fmt.Errorf("Consumed() = %d, want %d", c.Consumed(), len(input))
	}
	return header, items, nil
}

// parseChunk parses one chunk and checks that its records and blank lines
// tile it and that record line numbers match their position.
func parseChunk(p *Parser, ch Chunk) ([]item, error) {
	var items []item
	p.Reset(ch)
	pos := 0
	for p.Next() {
		raw := p.Raw()
		start := cap(ch.Data) - cap(raw)
		if start < pos || start+len(raw) > len(ch.Data) {
			return nil, fmt.Errorf("chunk %d: raw record at %d..%d outside %d..%d", ch.Seq, start, start+len(raw), pos, len(ch.Data))
		}
		if gap := ch.Data[pos:start]; !blankLines(gap, false) {
			return nil, fmt.Errorf("chunk %d: bytes %q at %d belong to no record", ch.Seq, gap, pos)
		}
		if want := ch.Line + bytes.Count(ch.Data[:start], []byte{'\n'}); p.Line() != want {
			return nil, fmt.Errorf("chunk %d: record Line() = %d, want %d", ch.Seq, p.Line(), want)
		}
		pos = start + len(raw)
		if err := p.Err(); err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("Err() = %v, not a *ParseError", err)
			}
			if pe.StartLine != p.Line() {
				return nil, fmt.Errorf("StartLine %d != Line() %d", pe.StartLine, p.Line())
			}
			if p.Fields() != nil {
				return nil, fmt.Errorf("Fields() of a bad record = %q, want nil", p.Fields())
			}
			it := item{Kind: kindOf(err), Start: pe.StartLine, Line: pe.Line, Column: pe.Column}
			if it.Kind == "utf8" {
				it.Field = pe.Field
			}
			items = append(items, it)
			continue
		}
		// Field, NumFields and PlainEnds, before Fields builds the
		// fields, must agree with it.
		byField := make([]string, p.NumFields())
		for i := range byField {
			byField[i] = string(p.Field(i))
		}
		ends := p.PlainEnds()
		if len(ends) != p.PlainPrefix() {
			return nil, fmt.Errorf("chunk %d line %d: %d plain ends for a plain prefix of %d", ch.Seq, p.Line(), len(ends), p.PlainPrefix())
		}
		from := 0
		for i, e := range ends {
			if got := string(raw[from:e]); got != byField[i] {
				return nil, fmt.Errorf("chunk %d line %d: plain field %d is %q in Raw, Field says %q", ch.Seq, p.Line(), i, got, byField[i])
			}
			from = e + 1
		}
		fs := make([]string, len(p.Fields()))
		for i, f := range p.Fields() {
			fs[i] = string(f)
		}
		if !slices.Equal(fs, byField) {
			return nil, fmt.Errorf("chunk %d line %d: Fields() = %q, Field(i) = %q", ch.Seq, p.Line(), fs, byField)
		}
		items = append(items, item{Fields: fs})
	}
	if gap := ch.Data[pos:]; !blankLines(gap, true) {
		return nil, fmt.Errorf("chunk %d: trailing bytes %q belong to no record", ch.Seq, gap)
	}
	return items, nil
}

// blankLines reports whether b is a run of blank lines; a lone '\r' may end
// the input.
func blankLines(b []byte, atEnd bool) bool {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	if atEnd {
		s = strings.TrimSuffix(s, "\r")
	}
	return strings.Trim(s, "\n") == ""
}

// compareWithStd checks that chunked reading agrees with encoding/csv on
// the header and on every record and error, in order.
func compareWithStd(input []byte, opts Options, wrap func(io.Reader) io.Reader) error {
	comma := opts.Comma
	if comma == 0 {
		comma = ','
	}
	wantH, want := stdRead(input, comma)
	gotH, got, err := chunkedRead(input, opts, wrap)
	if err != nil {
		return err
	}
	if strings.HasPrefix(gotH.Kind, "header: ") {
		if wantH.Kind != "" || !badNames(wantH.Fields) {
			return fmt.Errorf("header rejected (%s) but encoding/csv read %v", gotH.Kind, wantH)
		}
		return nil
	}
	if fmt.Sprint(gotH) != fmt.Sprint(wantH) {
		return fmt.Errorf("header: got %v, want %v", gotH, wantH)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("input %q (chunk size %d):\n got %v\nwant %v", input, opts.ChunkSize, got, want)
	}
	return nil
}

func badNames(names []string) bool {
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" || seen[n] || !utf8.ValidString(n) {
			return true
		}
		seen[n] = true
	}
	return len(names) == 0
}
