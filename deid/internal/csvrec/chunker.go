package csvrec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Defaults for [Options].
const (
	DefaultChunkSize     = 1 << 20
	DefaultMaxRecordSize = 64 << 20
)

// headerReadSize is how much the Chunker reads at a time while looking for
// the end of the header row.
const headerReadSize = 64 << 10

var bom = []byte{0xEF, 0xBB, 0xBF}

// Options configure a [Chunker]. The zero value reads comma-separated
// input in chunks of about [DefaultChunkSize] bytes.
type Options struct {
	// Comma is the field delimiter: any ASCII byte but '"', '\r', '\n' and
	// NUL. Zero means ','.
	Comma byte
	// ChunkSize is the target size of a chunk in bytes. A chunk is cut at
	// the last record boundary before this size, or grows past it to hold
	// a record that does not fit. Zero means DefaultChunkSize.
	ChunkSize int
	// MaxRecordSize bounds the size of one record, line terminators
	// included, and with it the size of a chunk; ChunkSize is lowered to
	// it if larger. Zero means DefaultMaxRecordSize.
	MaxRecordSize int
}

// Chunk is a run of whole records cut from the input.
type Chunk struct {
	Data   []byte // the records, as read; ends with '\n' unless it is the last chunk
	Line   int    // physical line number (1-based) of Data[0]
	Offset int64  // byte offset of Data[0] in the input, a skipped byte order mark included
	Seq    int    // position of the chunk in the input, from 0
}

// Chunker cuts CSV input into chunks of whole records that workers can parse
// in parallel. It reads the header row first. A Chunker is meant for the
// single goroutine that reads the input; it is not safe for concurrent use.
type Chunker struct {
	r    io.Reader
	opts Options

	headerRead bool
	header     []string
	headerErr  error

	carry  []byte // bytes read past the end of the last chunk
	eof    bool
	err    error // sticky: a read error or a record over the size limit
	line   int   // line number of the next chunk
	offset int64 // input offset of the next chunk
	seq    int
	scan   boundaryScanner
}

// NewChunker returns a Chunker reading from r. It reads nothing until the
// first call to Header or Next.
func NewChunker(r io.Reader, opts Options) (*Chunker, error) {
	if opts.Comma == 0 {
		opts.Comma = ','
	}
	if !validDelim(opts.Comma) {
		return nil, ErrDelimiter
	}
	if opts.ChunkSize < 0 || opts.MaxRecordSize < 0 {
		return nil, errors.New("csvrec: negative size option")
	}
	if opts.ChunkSize == 0 {
		opts.ChunkSize = DefaultChunkSize
	}
	if opts.MaxRecordSize == 0 {
		opts.MaxRecordSize = DefaultMaxRecordSize
	}
	// A record is checked against the limit when it does not fit in a
	// chunk, so no chunk may be larger than the limit.
	opts.ChunkSize = min(opts.ChunkSize, opts.MaxRecordSize)
	return &Chunker{r: r, opts: opts, line: 1}, nil
}

// Header reads the header row, the first record that is not a blank line,
// and returns the column names. The header must hold at least one column,
// no empty name and no name twice; errors wrap [ErrHeader] and, for a
// malformed row, a [*ParseError]. Later calls return the same result.
func (c *Chunker) Header() ([]string, error) {
	if !c.headerRead {
		c.headerRead = true
		c.header, c.headerErr = c.readHeader()
		if c.headerErr != nil {
			c.err = c.headerErr
		}
	}
	if c.headerErr != nil {
		return nil, c.headerErr
	}
	return append([]string(nil), c.header...), nil
}

// NewParser returns a Parser for the chunks of c: same delimiter, and the
// number of fields of the header. It reads the header if needed and fails
// if the header is invalid.
func (c *Chunker) NewParser() (*Parser, error) {
	if _, err := c.Header(); err != nil {
		return nil, err
	}
	return &Parser{comma: c.opts.Comma, nfields: len(c.header)}, nil
}

