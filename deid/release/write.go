package release

import (
	"context"
	"encoding/binary"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
)

// written counts what a Writer accepted: records, and the bytes of their
// fields.
type written struct{ records, bytes int64 }

// write writes the release: every record not withheld, its
// quasi-identifiers as released and its other fields from the spill, in
// input order. The spill's chunks are assembled into records on several
// goroutines at once, and encoded there too when out can encode apart
// from writing (CSV); this goroutine hands the records, or their
// encoding, to out in order. It returns what out accepted, on error too:
// a record whose Write returned nil, or a chunk's encoding whose
// writeEncoded did.
func (v *verified) write(ctx context.Context, st *stage, out Writer, cols []Column) (written, error) {
	rows := int64(0)
	for _, sp := range st.spill.chunks {
		rows += sp.rows
	}
	if rows != st.rows {
		return written{}, errSpill
	}
	if err := out.Begin(cols); err != nil {
		return written{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	enc, _ := out.(encodedWriter)
	as := &assembler{v: v, st: st, enc: enc, qiOf: make([]int, len(cols))}
	for i := range as.qiOf {
		as.qiOf[i] = -1
	}
	for q, i := range st.qiCol {
		as.qiOf[i] = q
	}
	as.spilledCol = st.spilled
	as.qiCol = make([]bool, len(cols))
	as.allCols = make([]bool, len(cols))
	for i, q := range as.qiOf {
		as.qiCol[i], as.allCols[i] = q >= 0, true
	}
	as.appendReleased = func(dst []byte, row, q int) []byte { return append(dst, v.rel.Released(row, q)...) }
	if a, ok := v.rel.(interface {
		AppendReleased(dst []byte, row, qi int) []byte
	}); ok {
		as.appendReleased = a.AppendReleased
	}
	if r, ok := v.rel.(rowReleaser); ok {
		as.rowReleased = r.RowReleased
	}

	workers := max(runtime.GOMAXPROCS(0), 2)
	inFlight := 2*workers + 1
	free := make(chan *piece, inFlight)
	for range inFlight {
		free <- &piece{done: make(chan struct{}, 1)}
	}
	order := make(chan *piece, inFlight)
	todo := make(chan *piece, inFlight)
	var wg sync.WaitGroup
	wg.Go(func() {
		// Hands out the chunks in order; never blocks but on free, since
		// order and todo have room for every piece.
		defer close(order)
		defer close(todo)
		row := 0
		for _, sp := range st.spill.chunks {
			var p *piece
			select {
			case p = <-free:
			case <-ctx.Done():
				return
			}
			p.span, p.row = sp, row
			row += int(sp.rows)
			order <- p
			todo <- p
		}
	})
	for range workers {
		wg.Go(func() {
			var sc assemblyScratch
			for p := range todo {
				p.err = as.assemble(ctx, p, &sc)
				p.done <- struct{}{}
			}
		})
	}
	var n written
	err := func() error {
		fields := make([][]byte, len(cols))
		for p := range order {
			<-p.done
			if p.err != nil {
				return p.err
			}
			if enc != nil {
				if err := enc.writeEncoded(p.out); err != nil {
					return err
				}
				n.records += p.records
				n.bytes += p.bytes
			} else if err := p.each(fields, out.Write, &n); err != nil {
				return err
			}
			free <- p
		}
		return ctx.Err()
	}()
	cancel()
	wg.Wait()
	if err != nil {
		return n, err
	}
	return n, out.Close()
}

// An encodedWriter is a Writer whose records can be encoded apart from
// being written: by appendRecordOf, from any goroutine, then written, in
// order, by writeEncoded.
type encodedWriter interface {
	Writer
	// appendRecordOf appends the encoding of a record; plain, if not nil,
	// marks the fields known to hold no byte that makes a CSV field quoted
	// (plainCSV).
	appendRecordOf(dst []byte, fields [][]byte, plain []bool) []byte
	writeEncoded(p []byte) error
}

func (c *csvWriter) appendRecord(dst []byte, fields [][]byte) []byte {
	return c.appendRecordOf(dst, fields, nil)
}

func (c *csvWriter) appendRecordOf(dst []byte, fields [][]byte, plain []bool) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		// A field of plain bytes is quoted only for its first byte (a
		// space) or as `\.` (two bytes from a backslash are left to
		// AppendField): anything else is copied as it is, which is what
		// AppendField would do, without looking at every byte again.
		if plain != nil && plain[i] && (len(f) == 0 || f[0] > ' ' && f[0] < utf8.RuneSelf && !(len(f) == 2 && f[0] == '\\')) {
			dst = append(dst, f...)
			continue
		}
		dst = csvrec.AppendField(dst, f, ',')
	}
	if len(fields) == 1 && len(fields[0]) == 0 {
		// A lone empty field as a blank line would be skipped by readers.
		dst = append(dst, `""`...)
	}
	return append(dst, '\n')
}

