package deid

import (
	"fmt"
	"iter"
)

// A ChunkSink is a RecordSink whose work on the records runs on the
// transformer's workers, in parallel, rather than on the one goroutine
// that receives the records in input order: a sink that does more per
// record than keep it (dictionary-encodes values, checks their types,
// writes them to a file) keeps the transformer's parallelism.
//
// The transformer calls Header as for any RecordSink, then, instead of
// Record, Chunk and Commit: Chunk with the records of each chunk of the
// input, on the worker that transformed the chunk, concurrently with the
// other workers; Commit with what Chunk returned, for every chunk in
// input order, from the goroutine that called [Transformer.Run], never
// concurrently, as Record would be. What must follow the input's order
// (numbering values in order of first appearance, the position of a record
// in a file) is done in Commit, from what Chunk prepared.
type ChunkSink interface {
	RecordSink
	// Chunk receives the records of one chunk, in input order. Their
	// fields stay valid until Commit of the chunk returns, so that what
	// Chunk returns may alias them. An error stops the run, as a record
	// error at the chunk would.
	Chunk(records iter.Seq[[][]byte]) (any, error)
	// Commit receives what Chunk returned for a chunk. An error stops the
	// run.
	Commit(chunk any) error
}

// sinkChunk hands the records of the chunk a worker transformed to a
// ChunkSink, on that worker, and keeps what it returned in the slot for
// commitChunk. The records leave the slot's output (which the writer
// then has nothing to write of) but stay in its buffer, untouched until
// the slot is recycled after commitChunk.
func (t *Transformer) sinkChunk(s *slot) {
	s.sunk = false
	cs, ok := t.opts.Get().Records.(ChunkSink)
	if !ok || s.err != nil {
		return
	}
	var rr recordReader
	var bad error
	records := func(yield func([][]byte) bool) {
		for p := s.out; len(p) > 0; {
			tag, fields, rest, err := rr.next(p)
			if err == nil && tag != recordTag {
				err = errRecordStream
			}
			if err != nil {
				bad = err
				return
			}
			if !yield(fields) {
				return
			}
			p = rest
		}
	}
	part, err := cs.Chunk(records)
	switch {
	case bad != nil:
		s.err = bad
	case err != nil:
		s.err = fmt.Errorf("deid: record sink: %w", err)
	default:
		s.part, s.sunk = part, true
	}
	s.out = s.out[:0]
}

// commitChunk hands a ChunkSink what it made of the slot's chunk, in
// input order.
func (t *Transformer) commitChunk(s *slot) error {
	if !s.sunk {
		return nil
	}
	part := s.part
	s.part, s.sunk = nil, false
	if err := t.opts.Get().Records.(ChunkSink).Commit(part); err != nil {
		return fmt.Errorf("deid: record sink: %w", err)
	}
	return nil
}
