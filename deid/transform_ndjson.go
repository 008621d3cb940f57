package deid

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/deidkit/deidkit/deid/internal/jsonrec"
	"github.com/deidkit/deidkit/pseudo"
)

// ndjsonSource reads NDJSON: one JSON object per line, whose values are
// named by their paths ("device.model", "readings[].bpm"). Lines may differ in shape (optional fields,
// nesting); each worker compiles the plan of every shape it meets once, and
// recognizes a line of the same shape as the previous one without a map
// look-up.
type ndjsonSource struct {
	t       *Transformer
	chunker *jsonrec.Chunker
	first   *jsonrec.Chunk // read by start to learn the CSV header
	header  []string       // CSV output: the output fields of the first line
}

func (t *Transformer) newNDJSONSource(r io.Reader) (source, error) {
	if throughArray(t.opts.Get().ExcludeField) {
		return nil, fmt.Errorf("deid: exclusion field %q is inside an array: a record would have several IDs", t.opts.Get().ExcludeField)
	}
	c, err := jsonrec.NewChunker(r, jsonrec.Options{ChunkSize: t.opts.Get().ChunkSize, MaxLineSize: t.opts.Get().MaxRecordSize, Tee: t.opts.Get().InputTee})
	if err != nil {
		return nil, fmt.Errorf("deid: %w", err)
	}
	return &ndjsonSource{t: t, chunker: c}, nil
}

func (s *ndjsonSource) start(w io.Writer, rep *Report) error {
	if s.t.opts.Get().Output != CSV {
		return nil
	}
	// CSV output needs a header: the output fields of the first record.
	c, err := s.next(nil)
	if err == io.EOF {
		return nil // no record, so no fields to name: an empty output
	}
	if err != nil {
		return err
	}
	s.first = &jsonrec.Chunk{Data: c.data, Line: c.line, Read: c.read}
	// The first record that parses names the columns; records before it
	// are left to the workers, which quarantine or report them.
	p := s.newProcessor().(*ndjsonProcessor) // a probe, not a worker
	var lines jsonrec.Lines
	lines.Reset(*s.first)
	for lines.Next() {
		if p.parse(lines.Bytes()) != nil {
			continue
		}
		sh, err := p.shapeOf()
		if err != nil {
			if fatal(err) {
				var fe *FieldError
				if errors.As(err, &fe) {
					fe.Line = int64(lines.Line())
				}
				return err
			}
			continue
		}
		s.header = sh.plan.OutputFields()
		_, err = w.Write(s.t.appendHeader(nil, s.header))
		return err
	}
	return fmt.Errorf("%w: no record of the first %d bytes parses, so none names the CSV columns", ErrMalformedRecord, len(c.data))
}

func (s *ndjsonSource) next(buf []byte) (chunk, error) {
	if s.first != nil {
		c := chunk{data: s.first.Data, line: s.first.Line, read: s.first.Read}
		s.first = nil
		return c, nil
	}
	c, err := s.chunker.Next(buf)
	if err != nil {
		if errors.Is(err, jsonrec.ErrLineTooLong) {
			return chunk{}, fmt.Errorf("%w: %v", ErrMalformedRecord, err)
		}
		return chunk{}, err
	}
	return chunk{data: c.Data, line: c.Line, read: c.Read}, nil
}

func (s *ndjsonSource) consumed() int64 { return s.chunker.Consumed() }

func (s *ndjsonSource) newProcessor() processor {
	return &ndjsonProcessor{src: s, memos: s.t.b.newMemos(), shapes: map[string]*shape{}}
}

// maxShapes bounds the plans a worker keeps: input whose lines take more
// shapes than this recompiles, but memory stays bounded.
const maxShapes = 256

// maxReportFields bounds the field paths a report lists: input whose keys
// are data (one key per user) would otherwise grow the report, and its
// memory, with the input, and list those keys. The rest is counted under
// otherFields.
const (
	maxReportFields = 4096
	otherFields     = "(other fields)"
)

// A shape is a plan compiled for one sequence of value paths, or the error
// of the records of that sequence.
type shape struct {
	plan    *Plan
	a       *Applier
	exclude int   // index of the exclusion field; -1 without exclusion or when absent
	csvErr  error // why a record of this shape cannot be written as CSV
	err     *FieldError
}

