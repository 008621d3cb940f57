package main

import (
	"bufio"
	"errors"
	"io"
	"sync"
)

var errClosed = errors.New("output closed")

// A sink is where de-identified records go: an NDJSON stream shared by all
// requests. Each request's lines are written in one piece, so the records
// of concurrent requests never interleave, and flushed before the request
// is answered: a 200 means the records reached the output.
type sink struct {
	mu     sync.Mutex
	w      *bufio.Writer
	c      io.Closer // nil for stdout, which the program does not own
	closed bool
	err    error // the first write error; later writes fail with it
}

func newSink(w io.Writer, c io.Closer) *sink {
	return &sink{w: bufio.NewWriterSize(w, 64<<10), c: c}
}

// write appends lines (whole NDJSON lines) to the output and flushes it.
func (s *sink) write(lines []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return errClosed
	case s.err != nil:
		return s.err
	}
	if _, err := s.w.Write(lines); err != nil {
		s.err = err
		return err
	}
	if err := s.w.Flush(); err != nil {
		s.err = err
		return err
	}
	return nil
}

// close flushes and closes the output; later writes fail.
func (s *sink) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.w.Flush()
	if s.c != nil {
		if cerr := s.c.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = s.err
	}
	return err
}
