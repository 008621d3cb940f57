package jsonrec

import (
	"bytes"
	"fmt"
	"io"

	"github.com/deidkit/deidkit/deid/internal/chunk"
)

// Defaults for [Options].
const (
	DefaultChunkSize   = 1 << 20
	DefaultMaxLineSize = 64 << 20
)

// bomSize is the size of a UTF-8 byte order mark, which the first read
// must hold to recognize one.
const bomSize = 3

// Options configure a [Chunker]. The zero value is usable.
type Options struct {
	// ChunkSize is the target size of a chunk in bytes; a chunk is cut at
	// the last line end before it, or grows to hold a longer line. Zero
	// means DefaultChunkSize.
	ChunkSize int
	// MaxLineSize bounds one line, its terminator included; ChunkSize is
	// lowered to it if larger. Zero means DefaultMaxLineSize.
	MaxLineSize int
	// Tee, when set, gets every byte read from the input, in order: those
	// read for the first chunk from the Chunker, the others as each
	// chunk's Read, which the caller writes to Tee in chunk order.
	Tee io.Writer
}

// Chunk is a run of whole lines cut from the input.
type Chunk = chunk.Chunk

// Chunker cuts NDJSON input into chunks of whole lines. A UTF-8 byte order
// mark at the start of the input is skipped. It is meant for the single
// goroutine that reads the input and is not safe for concurrent use.
type Chunker struct {
	in      *chunk.Stream
	opts    Options
	started bool
	err     error
}

// NewChunker returns a Chunker reading from r.
func NewChunker(r io.Reader, opts Options) (*Chunker, error) {
	var err error
	opts.ChunkSize, opts.MaxLineSize, err = chunk.Sizes("jsonrec", opts.ChunkSize, opts.MaxLineSize, DefaultChunkSize, DefaultMaxLineSize)
	if err != nil {
		return nil, err
	}
	return &Chunker{in: chunk.NewStream(r, "jsonrec", opts.Tee), opts: opts}, nil
}

// Next returns the next chunk, or io.EOF after the last one. It fills buf
// from length 0 (growing it if needed) and returns it as the chunk's Data,
// so that callers can recycle the Data of chunks they are done with; buf
// may be nil. Next fails on a read error and on a line longer than
// MaxLineSize, with a [*LineError]; errors are sticky.
func (c *Chunker) Next(buf []byte) (Chunk, error) {
	if c.err != nil {
		return Chunk{}, c.err
	}
	if c.in.Done() {
		return Chunk{}, io.EOF
	}
	buf = c.in.Begin(buf, c.opts.ChunkSize)
	need := c.opts.ChunkSize
	if !c.started {
		need = max(need, bomSize)
	}
	scanned := 0 // bytes known to hold no '\n'
	var end int
	for {
		var err error
		if buf, err = c.in.Fill(buf, need); err != nil {
			c.err = err
			return Chunk{}, err
		}
		if !c.started {
			c.started = true
			buf = c.in.SkipBOM(buf)
		}
		window := buf[:min(len(buf), need)]
		if c.in.EOF() && len(window) == len(buf) {
			if len(window) == 0 {
				return Chunk{}, io.EOF
			}
			end = len(window)
			break
		}
		if i := bytes.LastIndexByte(window[scanned:], '\n'); i >= 0 {
			end = scanned + i + 1
			break
		}
		scanned = len(window)
		if len(window) > c.opts.MaxLineSize {
			c.err = &LineError{Line: c.in.Line() + leadingBlankLines(window), Err: fmt.Errorf("%w: more than %d bytes", ErrLineTooLong, c.opts.MaxLineSize)}
			return Chunk{}, c.err
		}
		need = min(2*need, c.opts.MaxLineSize+1)
	}
	return c.in.Cut(buf, end), nil
}

// leadingBlankLines counts the blank lines that start b.
func leadingBlankLines(b []byte) int {
	n := 0
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 || !blank(b[:i]) {
			return n
		}
		b = b[i+1:]
		n++
	}
}

// Consumed returns the number of input bytes handed out so far in chunks,
// for progress reports.
func (c *Chunker) Consumed() int64 { return c.in.Offset() }

// Lines walks the lines of a chunk that are not blank (empty or only
// spaces, tabs and carriage returns).
type Lines struct {
	data    []byte
	pos     int
	line    int
	cur     []byte
	raw     []byte
	curLine int
}

// Reset makes l walk the lines of c from its start.
func (l *Lines) Reset(c Chunk) {
	*l = Lines{data: c.Data, line: max(c.Line, 1)}
}

// Next advances to the next non-blank line and reports whether there is
// one.
func (l *Lines) Next() bool {
	for l.pos < len(l.data) {
		start := l.pos
		rest := l.data[start:]
		n := bytes.IndexByte(rest, '\n')
		text := rest
		if n >= 0 {
			text = rest[:n]
			l.pos = start + n + 1
		} else {
			l.pos = len(l.data)
		}
		l.curLine = l.line
		if n >= 0 {
			l.line++
		}
		if k := len(text); k > 0 && text[k-1] == '\r' {
			text = text[:k-1]
		}
		if blank(text) {
			continue
		}
		l.cur, l.raw = text, l.data[start:l.pos]
		return true
	}
	l.cur, l.raw = nil, nil
	return false
}

// Bytes returns the current line without its terminator ("\n" or "\r\n").
func (l *Lines) Bytes() []byte { return l.cur }

// Raw returns the current line as read, terminator included, for a
// quarantine file.
func (l *Lines) Raw() []byte { return l.raw }

// Line returns the line number of the current line.
func (l *Lines) Line() int { return l.curLine }

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