type ndjsonProcessor struct {
	src     *ndjsonSource
	parser  jsonrec.Parser
	lines   jsonrec.Lines
	path    jsonrec.Path
	events  []jsonrec.Event
	leaves  []int           // index in events of each leaf
	vals    []jsonrec.Value // the leaves' values
	in      [][]byte
	key     []byte // the current line's shape: its paths, NUL-separated
	keyed   bool   // whether leaves and key are those of the parser's last line
	reused  bool   // whether the current line took them from the line before
	compact []byte // the current line, if ParseValues read it (else nil)
	memos   []*pseudo.Memo
	shapes  map[string]*shape
	last    *shape
	lastK   []byte
	row     Row
	w       jsonrec.Writer
	open    []int // events of containers not yet written (written once a value inside is)
	emitter emitPlan
	// stats of the chunk being processed, where the value counts of
	// shapes go when they are dropped and at the end of the chunk
	stats *chunkStats
	csv   encoder    // of CSV output, or of a record sink
	kept  keptValues // the identifier check's screened values
}

func (p *ndjsonProcessor) process(s *slot, quarantine bool) {
	src := p.src
	s.stats.reset(len(src.t.b.policy.Suppress))
	s.out, s.quar, s.err = s.out[:0], s.quar[:0], nil
	p.lines.Reset(jsonrec.Chunk{Data: s.chunk.data, Line: s.chunk.line})
	p.csv = src.t.rowEncoder()
	p.stats = nil
	p.flushCounts() // what a chunk that failed left
	p.stats = &s.stats
	for p.lines.Next() {
		s.stats.read++
		line := int64(p.lines.Line())
		err := p.record(s)
		if err == nil {
			continue
		}
		var fe *FieldError
		if errors.As(err, &fe) {
			fe.Line = line
		}
		if !quarantine || fatal(err) {
			s.err = err
			return
		}
		reason := quarantineReason(err)
		s.quar = appendQuarantine(s.quar, line, reason, bytes.TrimRight(p.lines.Raw(), "\r\n"))
		s.stats.quarantine(reason)
	}
	p.flushCounts()
}

// record transforms one line; a nil error means it was written, excluded or
// suppressed (and counted).
func (p *ndjsonProcessor) record(s *slot) error {
	if err := p.parse(p.lines.Bytes()); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return err
		}
		return lineError(err, 0)
	}
	sh, err := p.shapeOf()
	if err != nil {
		return err
	}
	src := p.src
	if src.t.opts.Get().Exclude != nil {
		if sh.exclude < 0 || p.vals[sh.exclude].Kind == jsonrec.Null {
			return &FieldError{Field: src.t.opts.Get().ExcludeField, Action: "exclude", Err: ErrMissingField}
		}
		if k := p.vals[sh.exclude].Kind; k != jsonrec.String && k != jsonrec.Number {
			return &FieldError{Field: src.t.opts.Get().ExcludeField, Action: "exclude", Err: fmt.Errorf("%w: not a string or a number", ErrUnsupportedType)}
		}
		if err := p.checkID(sh.exclude, src.t.opts.Get().ExcludeField, "exclude"); err != nil {
			return err
		}
		if excluded, err := s.stats.exclude(src.t.opts.Get().Exclude, src.t.opts.Get().ExcludeField, p.in[sh.exclude]); excluded || err != nil {
			return err
		}
	}
	for _, i := range sh.plan.holdsAt {
		if p.vals[i].Kind != jsonrec.Null {
			return sh.plan.holdsError(i)
		}
	}
	for _, i := range sh.plan.idsAt {
		st := &sh.plan.steps[i]
		if err := p.checkID(i, st.field, string(st.action)); err != nil {
			return err
		}
	}
	p.row.Reset()
	// NDJSON out copies kept values from the line (emit), not the row.
	o, err := sh.a.apply(&p.row, p.in, src.t.opts.Get().Output == CSV)
	if err != nil {
		return err
	}
	if o.Suppressed {
		s.stats.suppressed[o.Condition]++
		return nil
	}
	if src.t.opts.Get().Output == CSV {
		if sh.csvErr != nil {
			sh.a.uncount(p.in) // not written, so not counted
			return &FieldError{Field: "(record)", Action: "write", Err: sh.csvErr}
		}
		s.out = p.csv.appendRow(s.out, &p.row)
	} else {
		s.out = p.emit(s.out, sh)
	}
	s.stats.written++
	return nil
}

