package csvrec

import (
	"errors"
	"fmt"
	"io"

	"github.com/deidkit/deidkit/deid/internal/chunk"
)

// Defaults for [Options].
const (
	DefaultChunkSize     = 1 << 20
	DefaultMaxRecordSize = 64 << 20
)

// headerReadSize is how much the Chunker reads at a time while looking for
// the end of the header row.
const headerReadSize = 64 << 10

// bomSize is the size of a UTF-8 byte order mark, which the first read
// must hold to recognize one.
const bomSize = 3

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
	// Tee, when set, gets every byte read from the input, in order: those
	// read for the header and the first chunk from the Chunker, the others
	// as each chunk's Read, which the caller writes to Tee in chunk order.
	Tee io.Writer
}

// Chunk is a run of whole records cut from the input.
type Chunk = chunk.Chunk

// Chunker cuts CSV input into chunks of whole records that workers can parse
// in parallel. It reads the header row first. A Chunker is meant for the
// single goroutine that reads the input; it is not safe for concurrent use.
type Chunker struct {
	in   *chunk.Stream
	opts Options

	headerRead bool
	header     []string
	headerErr  error

	err  error // sticky: a read error or a record over the size limit
	scan boundaryScanner
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
	var err error
	opts.ChunkSize, opts.MaxRecordSize, err = chunk.Sizes("csvrec", opts.ChunkSize, opts.MaxRecordSize, DefaultChunkSize, DefaultMaxRecordSize)
	if err != nil {
		return nil, err
	}
	return &Chunker{in: chunk.NewStream(r, "csvrec", opts.Tee), opts: opts}, nil
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
	if c.in.Done() {
		return Chunk{}, io.EOF
	}
	buf = c.in.Begin(buf, c.opts.ChunkSize)
	c.scan.reset(c.opts.Comma)

	need := c.opts.ChunkSize
	var end int
	for {
		var err error
		if buf, err = c.in.Fill(buf, need); err != nil {
			c.err = err
			return Chunk{}, err
		}
		// The carry of the previous chunk may hold more than need bytes:
		// look for a boundary in the first need bytes only, so that chunks
		// keep to their target size however the input was read.
		window := buf[:min(len(buf), need)]
		last := c.in.EOF() && len(window) == len(buf)
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
	return c.in.Cut(buf, end), nil
}

// Consumed returns the number of input bytes handed out so far as the
// header and chunks. It is meant for progress reports: after the last chunk
// it is the size of the input.
func (c *Chunker) Consumed() int64 { return c.in.Offset() }

// tooLong reports the record that starts b (after any blank lines) as too
// long.
func (c *Chunker) tooLong(b []byte) error {
	line := c.in.Line()
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
	need := max(bomSize, min(headerReadSize, c.opts.ChunkSize, c.opts.MaxRecordSize+1))
	bomChecked := false
	for {
		var err error
		if buf, err = c.in.Fill(buf, need); err != nil {
			return nil, err
		}
		if !bomChecked {
			bomChecked = true
			buf = c.in.SkipBOM(buf)
			if len(buf) >= 2 && (buf[0] == 0xff && buf[1] == 0xfe || buf[0] == 0xfe && buf[1] == 0xff) {
				return nil, fmt.Errorf("%w: %w: the input starts with a UTF-16 byte order mark", ErrHeader, ErrUTF8)
			}
		}
		eof := c.in.EOF()
		if eof && len(buf) == 0 {
			return nil, fmt.Errorf("%w: no header row", ErrHeader)
		}
		s.scan(buf, eof)
		end := len(buf)
		if !eof {
			end = s.end(buf)
		}
		if end > 0 {
			p := Parser{comma: c.opts.Comma}
			p.Reset(Chunk{Data: buf[:end], Line: c.in.Line()})
			if p.Next() {
				c.in.Consume(buf[:p.pos])
				c.in.Carry(buf[p.pos:])
				if err := p.Err(); err != nil {
					var pe *ParseError
					if errors.As(err, &pe) && errors.Is(err, ErrUTF8) {
						// Of a name, as headerNames says it.
						return nil, fmt.Errorf("%w: column %d: %w", ErrHeader, pe.Field, ErrUTF8)
					}
					return nil, fmt.Errorf("%w: %w", ErrHeader, err)
				}
				return headerNames(p.Fields())
			}
			// Only blank lines so far: drop them.
			c.in.Consume(buf[:end])
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
