package deid

import "github.com/deidkit/deidkit/deid/internal/csvrec"

// An encoder writes output records of one format.
type encoder interface {
	appendRow(dst []byte, r *Row) []byte
}

func (t *Transformer) newEncoder(names []string) encoder {
	if t.opts.Output == NDJSON {
		return newFlatJSONEncoder(names)
	}
	return csvEncoder{comma: t.opts.OutputComma}
}

// csvEncoder writes a record as encoding/csv.Writer would.
type csvEncoder struct{ comma byte }

func (e csvEncoder) appendRow(dst []byte, r *Row) []byte {
	if r.Len() == 1 && len(r.Field(0)) == 0 {
		// encoding/csv writes a blank line here, which every CSV reader
		// (encoding/csv included) skips: the record would be lost.
		return append(dst, "\"\"\n"...)
	}
	for i := range r.Len() {
		if i > 0 {
			dst = append(dst, e.comma)
		}
		dst = csvrec.AppendField(dst, r.Field(i), e.comma)
	}
	return append(dst, '\n')
}