// parse tokenizes a line and lists its leaves: their paths (the shape
// key) and their values as the plan reads them (strings unescaped, other
// values as written, null as empty).
func (p *ndjsonProcessor) parse(line []byte) error {
	// A line with the keys of the line before, written compactly, is read
	// for its values only; its leaves are those of the line before. NDJSON
	// out needs the events of a line of these keys once, to work out the
	// output's bytes between the values (emitPlan.build), so it reads
	// lines so only once that is done, for the shape of these keys.
	if p.keyed && (p.src.t.opts.Get().Output == CSV || (p.emitter.sh != nil && p.emitter.sh == p.last)) {
		// The texts of the values are what the plan reads (inputOf).
		if vals, texts, ok := p.parser.ParseValues(line, p.vals, p.in); ok && len(vals) == len(p.leaves) {
			p.vals, p.in, p.reused, p.compact = vals, texts, true, line
			return nil
		}
	}
	p.compact = nil
	var err error
	p.events, err = p.parser.Parse(line, p.events[:0])
	if err != nil {
		return err
	}
	p.in, p.vals = p.in[:0], p.vals[:0]
	p.reused = p.keyed && p.parser.SameKeys()
	if p.reused {
		// The keys of the line before: the same leaves at the same paths,
		// as many values as it had (set in place, not appended).
		p.in = slices.Grow(p.in, len(p.leaves))[:len(p.leaves)]
		p.vals = slices.Grow(p.vals, len(p.leaves))[:len(p.leaves)]
		for k, i := range p.leaves {
			p.vals[k] = valueOf(&p.events[i])
			p.in[k] = inputOf(&p.events[i])
		}
		return nil
	}
	p.keyed = false
	p.emitter.sh = nil // worked out for other keys
	p.leaves, p.key = p.leaves[:0], p.key[:0]
	// A key can hold NUL only through the escape \u0000 (JSON has no raw
	// control characters): one search of the line spares one per key.
	mayNUL := bytes.Contains(line, []byte(`\u0000`))
	for i := range p.events {
		e := &p.events[i] // not a copy: an Event is 112 bytes
		path := p.path.Visit(e)
		if !e.IsLeaf() {
			continue
		}
		if mayNUL && bytes.IndexByte(path, 0) >= 0 {
			// NUL separates the paths of a shape's key.
			return &FieldError{Field: "(record)", Action: "parse", Err: fmt.Errorf("%w: a key holds a NUL character", ErrMalformedRecord)}
		}
		p.leaves = append(p.leaves, i)
		p.key = append(append(p.key, path...), 0)
		p.vals = append(p.vals, valueOf(e))
		p.in = append(p.in, inputOf(e))
	}
	p.keyed = true
	return nil
}

func valueOf(e *jsonrec.Event) jsonrec.Value {
	return jsonrec.Value{Kind: e.Kind, Raw: e.Raw}
}

// inputOf returns the value of the leaf e as a plan reads it: the text
// jsonrec.Parser.ParseValues gives.
func inputOf(e *jsonrec.Event) []byte {
	switch e.Kind {
	case jsonrec.String:
		return e.Str
	case jsonrec.Null:
		return nil
	}
	return e.Raw
}

// shapeOf returns the compiled shape of the parsed line. The error of a
// shape that does not compile (a record of another shape than the
// policy's) is kept like a plan, so that such records cost no more than
// good ones; each gets its own copy to locate.
func (p *ndjsonProcessor) shapeOf() (*shape, error) {
	sh, ok := p.last, p.last != nil && (p.reused || bytes.Equal(p.key, p.lastK))
	if !ok {
		sh, ok = p.shapes[string(p.key)]
	}
	if !ok {
		var err error
		if sh, err = p.compile(); err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				return nil, err
			}
			sh = &shape{err: fe}
		}
		if len(p.shapes) >= maxShapes {
			p.flushCounts()
			clear(p.shapes)
		}
		p.shapes[string(p.key)] = sh
	}
	if !p.reused { // else the line before's key, this one
		p.lastK = append(p.lastK[:0], p.key...)
	}
	p.last = sh
	if sh.err != nil {
		e := *sh.err
		return nil, &e
	}
	return sh, nil
}

