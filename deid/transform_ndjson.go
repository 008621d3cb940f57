package deid

import (
	"errors"
	"io"
)

func (t *Transformer) newNDJSONSource(r io.Reader) (source, error) {
	return nil, errors.New("deid: NDJSON input is not available yet")
}
