package release

import (
	"context"
	"sync"
)

// write writes the release: every record not withheld, its
// quasi-identifiers as released and its other fields from the spill. A
// goroutine reads the spill and assembles the records, in batches, while
// this one hands them to out, which encodes and writes them.
func (v *verified) write(ctx context.Context, st *stage, out Writer, cols []Column) (int64, error) {
	st.spill.rewind()
	cw := &countWriter{Writer: out}
	if err := cw.Begin(cols); err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	free := make(chan *batch, batchesInFlight)
	for range batchesInFlight {
		free <- &batch{}
	}
	full := make(chan *batch, batchesInFlight)
	var aerr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(full)
		aerr = v.assemble(ctx, st, len(cols), free, full)
	})
	err := func() error {
		fields := make([][]byte, len(cols))
		for b := range full {
			start := 0
			for i, end := range b.ends {
				fields[i%len(fields)] = b.buf[start:end:end]
				start = int(end)
				if (i+1)%len(fields) == 0 {
					if err := cw.Write(fields); err != nil {
						return err
					}
				}
			}
			free <- b
		}
		return nil
	}()
	cancel()
	wg.Wait()
	if err == nil {
		err = aerr
	}
	if err != nil {
		return cw.n, err
	}
	return cw.n, cw.Close()
}

// A batch is released records, assembled for the Writer: their fields'
// bytes, one after the other, and where each field ends.
type batch struct {
	buf  []byte
	ends []int32
}

const (
	batchesInFlight = 3
	batchBytes      = 256 << 10
)

// assemble reads the spill and sends the records to be released in
// batches taken from free, in input order, until the last.
func (v *verified) assemble(ctx context.Context, st *stage, ncols int, free <-chan *batch, full chan<- *batch) error {
	spilled := make([][]byte, st.nspilled)
	qiOf := make([]int, ncols)
	for i := range qiOf {
		qiOf[i] = -1
	}
	for q, i := range st.qiCol {
		qiOf[i] = q
	}
	appendReleased := func(dst []byte, row, q int) []byte { return append(dst, v.rel.Released(row, q)...) }
	if a, ok := v.rel.(interface {
		AppendReleased(dst []byte, row, qi int) []byte
	}); ok {
		appendReleased = a.AppendReleased
	}
	var b *batch
	send := func() error {
		select {
		case full <- b:
			b = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for row := range int(st.rows) {
		if b == nil {
			select {
			case b = <-free:
				b.buf, b.ends = b.buf[:0], b.ends[:0]
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := st.spill.read(st.nspilled, spilled); err != nil {
			return err
		}
		if v.rel.Suppressed(row) {
			continue
		}
		s := 0
		for _, q := range qiOf {
			if q >= 0 {
				b.buf = appendReleased(b.buf, row, q)
			} else {
				b.buf = append(b.buf, spilled[s]...)
				s++
			}
			b.ends = append(b.ends, int32(len(b.buf)))
		}
		if len(b.buf) >= batchBytes {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if b != nil && len(b.ends) > 0 {
		return send()
	}
	return nil
}

// countWriter counts the bytes of the fields it writes (not of the
// encoding, which only the Writer knows).
type countWriter struct {
	Writer
	n int64
}

func (c *countWriter) Write(fields [][]byte) error {
	for _, f := range fields {
		c.n += int64(len(f))
	}
	return c.Writer.Write(fields)
}