// Next returns the next chunk, or io.EOF after the last one. It fills buf
// (from length 0, growing it if its capacity is too small) and returns it
// as the chunk's Data, so callers can recycle the Data of chunks they are
// done with as the buf of later calls; buf may be nil. Chunk data must not
// be shared between two calls in flight: Next overwrites buf.
//
// Next fails on a read error and when a record exceeds MaxRecordSize; the
// error is sticky. Malformed records are left for the Parser to report.
func (c *Chunker) Next(buf []byte) (Chunk, error) {
	if !c.headerRead {
		if _, err := c.Header(); err != nil {
			return Chunk{}, err
		}
	}
	if c.err != nil {
		return Chunk{}, c.err
	}
	if c.eof && len(c.carry) == 0 {
		return Chunk{}, io.EOF
	}
	if cap(buf) < c.opts.ChunkSize {
		buf = make([]byte, 0, c.opts.ChunkSize)
	}
	buf = append(buf[:0], c.carry...)
	c.carry = c.carry[:0]
	c.scan.reset(c.opts.Comma)

	need := c.opts.ChunkSize
	var end int
	for {
		var err error
		if buf, err = c.fill(buf, need); err != nil {
			c.err = err
			return Chunk{}, err
		}
		// The carry of the previous chunk may hold more than need bytes:
		// look for a boundary in the first need bytes only, so that chunks
		// keep to their target size however the input was read.
		window := buf[:min(len(buf), need)]
		last := c.eof && len(window) == len(buf)
		c.scan.scan(window, last)
		if last {
			if len(window) == 0 {
				return Chunk{}, io.EOF
			}
			end = len(window)
		} else {
			end = c.scan.end(window)
		}
		if end > 0 {
			break
		}
		if len(window) > c.opts.MaxRecordSize {
			c.err = c.tooLong(window)
			return Chunk{}, c.err
		}
		need = min(2*need, c.opts.MaxRecordSize+1)
	}
	c.carry = append(c.carry, buf[end:]...)
	ch := Chunk{Data: buf[:end], Line: c.line, Offset: c.offset, Seq: c.seq}
	c.line += bytes.Count(ch.Data, []byte{'\n'})
	c.offset += int64(end)
	c.seq++
	return ch, nil
}

// Consumed returns the number of input bytes handed out so far as the
// header and chunks. It is meant for progress reports: after the last chunk
// it is the size of the input.
func (c *Chunker) Consumed() int64 { return c.offset }

// fill reads into buf until it holds need bytes or the input ends.
func (c *Chunker) fill(buf []byte, need int) ([]byte, error) {
	if cap(buf) < need {
		nb := make([]byte, len(buf), need)
		copy(nb, buf)
		buf = nb
	}
	empty := 0
	for !c.eof && len(buf) < need {
		n, err := c.r.Read(buf[len(buf):need])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			c.eof = true
		case err != nil:
			return buf, fmt.Errorf("csvrec: read: %w", err)
		case n == 0:
			if empty++; empty >= 100 {
				return buf, io.ErrNoProgress
			}
		}
	}
	return buf, nil
}

// tooLong reports the record that starts b (after any blank lines) as too
// long.
func (c *Chunker) tooLong(b []byte) error {
	line := c.line
	for len(b) > 0 {
		if b[0] == '\n' {
			b = b[1:]
		} else if len(b) > 1 && b[0] == '\r' && b[1] == '\n' {
			b = b[2:]
		} else {
			break
		}
		line++
	}
	return &ParseError{StartLine: line, Line: line, Err: fmt.Errorf("%w: more than %d bytes", ErrRecordTooLong, c.opts.MaxRecordSize)}
}

func (c *Chunker) readHeader() ([]string, error) {
	var buf []byte
	var s boundaryScanner
	s.reset(c.opts.Comma)
	// At least enough bytes to recognize a byte order mark.
	need := max(len(bom), min(headerReadSize, c.opts.ChunkSize, c.opts.MaxRecordSize+1))
	bomChecked := false
	for {
		var err error
		if buf, err = c.fill(buf, need); err != nil {
			return nil, err
		}
		if !bomChecked {
			bomChecked = true
			if bytes.HasPrefix(buf, bom) {
				buf = append(buf[:0], buf[len(bom):]...)
				c.offset += int64(len(bom))
			}
		}
		if c.eof && len(buf) == 0 {
			return nil, fmt.Errorf("%w: no header row", ErrHeader)
		}
		s.scan(buf, c.eof)
		end := len(buf)
		if !c.eof {
			end = s.end(buf)
		}
		if end > 0 {
			p := Parser{comma: c.opts.Comma}
			p.Reset(Chunk{Data: buf[:end], Line: c.line})
			if p.Next() {
				c.line = p.line
				c.offset += int64(p.pos)
				c.carry = append(c.carry[:0], buf[p.pos:]...)
				if err := p.Err(); err != nil {
					return nil, fmt.Errorf("%w: %w", ErrHeader, err)
				}
				return headerNames(p.Fields())
			}
			// Only blank lines so far: drop them.
			c.line = p.line
			c.offset += int64(end)
			buf = append(buf[:0], buf[end:]...)
			s.reset(c.opts.Comma)
			continue
		}
		if len(buf) > c.opts.MaxRecordSize {
			return nil, c.tooLong(buf)
		}
		need = min(2*max(need, len(buf)), c.opts.MaxRecordSize+1)
	}
}

func headerNames(fields [][]byte) ([]string, error) {
	names := make([]string, len(fields))
	seen := make(map[string]int, len(fields))
	for i, f := range fields {
		if len(f) == 0 {
			return nil, fmt.Errorf("%w: column %d has an empty name", ErrHeader, i+1)
		}
		names[i] = string(f)
		if j, dup := seen[names[i]]; dup {
			return nil, fmt.Errorf("%w: columns %d and %d have the same name", ErrHeader, j+1, i+1)
		}
		seen[names[i]] = i
	}
	return names, nil
}
