package deid

import "github.com/deidkit/deidkit/deid/internal/jsonrec"

// flatJSONEncoder writes a record of named text fields as one JSON object
// per line, every value a string: CSV has no types, and guessing them
// would change what the data says.
type flatJSONEncoder struct {
	keys [][]byte // `"name":` for each field, escaped once
}

func newFlatJSONEncoder(names []string) *flatJSONEncoder {
	e := &flatJSONEncoder{keys: make([][]byte, len(names))}
	for i, n := range names {
		k := jsonrec.AppendString(nil, []byte(n))
		e.keys[i] = append(k, ':')
	}
	return e
}

func (e *flatJSONEncoder) appendRow(dst []byte, rr *Row) []byte {
	r := rr.get()
	dst = append(dst, '{')
	for i := range r.ends {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, e.keys[i]...)
		dst = jsonrec.AppendString(dst, r.field(i))
	}
	return append(dst, "}\n"...)
}
