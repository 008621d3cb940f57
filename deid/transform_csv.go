package deid

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
)

// csvSource reads CSV: a header row, then chunks of whole records.
type csvSource struct {
	t       *Transformer
	chunker *csvrec.Chunker
	plan    *Plan
	exclude int // input index of the exclusion field, -1 without exclusion
	echo    *headerEcho
}

func (t *Transformer) newCSVSource(r io.Reader) (*csvSource, error) {
	c, err := csvrec.NewChunker(r, csvrec.Options{Comma: t.opts.Get().Comma, ChunkSize: t.opts.Get().ChunkSize, MaxRecordSize: t.opts.Get().MaxRecordSize, Tee: t.opts.Get().InputTee})
	if err != nil {
		return nil, fmt.Errorf("deid: %w", err)
	}
	return &csvSource{t: t, chunker: c, exclude: -1}, nil
}

func (s *csvSource) start(w io.Writer, rep *Report) error {
	header, err := s.chunker.Header()
	if err != nil {
		return headerError(err)
	}
	pl, err := s.t.b.plan(header, true)
	if err != nil {
		return err
	}
	s.plan = pl
	rep.Warnings = pl.Warnings() // those of a run refused here too
	if !s.t.opts.Get().AllowKeptIdentifiers {
		// Before the header is written: nothing of the run goes out.
		if fe := pl.keptNameErr(); fe != nil {
			fe.Line = 1
			return fe
		}
	}
	s.echo = newHeaderEcho(header)
	if len(pl.OutputFields()) == 0 && s.t.opts.Get().Output == CSV {
		return &PolicyError{Rule: -1, Msg: "the policy releases no field of the input: a CSV output would have no columns"}
	}
	if s.t.opts.Get().Exclude != nil {
		if s.exclude = slices.Index(header, s.t.opts.Get().ExcludeField); s.exclude < 0 {
			return &PolicyError{Rule: -1, Msg: fmt.Sprintf("exclusion field %q is not in the input", s.t.opts.Get().ExcludeField)}
		}
	}
	if s.t.opts.Get().Output == CSV {
		if _, err := w.Write(s.t.appendHeader(nil, pl.OutputFields())); err != nil {
			return fmt.Errorf("deid: write output: %w", err)
		}
	}
	// The report lists every column, in input order, from the start.
	for _, st := range pl.steps {
		rep.Fields = append(rep.Fields, FieldCount{Field: st.field, Action: st.action})
	}
	return nil
}

// headerError tells a header that is not a valid CSV header (a malformed
// record) from one that could not be read (the reader's error, which
// callers can test for).
func headerError(err error) error {
	var pe *csvrec.ParseError
	switch {
	case errors.As(err, &pe):
		return &FieldError{Line: int64(pe.StartLine), Field: "(header)", Action: "parse", Err: fmt.Errorf("%w: %v", ErrMalformedRecord, pe.Err)}
	case errors.Is(err, csvrec.ErrHeader):
		return fmt.Errorf("%w: %v", ErrMalformedRecord, err)
	}
	return fmt.Errorf("deid: read input: %w", err)
}

func (s *csvSource) next(buf []byte) (chunk, error) {
	c, err := s.chunker.Next(buf)
	if err != nil {
		if errors.Is(err, csvrec.ErrRecordTooLong) {
			return chunk{}, fmt.Errorf("%w: %v", ErrMalformedRecord, err)
		}
		return chunk{}, err
	}
	return chunk{data: c.Data, line: c.Line, read: c.Read}, nil
}

func (s *csvSource) consumed() int64 { return s.chunker.Consumed() }

func (s *csvSource) newProcessor() processor {
	parser, _ := s.chunker.NewParser() // the header was read by start
	p := &csvProcessor{src: s, a: s.plan.newApplier(s.t.b.newMemos(), &keptValues{}, s.t.opts.Get().AllowKeptIdentifiers), parser: parser, enc: s.t.newEncoder(s.plan.OutputFields()),
		direct: s.t.opts.Get().Output == CSV && s.t.opts.Get().OutputComma == s.t.opts.Get().Comma && s.t.opts.Get().Records == nil}
	return p
}

type csvProcessor struct {
	src    *csvSource
	a      *Applier
	parser *csvrec.Parser
	row    Row
	enc    encoder
	// direct: CSV out with the input's delimiter: records take appendCSV
	direct bool
}

func (p *csvProcessor) process(s *slot, quarantine bool) {
	s.stats.reset(len(p.src.plan.conds))
	p.a.resetCounts() // what a chunk that failed left
	s.out, s.quar, s.err = s.out[:0], s.quar[:0], nil
	p.parser.Reset(csvrec.Chunk{Data: s.chunk.data, Line: s.chunk.line})
	header := p.src.plan.fields
	noCR := p.direct && bytes.IndexByte(s.chunk.data, '\r') < 0
	for p.parser.Next() {
		s.stats.read++
		line := int64(p.parser.Line())
		var recErr error
		if err := p.parser.Err(); err != nil {
			recErr = parseError(err, header)
		} else if echo, same := p.src.echo.repeats(p.parser); echo {
			recErr = errHeaderRepeated(same)
		} else if excluded, err := p.src.excludes(&s.stats, p.parser); err != nil {
			recErr = err
		} else if excluded {
			continue
		} else {
			var o Outcome
			var err error
			if p.direct {
				s.out, o, err = p.a.appendCSV(s.out, p.parser, p.src.t.opts.Get().Comma, noCR)
			} else {
				p.row.Reset()
				if o, err = p.a.apply(&p.row, p.parser.Fields(), true); err == nil && !o.Suppressed {
					s.out = p.enc.appendRow(s.out, &p.row)
				}
			}
			switch {
			case err != nil:
				recErr = err
			case o.Suppressed:
				s.stats.suppressed[o.Condition]++
				continue
			default:
				s.stats.written++
				continue
			}
		}
		var fe *FieldError
		if errors.As(recErr, &fe) {
			fe.Line = line
		}
		if !quarantine || fatal(recErr) {
			s.err = recErr
			return
		}
		reason := quarantineReason(recErr)
		s.quar = appendQuarantine(s.quar, line, reason, p.parser.Raw())
		s.stats.quarantine(reason)
	}
	s.stats.countApplier(p.a)
}

// parseError turns a CSV parse error into a FieldError naming the field.
func parseError(err error, header []string) error {
	var pe *csvrec.ParseError
	if !errors.As(err, &pe) {
		return &FieldError{Action: "parse", Err: fmt.Errorf("%w: %v", ErrMalformedRecord, err)}
	}
	field := "(record)"
	if pe.Field > 0 && pe.Field <= len(header) {
		field = header[pe.Field-1]
	} else if pe.Field > len(header) {
		field = fmt.Sprintf("(field %d)", pe.Field)
	}
	cause := pe.Err
	for _, s := range []error{csvrec.ErrBareQuote, csvrec.ErrQuote, csvrec.ErrFieldCount} {
		if errors.Is(pe.Err, s) {
			cause = s
		}
	}
	return &FieldError{Line: int64(pe.StartLine), Field: field, Action: "parse", Err: fmt.Errorf("%w: %v", ErrMalformedRecord, cause)}
}
