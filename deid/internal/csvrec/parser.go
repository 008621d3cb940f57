package csvrec

import (
	"bytes"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Parser splits the records of one chunk into fields.
//
// Use it as a scanner:
//
//	p.Reset(chunk)
//	for p.Next() {
//		if err := p.Err(); err != nil {
//			quarantine(p.Raw(), err) // p.Raw() is the bad record, as read
//			continue
//		}
//		use(p.Fields())
//	}
//
// A Parser is not safe for concurrent use; give each worker its own. The
// slices it returns are valid until the next call to Next or Reset.
type Parser struct {
	comma   byte
	nfields int // expected number of fields; 0 accepts any

	data []byte
	pos  int // offset in data of the next unread byte
	line int // physical line number of data[pos]

	idx index // structural index of data, a window at a time

	// The fields of the current record: the first plain ones (all of them
	// for a record without quotes) are the bytes of raw before ends[k].
	// Unless built is set, fields holds only the fields after them (in
	// place, after len(ends) entries to be filled) and Fields builds the
	// plain ones on demand: the transformer's CSV path never needs them.
	ends    []int
	fields  [][]byte
	built   bool
	scratch []byte // unescaped quoted fields of the current record
	raw     []byte
	recLine int
	plain   int // leading fields of the current record written without quotes
	err     error
	// utf8 is true when the whole chunk is valid UTF-8, checked once in
	// Reset, so that a record is checked on its own only in a chunk that
	// is not
	utf8 bool
}

// NewParser returns a Parser for records of nfields fields separated by
// comma. nfields 0 accepts records of any length, as encoding/csv does for
// its first record. Most callers get their parser from [Chunker.NewParser]
// instead, which takes both from the header.
func NewParser(comma byte, nfields int) (*Parser, error) {
	if !validDelim(comma) {
		return nil, ErrDelimiter
	}
	if nfields < 0 {
		return nil, fmt.Errorf("csvrec: negative field count %d", nfields)
	}
	return &Parser{comma: comma, nfields: nfields}, nil
}

// Reset makes p parse the records of c from its first byte. c must start at
// a record boundary, as every chunk of a [Chunker] does.
func (p *Parser) Reset(c Chunk) {
	if p.comma == 0 {
		// The zero Parser: NUL pads the index's last block, so it must
		// never be the delimiter.
		p.comma = ','
	}
	p.data = c.Data
	p.pos = 0
	p.line = c.Line
	if p.line < 1 {
		p.line = 1
	}
	p.fields, p.ends, p.built = p.fields[:0], p.ends[:0], true
	p.raw = nil
	p.err = nil
	p.idx.reset()
	p.utf8 = utf8.Valid(p.data)
}

// Next advances to the next record, skipping blank lines, and reports
// whether there was one. A malformed record counts as a record: Next
// returns true and [Parser.Err] describes it.
func (p *Parser) Next() bool {
	p.err = nil
	p.fields, p.ends, p.built = p.fields[:0], p.ends[:0], true
	data := p.data
	for p.pos < len(data) {
		start := p.pos
		// The record has no quote if its line ends before the next '"'.
		ends, j := p.idx.record(p.ends[:0], data, p.comma, start)
		if j < len(data) && data[j] == '"' {
			p.recLine = p.line
			if j > start && data[j-1] != p.comma {
				// A bare quote: the slow path finds and reports it.
				p.parseQuoted(start, 0)
				return true
			}
			// The fields before the first quoted one are plain, and ends
			// has found them already: Fields builds them if asked to.
			p.ends = ends
			p.fields = slices.Grow(p.fields[:0], len(ends))[:len(ends)]
			p.built = false
			p.parseQuoted(start, j-start)
			return true
		}
		nl := j < len(data)
		next, end := j, j
		if nl {
			next++
		}
		if end > start && data[end-1] == '\r' {
			end--
		}
		if end == start {
			p.pos = next
			if nl {
				p.line++
			}
			continue
		}
		p.recLine = p.line
		p.ends = append(ends, end-start)
		p.plain = len(p.ends)
		p.built = false
		p.raw = data[start:next]
		p.pos = next
		if nl {
			p.line++
		}
		p.checkCount()
		return true
	}
	p.raw = nil
	return false
}

// Fields returns the fields of the current record, or nil if the record is
// malformed. Unquoted fields and quoted fields without escapes are
// sub-slices of the chunk; the others live in a scratch buffer reused by
// the next record. Each field has its capacity clipped to its length, so
// appending to one never overwrites its neighbour.
func (p *Parser) Fields() [][]byte {
	if p.err != nil {
		return nil
	}
	if !p.built {
		if n := len(p.ends); len(p.fields) < n {
			p.fields = slices.Grow(p.fields[:0], n)[:n]
		}
		start := 0
		for k, e := range p.ends {
			p.fields[k] = p.raw[start:e:e]
			start = e + 1
		}
		p.built = true
	}
	return p.fields
}

// NumFields returns the number of fields of the current record, 0 if it is
// malformed.
func (p *Parser) NumFields() int {
	if p.err != nil {
		return 0
	}
	return max(len(p.fields), len(p.ends))
}

// Field returns field k of the current record, which must be well formed,
// as [Parser.Fields] would; it does not build the others.
func (p *Parser) Field(k int) []byte {
	if k < p.plain {
		start := 0
		if k > 0 {
			start = p.ends[k-1] + 1
		}
		return p.raw[start:p.ends[k]:p.ends[k]]
	}
	return p.fields[k]
}

// PlainEnds returns, for each field of the plain prefix (see
// [Parser.PlainPrefix]), the offset in Raw where it ends: field k is
// Raw()[PlainEnds()[k-1]+1 : PlainEnds()[k]], from 0 for the first. The
// slice is valid until the next call to Next or Reset.
func (p *Parser) PlainEnds() []int {
	if p.err != nil {
		return nil
	}
	return p.ends[:p.plain]
}

// Line returns the physical line (1-based, counting '\n' bytes from the
// start of the input) where the current record starts.
func (p *Parser) Line() int { return p.recLine }

// Raw returns the bytes of the current record exactly as they appear in the
// chunk, line terminator included. For a malformed record they run to the
// end of the line where the error was found, which is where parsing
// resumes.
func (p *Parser) Raw() []byte { return p.raw }

// PlainPrefix returns how many leading fields of the current record were
// written without quotes: they are the bytes of Raw as written, in order
// from Raw's first byte, separated by exactly one delimiter, so that a run
// of them can be copied from Raw in one piece. It is 0 for a malformed
// record.
func (p *Parser) PlainPrefix() int {
	if p.err != nil {
		return 0
	}
	return p.plain
}

// Err returns the error of the current record, a [*ParseError], or nil.
func (p *Parser) Err() error { return p.err }

// checkCount checks a record that parsed: its number of fields, then its
// encoding.
func (p *Parser) checkCount() {
	if n := p.NumFields(); p.nfields > 0 && n != p.nfields {
		p.err = &ParseError{
			StartLine: p.recLine,
			Line:      p.recLine,
			Column:    1,
			Err:       fmt.Errorf("%w: got %d, want %d", ErrFieldCount, n, p.nfields),
		}
		return
	}
	if p.utf8 || utf8.Valid(p.raw) {
		return
	}
	// The delimiter, quotes and line ends are ASCII, which never occurs
	// inside a multi-byte sequence: the record is valid exactly when each
	// of its fields is, so one of them is not. The error names it, not
	// the bytes.
	for k, f := range p.Fields() {
		if !utf8.Valid(f) {
			p.err = &ParseError{StartLine: p.recLine, Line: p.recLine, Field: k + 1, Err: ErrUTF8}
			return
		}
	}
}

// parseQuoted parses a record that contains a '"' somewhere, following
// encoding/csv's readRecord step by step, including its line and column
// arithmetic, but without copying unquoted fields. Next calls it in one of
// two ways: with i0 = 0 for a record whose first quote is a bare quote (an
// error, which it finds and places), or with a quoted field starting at i0
// and the plain fields before it located in p.ends, with as many unbuilt
// entries in p.fields. A record it parses without error thus always has
// its plain prefix in p.ends.
func (p *Parser) parseQuoted(start, i0 int) {
	data, comma := p.data, p.comma
	p.scratch = p.scratch[:0]
	fields := p.fields
	lineNo := p.line
	lineStart := start
	content, nl, next := lineAt(data, start)
	i := i0 // offset in content
	p.plain = -1
	var perr *ParseError
parseField:
	for {
		if i >= len(content) || content[i] != '"' {
			// Unquoted fields up to the next quote of the line, if any,
			// go through the fast splitter.
			rest := content[i:]
			q := bytes.IndexByte(rest, '"')
			if q < 0 {
				fields = split(fields, rest, comma)
				break parseField
			}
			c := bytes.LastIndexByte(rest[:q], comma)
			if c < 0 || c+1 < q {
				// The quote is inside an unquoted field.
				if c >= 0 {
					fields = split(fields, rest[:c], comma)
				}
				perr = &ParseError{StartLine: p.recLine, Line: lineNo, Column: i + q + 1, Field: len(fields) + 1, Err: ErrBareQuote}
				break parseField
			}
			fields = split(fields, rest[:c], comma)
			i += q
		}

		fieldNo := len(fields) + 1
		if p.plain < 0 {
			p.plain = len(fields)
		}
		i++
		acc := accumulator{a: lineStart + i, b: lineStart + i, mark: len(p.scratch)}
		for {
			if k := bytes.IndexByte(content[i:], '"'); k >= 0 {
				acc.add(p, lineStart+i, lineStart+i+k)
				i += k + 1
				switch {
				case i < len(content) && content[i] == '"':
					// `""`: keep the first quote, which extends the
					// current range.
					acc.add(p, lineStart+i-1, lineStart+i)
					i++
				case i < len(content) && content[i] == comma:
					fields = append(fields, acc.field(p))
					i++
					continue parseField
				case i == len(content):
					fields = append(fields, acc.field(p))
					break parseField
				default:
					perr = &ParseError{StartLine: p.recLine, Line: lineNo, Column: i, Field: fieldNo, Err: ErrQuote}
					break parseField
				}
				continue
			}
			col := len(content) + 1
			if i < len(content) || nl {
				// The field goes on past the end of this line, with the
				// line terminator normalized to "\n".
				acc.add(p, lineStart+i, lineStart+len(content))
				if nl {
					acc.add(p, next-1, next)
					col++
				}
				c2, nl2, next2 := lineAt(data, next)
				if len(c2) > 0 || nl2 {
					lineNo++
					lineStart, content, nl, next = next, c2, nl2, next2
					i = 0
					continue
				}
				// Only a lone '\r' before the end of the data is left;
				// encoding/csv drops it.
				next = next2
			}
			perr = &ParseError{StartLine: p.recLine, Line: lineNo, Column: col, Field: fieldNo, Err: ErrQuote}
			nl = false
			break parseField
		}
	}
	p.fields = fields
	if p.plain < 0 {
		p.plain = len(fields)
	}
	p.raw = data[start:next]
	p.pos = next
	p.line = lineNo
	if nl {
		p.line++
	}
	if perr != nil {
		p.err = perr
		return
	}
	p.checkCount()
}

// accumulator collects the bytes of a quoted field as ranges of the chunk
// and copies them into the scratch buffer only once they stop being
// contiguous, so that quoted fields without escapes cost no copy.
type accumulator struct {
	a, b   int // pending range of p.data
	mark   int // len(p.scratch) when the field started
	copied bool
}

func (f *accumulator) add(p *Parser, x, y int) {
	if x == y {
		return
	}
	if f.a == f.b {
		f.a, f.b = x, y
		return
	}
	if f.b == x {
		f.b = y
		return
	}
	p.scratch = append(p.scratch, p.data[f.a:f.b]...)
	f.copied = true
	f.a, f.b = x, y
}

func (f *accumulator) field(p *Parser) []byte {
	if !f.copied {
		return p.data[f.a:f.b:f.b]
	}
	p.scratch = append(p.scratch, p.data[f.a:f.b]...)
	n := len(p.scratch)
	return p.scratch[f.mark:n:n]
}

// lineAt returns the line that starts at off: its content without the
// terminator ("\n", "\r\n", or a lone '\r' at the very end of data, which
// encoding/csv drops), whether it ended with '\n', and where the next line
// starts.
func lineAt(data []byte, off int) (content []byte, nl bool, next int) {
	rest := data[off:]
	if n := bytes.IndexByte(rest, '\n'); n >= 0 {
		content, nl, next = rest[:n], true, off+n+1
	} else {
		content, next = rest, len(data)
	}
	if k := len(content); k > 0 && content[k-1] == '\r' {
		content = content[:k-1]
	}
	return content, nl, next
}

// ValidDelim reports whether c can delimit fields: any ASCII byte but '"',
// '\r', '\n' and NUL.
func ValidDelim(c byte) bool { return validDelim(c) }

func validDelim(c byte) bool {
	return c != 0 && c != '"' && c != '\r' && c != '\n' && c < 0x80
}
