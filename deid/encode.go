package deid

import "github.com/deidkit/deidkit/deid/internal/csvrec"

// An encoder writes output records of one format.
type encoder interface {
	appendRow(dst []byte, r *Row) []byte
}

func (t *Transformer) newEncoder(names []string) encoder {
	if t.opts.Get().Output == NDJSON {
		return newFlatJSONEncoder(names)
	}
	return t.rowEncoder()
}

// csvEncoder writes a record as encoding/csv.Writer would.
type csvEncoder struct{ comma byte }

func (e csvEncoder) appendRow(dst []byte, rr *Row) []byte {
	r := rr.get()
	start := len(dst)
	for i := range r.ends {
		if i > 0 {
			dst = append(dst, e.comma)
		}
		dst = csvrec.AppendField(dst, r.field(i), e.comma)
	}
	return endCSVRecord(dst, start)
}

// endCSVRecord ends the record that starts at dst[start]. A record of
// nothing (one empty field) is written as "": encoding/csv writes a blank
// line, which every CSV reader (encoding/csv included) skips, losing the
// record.
func endCSVRecord(dst []byte, start int) []byte {
	if len(dst) == start {
		dst = append(dst, `""`...)
	}
	return append(dst, '\n')
}

// appendCSVHeader appends the header row of names.
func appendCSVHeader(dst []byte, names []string, comma byte) []byte {
	for i, name := range names {
		if i > 0 {
			dst = append(dst, comma)
		}
		dst = csvrec.AppendField(dst, []byte(name), comma)
	}
	return append(dst, '\n')
}
