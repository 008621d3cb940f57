package main

import (
	"fmt"
	"io"
	"os"
)

// openAuditLog opens the audit log for appending, creating it readable
// by its owner only. A log whose last line is incomplete (a crash in the
// middle of a write, or a file edited by hand) gets a line break first,
// so that the first event of this run is a line of its own: glued to the
// torn line it would be lost with it to whoever reads the log line by
// line. The torn line stays: an audit log is never cut.
func openAuditLog(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := endLine(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit log %s: %w", path, err)
	}
	return f, nil
}

// endLine appends a line break to f unless it is empty, ends with one,
// or is not a regular file (a FIFO, a device).
func endLine(f *os.File) error {
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return err
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, fi.Size()-1); err != nil && err != io.EOF {
		return err
	}
	if last[0] == '\n' {
		return nil
	}
	_, err = f.Write([]byte{'\n'})
	return err
}
