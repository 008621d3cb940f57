package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
)

// newSink returns where the final records go. The stream written into it
// is NDJSON when the output format is ndjson, and CSV otherwise: a Parquet
// sink reads CSV (see package deid/parquet).
func newSink(out io.Writer, format string) (io.WriteCloser, error) {
	if format == "parquet" {
		return newParquetSink(out), nil
	}
	return nopCloser{out}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// recordEncoder writes the records of the k-anonymity stage in the stream
// format of the sink.
type recordEncoder struct {
	csv    *csv.Writer
	bw     *bufio.Writer
	header []string
	keys   []json.RawMessage
}

func newRecordEncoder(w io.Writer, header []string, format string) *recordEncoder {
	e := &recordEncoder{header: header}
	if format == "ndjson" {
		e.bw = bufio.NewWriterSize(w, 1<<16)
		for _, h := range header {
			k, _ := json.Marshal(h)
			e.keys = append(e.keys, k)
		}
		return e
	}
	e.csv = csv.NewWriter(w)
	e.csv.Write(header)
	return e
}

func (e *recordEncoder) write(rec []string) error {
	if e.csv != nil {
		return e.csv.Write(rec)
	}
	// Keys in the header's order: encoding/json would sort a map's keys.
	e.bw.WriteByte('{')
	for i, v := range rec {
		if i > 0 {
			e.bw.WriteByte(',')
		}
		e.bw.Write(e.keys[i])
		e.bw.WriteByte(':')
		b, _ := json.Marshal(v)
		e.bw.Write(b)
	}
	_, err := e.bw.WriteString("}\n")
	return err
}

func (e *recordEncoder) flush() error {
	if e.csv != nil {
		e.csv.Flush()
		return e.csv.Error()
	}
	return e.bw.Flush()
}
