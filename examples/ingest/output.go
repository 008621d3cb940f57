package main

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
)

// openOutput opens the NDJSON output for appending. A regular file whose
// last line is incomplete (a run killed in the middle of a write: the
// request was never acknowledged) is repaired first, by cutting that line
// off, so that the first record of this run does not start in the middle
// of a line and two records are not glued into one invalid line. The log
// says how many bytes went, never what they held.
func openOutput(path string, logger *log.Logger) (*os.File, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		// A FIFO or a device: written to, never read or cut.
		return os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cut, err := cutIncompleteLine(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: repairing an incomplete last line: %w", path, err)
	}
	if cut > 0 {
		logger.Printf("output: cut off an incomplete last line of %d bytes left by an earlier run", cut)
	}
	return f, nil
}

// cutIncompleteLine truncates a regular file after its last newline and
// returns how many bytes it removed.
func cutIncompleteLine(f *os.File) (int64, error) {
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return 0, err
	}
	size := fi.Size()
	buf := make([]byte, 64<<10)
	for end := size; end > 0; {
		start := max(end-int64(len(buf)), 0)
		b := buf[:end-start]
		if _, err := f.ReadAt(b, start); err != nil && err != io.EOF {
			return 0, err
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			keep := start + int64(i) + 1
			if keep == size {
				return 0, nil
			}
			return size - keep, f.Truncate(keep)
		}
		end = start
	}
	return size, f.Truncate(0) // one incomplete line and nothing else
}
