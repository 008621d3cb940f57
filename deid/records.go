package deid

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/deidkit/deidkit/deid/internal/fieldrec"
)

// A RecordSink receives the records of a run as their output fields,
// instead of encoded output: a consumer that needs the values themselves
// (the k-anonymity stage of package deid/release, a writer of typed
// columns) takes them as the plan produces them, without parsing text that
// the run would otherwise have written. See [Options.Records].
//
// A run calls the sink from the goroutine that called [Transformer.Run],
// never concurrently: Header once, then Record for every released record,
// in input order. The records have the fields Header named, in that order.
// A sink error stops the run and is returned by Run.
type RecordSink interface {
	// Header names the output fields: the policy's output for a CSV
	// header, or for the first NDJSON record that parses. Records of
	// another shape are record errors, quarantined or fatal like any
	// other, as for CSV output.
	Header(names []string) error
	// Record receives one released record. The fields alias the run's
	// buffers: they are valid only until Record returns.
	Record(fields [][]byte) error
}

// Records travel from the workers to the sink in the slots' output
// buffers, in place of encoded output, so that the transformer's pipeline
// (ordered chunks, quarantine, counts) carries them unchanged. Each is a
// tag byte, the number of fields and each field's length (uvarints), and
// the fields' bytes. A chunk's buffer holds whole records only.
const (
	recordTag = 'R'
	headerTag = 'H'
)

// recordEncoder writes rows in the record stream format.
type recordEncoder struct{}

func (recordEncoder) appendRow(dst []byte, rr *Row) []byte {
	r := rr.get()
	dst = append(dst, recordTag)
	dst = binary.AppendUvarint(dst, uint64(len(r.ends)))
	for i := range r.ends {
		dst = fieldrec.AppendLen(dst, len(r.field(i)))
	}
	return append(dst, r.buf...)
}

// appendHeader appends the header of an output with the fields names: a
// CSV header row, or the header of a record stream.
func (t *Transformer) appendHeader(dst []byte, names []string) []byte {
	if t.opts.Get().Records == nil {
		return appendCSVHeader(dst, names, t.opts.Get().OutputComma)
	}
	dst = append(dst, headerTag)
	dst = binary.AppendUvarint(dst, uint64(len(names)))
	for _, n := range names {
		dst = binary.AppendUvarint(dst, uint64(len(n)))
	}
	for _, n := range names {
		dst = append(dst, n...)
	}
	return dst
}

// rowEncoder returns the encoder of records of a fixed set of fields (CSV
// output, or a record sink).
func (t *Transformer) rowEncoder() encoder {
	if t.opts.Get().Records != nil {
		return recordEncoder{}
	}
	return csvEncoder{comma: t.opts.Get().OutputComma}
}

// recordDecoder is the output of a run with a record sink: it decodes the
// record stream that the run writes and hands the records to the sink.
type recordDecoder struct {
	sink   RecordSink
	header bool
	recordReader
}

var errRecordStream = errors.New("deid: internal error: malformed record stream")

func (d *recordDecoder) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		tag, fields, rest, err := d.next(p)
		if err != nil {
			return 0, err
		}
		p = rest
		switch {
		case tag == headerTag && !d.header:
			d.header = true
			names := make([]string, len(fields))
			for i, f := range fields {
				names[i] = string(f)
			}
			err = d.sink.Header(names)
		case tag == recordTag && d.header:
			err = d.sink.Record(fields)
		default:
			return 0, errRecordStream
		}
		if err != nil {
			return 0, fmt.Errorf("record sink: %w", err)
		}
	}
	return n, nil
}

// A recordReader decodes the records of a record stream.
type recordReader struct {
	lens   []int
	fields [][]byte
}

// next decodes the record at the start of p, which must not be empty: its
// tag, its fields (aliasing p, in a slice reused by the next call) and
// the rest of p.
func (r *recordReader) next(p []byte) (tag byte, fields [][]byte, rest []byte, err error) {
	tag = p[0]
	p = p[1:]
	count, k := binary.Uvarint(p)
	if k <= 0 || count > uint64(len(p)) {
		return 0, nil, nil, errRecordStream
	}
	p = p[k:]
	r.fields, _, rest, err = fieldrec.Split(p, int(count), r.fields, &r.lens)
	if err != nil {
		return 0, nil, nil, errRecordStream
	}
	return tag, r.fields, rest, nil
}

// recordOutput returns where a run writes: w, or with a record sink the
// decoder that feeds it.
func (t *Transformer) recordOutput(w io.Writer) io.Writer {
	if t.opts.Get().Records == nil {
		return w
	}
	return &recordDecoder{sink: t.opts.Get().Records}
}