func (p *ndjsonProcessor) compile() (*shape, error) {
	var paths []string
	if len(p.key) > 0 {
		paths = strings.Split(string(p.key[:len(p.key)-1]), "\x00")
	}
	pl, err := p.src.t.b.plan(paths, false)
	if err != nil {
		var pe *PolicyError
		if errors.As(err, &pe) && pe.Rule < 0 {
			// Two values at one path ({"a.b":1,"a":{"b":2}}): the record
			// is ambiguous, not the policy wrong.
			return nil, &FieldError{Field: "(record)", Action: "parse", Err: fmt.Errorf("%w: %s", ErrMalformedRecord, pe.Msg)}
		}
		return nil, err
	}
	if p.stats != nil {
		for _, st := range pl.steps {
			p.stats.countValues(st.field, st.action, 0) // the report lists paths as first met
		}
		for _, w := range pl.warnings {
			p.stats.warn(w)
		}
	}
	allowKept := p.src.t.opts.Get().AllowKeptIdentifiers
	if !allowKept {
		// Every record of this shape, and none is written.
		if fe := pl.keptNameErr(); fe != nil {
			return nil, fe
		}
	}
	sh := &shape{plan: pl, a: pl.newApplier(p.memos, &p.kept, allowKept), exclude: -1}
	if f := p.src.t.opts.Get().ExcludeField; f != "" {
		sh.exclude = slices.Index(pl.fields, f)
	}
	switch {
	case slices.ContainsFunc(pl.OutputFields(), throughArray):
		sh.csvErr = fmt.Errorf("%w: it releases values inside arrays, which have no CSV columns (drop them, or write NDJSON)", ErrShape)
	case !slices.Equal(pl.OutputFields(), p.src.header):
		sh.csvErr = fmt.Errorf("%w: its output fields differ from the CSV header, taken from the first record", ErrMalformedRecord)
	}
	return sh, nil
}

// flushCounts moves the value counts of every cached shape into the
// stats of the current chunk (or drops them, without one).
func (p *ndjsonProcessor) flushCounts() {
	for _, sh := range p.shapes {
		switch {
		case sh.a == nil || sh.a.records() == 0:
			// Nothing to move; its fields were listed when it was compiled.
		case p.stats != nil:
			p.stats.countApplier(sh.a)
		default:
			sh.a.resetCounts()
		}
	}
}

// emit writes the record as JSON: the line's own structure and key order,
// without dropped values and without the objects and arrays (array
// elements included) they leave empty, or that were empty; kept values keep
// their original text (numbers as written), transformed numbers stay
// numbers when the result is one, and null stays null. The bytes around
// the values are worked out once for the lines that have the keys of the
// line before (see emitPlan).
func (p *ndjsonProcessor) emit(dst []byte, sh *shape) []byte {
	if p.emitter.sh != sh {
		p.emitter.build(p, sh)
	}
	return p.emitter.append(dst, p.vals, &p.row, p.compact)
}

// lineError turns a JSON syntax error into a FieldError for the record.
func lineError(err error, line int) error {
	var se *jsonrec.SyntaxError
	if errors.As(err, &se) {
		return &FieldError{Line: int64(line), Field: "(record)", Action: "parse",
			Err: fmt.Errorf("%w: column %d: %v", ErrMalformedRecord, se.Column, se.Err)}
	}
	return &FieldError{Line: int64(line), Field: "(record)", Action: "parse", Err: fmt.Errorf("%w: %v", ErrMalformedRecord, err)}
}

// checkID refuses an ID (input field i) written as a JSON number in
// exponent or fractional form: 1e3 is user 1000 to a JSON reader, but
// would be compared, pseudonymized or tokenized as the text "1e3", and so
// be another person.
func (p *ndjsonProcessor) checkID(i int, field, action string) error {
	if p.vals[i].Kind == jsonrec.Number && !integerForm(p.in[i]) {
		return &FieldError{Field: field, Action: action, Err: fmt.Errorf("%w: a number ID in exponent or fractional form (write IDs as strings or integers)", ErrUnsupportedType)}
	}
	return nil
}

// integerForm reports whether a JSON number is written as an integer,
// possibly with a zero fraction ("1000", "-7", "1000.0"): the forms an ID
// is compared in ([NormalizeID]).
func integerForm(num []byte) bool {
	num = wholeNumber(num)
	if len(num) > 0 && num[0] == '-' {
		num = num[1:]
	}
	if len(num) == 0 {
		return false
	}
	for _, c := range num {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