func (c *csvWriter) writeEncoded(p []byte) error {
	_, err := c.w.Write(p)
	return err
}

// plainCSV reports whether b holds none of the bytes that make a CSV
// field quoted wherever they are (the comma, the quote, CR and LF),
// eight bytes at a time: the spilled fields of a record, all at once.
func plainCSV(b []byte) bool {
	const ones = 0x0101010101010101
	hasZero := func(v uint64) uint64 { return (v - ones) &^ v & (ones * 0x80) }
	for ; len(b) >= 8; b = b[8:] {
		x := binary.LittleEndian.Uint64(b)
		// The four are below '-': most words have no such byte (digits,
		// letters, '.', '-' and ':'), which one test tells.
		if (x-ones*'-')&^x&(ones*0x80) == 0 {
			continue
		}
		if hasZero(x^(ones*','))|hasZero(x^(ones*'"'))|hasZero(x^(ones*'\n'))|hasZero(x^(ones*'\r')) != 0 {
			return false
		}
	}
	for _, c := range b {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			return false
		}
	}
	return true
}

// A piece is one chunk of the spill on its way to the Writer: the
// records released of it, encoded in out, or as their fields' bytes, one
// after the other, in out and where each field ends.
type piece struct {
	span    span
	row     int // the first record of the chunk
	in      []byte
	out     []byte
	ends    []int32
	records int64
	bytes   int64 // of the released fields
	err     error
	done    chan struct{}
}

// each calls write with the fields of each record of p, in order, and
// adds those it accepted to n.
func (p *piece) each(fields [][]byte, write func([][]byte) error, n *written) error {
	start, recStart := 0, 0
	for i, end := range p.ends {
		fields[i%len(fields)] = p.out[start:end:end]
		start = int(end)
		if (i+1)%len(fields) == 0 {
			if err := write(fields); err != nil {
				return err
			}
			n.records++
			n.bytes += int64(start - recStart)
			recStart = start
		}
	}
	return nil
}

// An assembler makes the released records of a chunk of the spill.
type assembler struct {
	v              *verified
	st             *stage
	enc            encodedWriter // nil: records as fields
	qiOf           []int         // per output column: its quasi-identifier, or -1
	spilledCol     []bool        // per output column: whether it is spilled
	qiCol          []bool        // per output column: whether it is a quasi-identifier
	allCols        []bool        // every output column
	appendReleased func(dst []byte, row, q int) []byte
	rowReleased    func(row int) (class int, qi []string) // nil: cell by cell, by appendReleased
}

// A rowReleaser is a release that gives a record's class and released
// quasi-identifiers at once: the writer then looks its class up once, not
// once per cell and once more for Suppressed, and judges the quoting of
// a class's values once.
type rowReleaser interface {
	// RowReleased returns row's class, -1 if row is suppressed, and the
	// released values of its quasi-identifiers, the same for every row
	// of the class.
	RowReleased(row int) (class int, qi []string)
}

