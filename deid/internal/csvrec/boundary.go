package csvrec

import "bytes"

// boundaryScanner finds record boundaries without splitting fields. It
// visits only quotes and newlines and follows the same rules as the Parser
// (and encoding/csv), including how they resynchronize after an error, so
// that the boundaries it finds are exactly where the Parser's records end:
//
//   - outside quotes, a '"' opens a quoted field if it starts a field (it
//     follows the delimiter, a newline or the start of the chunk); anywhere
//     else it is a bare quote, an error that ends the record at the end of
//     the line;
//   - inside quotes, `""` is an escaped quote, and a closing '"' must be
//     followed by the delimiter or the end of the line, otherwise the record
//     is in error and ends at the end of the line;
//   - outside quotes, every '\n' ends a record (or a blank line).
//
// Its state survives between calls, so a caller that appends more input to
// the same buffer resumes where the last call stopped.
type boundaryScanner struct {
	comma    byte
	pos      int  // next byte to examine
	inQuote  bool // inside a quoted field
	skipLine bool // in a malformed record: everything up to '\n' belongs to it

	// boundary is the end of the last complete record found so far. The
	// newlines between quoted fields are located lazily: boundary may stop
	// at the first newline of the latest run of bytes outside quotes, which
	// ends at hi, and end moves it to the last one.
	boundary int
	hi       int
}

func (s *boundaryScanner) reset(comma byte) {
	*s = boundaryScanner{comma: comma}
}

// scan examines b[s.pos:]. At eof the input ends with b; otherwise scan
// stops where it needs bytes beyond b to decide.
func (s *boundaryScanner) scan(b []byte, eof bool) {
	for s.pos < len(b) {
		switch {
		case s.skipLine:
			i := bytes.IndexByte(b[s.pos:], '\n')
			if i < 0 {
				s.pos = len(b)
				return
			}
			s.pos += i + 1
			s.boundary = s.pos
			s.skipLine = false

		case !s.inQuote:
			rest := b[s.pos:]
			q := bytes.IndexByte(rest, '"')
			if q < 0 {
				if j := bytes.LastIndexByte(rest, '\n'); j >= 0 {
					s.boundary = s.pos + j + 1
				}
				s.pos = len(b)
				return
			}
			if j := bytes.IndexByte(rest[:q], '\n'); j >= 0 {
				s.boundary = s.pos + j + 1
				s.hi = s.pos + q
			}
			q += s.pos
			if q == 0 || b[q-1] == s.comma || b[q-1] == '\n' {
				s.inQuote = true
			} else {
				s.skipLine = true
			}
			s.pos = q + 1

		default:
			q := bytes.IndexByte(b[s.pos:], '"')
			if q < 0 {
				s.pos = len(b)
				return
			}
			q += s.pos
			if q+1 == len(b) {
				if !eof {
					s.pos = q // decide once the next byte is known
					return
				}
				s.inQuote = false
				s.pos = len(b)
				return
			}
			switch b[q+1] {
			case '"':
				s.pos = q + 2
			case s.comma:
				s.inQuote = false
				s.pos = q + 2
			case '\n':
				s.inQuote = false
				s.pos = q + 2
				s.boundary = s.pos
			case '\r':
				if q+2 == len(b) {
					if !eof {
						s.pos = q
						return
					}
					s.inQuote = false
					s.pos = len(b)
					return
				}
				s.inQuote = false
				if b[q+2] == '\n' {
					s.pos = q + 3
					s.boundary = s.pos
				} else {
					s.skipLine = true
					s.pos = q + 2
				}
			default:
				s.inQuote = false
				s.skipLine = true
				s.pos = q + 1
			}
		}
	}
}

// end returns the end of the last complete record in b, 0 if there is none.
func (s *boundaryScanner) end(b []byte) int {
	if s.hi > s.boundary {
		if j := bytes.LastIndexByte(b[s.boundary:s.hi], '\n'); j >= 0 {
			s.boundary += j + 1
		}
	}
	return s.boundary
}
