package parquet

import "bytes"

// lastBoundary returns the end of the last complete record in b (the
// offset just past its '\n'), or -1 if b holds none, and whether the end of
// b is inside a quoted field. inQuote is that state at the start of b.
//
// It follows quote parity only: every '"' toggles the state, so an escaped
// `""` toggles it twice. That is exact for well-formed CSV. For malformed
// CSV it may cut elsewhere than a full parser would, but then the parser
// reports an error in one of the pieces, since pieces that each parse
// cleanly and end on record boundaries join into well-formed CSV.
func lastBoundary(b []byte, inQuote bool) (end int, endInQuote bool) {
	end = -1
	for i := 0; i < len(b); {
		q := bytes.IndexByte(b[i:], '"')
		if inQuote {
			if q < 0 {
				return end, true
			}
			i += q + 1
			inQuote = false
			continue
		}
		seg := b[i:]
		if q >= 0 {
			seg = seg[:q]
		}
		if j := bytes.LastIndexByte(seg, '\n'); j >= 0 {
			end = i + j + 1
		}
		if q < 0 {
			return end, false
		}
		i += q + 1
		inQuote = true
	}
	return end, inQuote
}

// firstBoundary returns the end of the first record in b, which starts
// outside quotes: the offset just past the first '\n' outside quotes, or
// len(b) if there is none.
func firstBoundary(b []byte) int {
	inQuote := false
	for i := 0; i < len(b); {
		q := bytes.IndexByte(b[i:], '"')
		if inQuote {
			if q < 0 {
				return len(b)
			}
			i += q + 1
			inQuote = false
			continue
		}
		seg := b[i:]
		if q >= 0 {
			seg = seg[:q]
		}
		if j := bytes.IndexByte(seg, '\n'); j >= 0 {
			return i + j + 1
		}
		if q < 0 {
			return len(b)
		}
		i += q + 1
		inQuote = true
	}
	return len(b)
}
