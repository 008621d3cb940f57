package jsonrec

import (
	"errors"
	"fmt"
)

// Sentinel causes wrapped by [*SyntaxError] and the other errors of this
// package; test for them with [errors.Is].
var (
	ErrSyntax       = errors.New("jsonrec: invalid JSON")
	ErrNotObject    = errors.New("jsonrec: line is not a JSON object")
	ErrDepth        = errors.New("jsonrec: nested too deep")
	ErrDuplicateKey = errors.New("jsonrec: duplicate key")
	ErrUTF8         = errors.New("jsonrec: invalid UTF-8")
	ErrLineTooLong  = errors.New("jsonrec: line too long")
)

// SyntaxError locates the first problem in a line. It holds no input text.
type SyntaxError struct {
	Column int    // 1-based byte offset in the line
	What   string // a short description of what was expected or found
	Err    error  // one of the sentinel errors
}

func (e *SyntaxError) Error() string {
	if e.What == "" {
		return fmt.Sprintf("column %d: %v", e.Column, e.Err)
	}
	return fmt.Sprintf("column %d: %v: %s", e.Column, e.Err, e.What)
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// LineError is an error of the Chunker that concerns one line.
type LineError struct {
	Line int // physical line number, from 1
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }
