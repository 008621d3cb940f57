package kanon

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// CSVOptions configures ReadCSV.
type CSVOptions struct {
	Schema
	// Comma is the field delimiter. 0 detects it from the header line
	// among ',', ';', tab and '|'.
	Comma rune
}

// ReadCSV reads a table from CSV with a header line. Only the columns the
// schema names are kept; the others are skipped.
func ReadCSV(r io.Reader, opts CSVOptions) (*Table, error) {
	b, err := NewBuilder(opts.Schema)
	if err != nil {
		return nil, err
	}
	names := make([]string, opts.columns())
	for i := range names {
		names[i] = opts.name(i)
	}
	cr, want, err := readHeader(r, opts.Comma, names)
	if err != nil {
		return nil, err
	}
	vals := make([]string, len(want))
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		for i, j := range want {
			vals[i] = rec[j]
		}
		if err := b.Add(vals...); err != nil {
			line, _ := cr.FieldPos(0)
			var ie *InputError
			if errors.As(err, &ie) {
				ie.Line = line
			}
			return nil, err
		}
	}
	return b.Build()
}

// csvError converts a parse error without quoting the offending text.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		reason := "malformed CSV"
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			reason = "wrong number of fields"
		} else if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
			reason = "malformed quotes"
		}
		return &InputError{Line: pe.Line, Reason: reason}
	}
	return fmt.Errorf("%w: %w", ErrInput, err)
}

// detectComma picks the candidate delimiter that occurs most often in the
// first line outside quotes; ',' when none occurs.
func detectComma(b []byte) rune {
	cands := []byte{',', ';', '\t', '|'}
	var counts [4]int
	quoted := false
	for _, c := range b {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		for i, d := range cands {
			if c == d {
				counts[i]++
			}
		}
	}
	best := 0
	for i := range counts {
		if counts[i] > counts[best] {
			best = i
		}
	}
	return rune(cands[best])
}