// released makes sc.qi row's released quasi-identifiers, and reports
// false if row is suppressed; sc.qiPlain tells whether they hold no byte
// that makes a CSV field quoted wherever it is (plainCSV).
func (as *assembler) released(row int, sc *assemblyScratch) bool {
	sc.qiPlain = false
	if as.rowReleased != nil {
		c, qi := as.rowReleased(row)
		if c < 0 {
			return false
		}
		// Views of the release's strings, which nothing writes to: the
		// encoders and the copy into the piece only read them.
		for q, v := range qi {
			sc.views[q] = unsafe.Slice(unsafe.StringData(v), len(v))
		}
		sc.qi = sc.views
		if c >= len(sc.plainClass) {
			sc.plainClass = append(sc.plainClass, make([]uint8, c+1-len(sc.plainClass))...)
		}
		if sc.plainClass[c] == 0 {
			sc.plainClass[c] = 2
			if !slices.ContainsFunc(sc.qi, func(v []byte) bool { return !plainCSV(v) }) {
				sc.plainClass[c] = 1
			}
		}
		sc.qiPlain = sc.plainClass[c] == 1
		return true
	}
	if as.v.rel.Suppressed(row) {
		return false
	}
	for q := range sc.labels {
		sc.labels[q] = as.appendReleased(sc.labels[q][:0], row, q)
	}
	sc.qi = sc.labels
	return true
}

// assemblyScratch is the memory of one goroutine assembling records.
type assemblyScratch struct {
	spilled    [][]byte
	lens       []int
	fields     [][]byte
	labels     [][]byte // the released values, copied by appendReleased
	views      [][]byte // the released values, viewed (rowReleased)
	qi         [][]byte // labels or views
	qiPlain    bool
	plainClass []uint8 // per class: 0 not yet judged, 1 its values are plainCSV, 2 not
}

// assemble reads p's chunk of the spill and makes its released records.
func (as *assembler) assemble(ctx context.Context, p *piece, sc *assemblyScratch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	st := as.st
	var err error
	if p.in, err = st.spill.readChunk(p.span, p.in); err != nil {
		return err
	}
	p.out, p.ends, p.records, p.bytes = p.out[:0], p.ends[:0], 0, 0
	sc.spilled = grow(sc.spilled, st.nspilled)
	sc.fields = grow(sc.fields, len(as.qiOf))
	sc.labels = grow(sc.labels, len(st.qiCol))
	sc.views = grow(sc.views, len(st.qiCol))
	rest := p.in
	for row := p.row; row < p.row+int(p.span.rows); row++ {
		var body []byte
		if body, rest, err = nextSpilled(rest, sc.spilled, &sc.lens); err != nil {
			return err
		}
		if !as.released(row, sc) {
			continue
		}
		p.records++
		if as.enc == nil {
			s := 0
			for _, q := range as.qiOf {
				start := len(p.out)
				if q >= 0 {
					p.out = append(p.out, sc.qi[q]...)
				} else {
					p.out = append(p.out, sc.spilled[s]...)
					s++
				}
				p.ends = append(p.ends, int32(len(p.out)))
				p.bytes += int64(len(p.out) - start)
			}
			continue
		}
		s := 0
		for i, q := range as.qiOf {
			if q >= 0 {
				sc.fields[i] = sc.qi[q]
			} else {
				sc.fields[i] = sc.spilled[s]
				s++
			}
			p.bytes += int64(len(sc.fields[i]))
		}
		var plain []bool
		switch bodyPlain := plainCSV(body); {
		case bodyPlain && sc.qiPlain:
			plain = as.allCols
		case bodyPlain:
			plain = as.spilledCol
		case sc.qiPlain:
			plain = as.qiCol
		}
		p.out = as.enc.appendRecordOf(p.out, sc.fields, plain)
	}
	if len(rest) > 0 {
		return errSpill
	}
	return nil
}

// grow returns s with length n.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
