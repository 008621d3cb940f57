package deid

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/internal/sealed"
)

// Format is a record format of the streaming transformer.
type Format int

// The formats. Parquet output lives in package deid/parquet, so that a
// program that does not write Parquet does not link a Parquet library.
const (
	CSV Format = iota + 1
	NDJSON
)

func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case NDJSON:
		return "ndjson"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat returns the format named "csv" or "ndjson".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "csv":
		return CSV, nil
	case "ndjson", "jsonl":
		return NDJSON, nil
	}
	return 0, fmt.Errorf("deid: unknown format %q (csv or ndjson)", s)
}

// Options configure a [Transformer].
type Options struct {
	// Input and Output are the record formats; Output defaults to Input.
	Input, Output Format
	// Comma is the CSV field delimiter of the input (default ','); the
	// output uses OutputComma (default ',').
	Comma, OutputComma byte
	// Workers is the number of goroutines that read and transform chunks
	// in parallel (default GOMAXPROCS, and at least 2). A worker reads the
	// chunk it is about to transform, so a run keeps at most Workers
	// goroutines busy (writing the output is the only other work), and
	// with Workers: 1 reading and transforming take turns on one core. The
	// default of at least 2 keeps a Read that waits on a slow input (a
	// network stream) from idling the only core of a small machine.
	Workers int
	// ChunkSize is the target size of an input chunk (default 512 KiB:
	// the chunks a run has in flight then stay within the processors'
	// caches, which measured faster than 1 MiB with 2 workers and no
	// slower with 1). A run has 2 × Workers + 2 chunks in flight, each
	// with an input and an output buffer, so memory use is bounded by
	// about (4 × Workers + 4) × ChunkSize whatever the input size, plus
	// the buffers of records longer than a chunk while they are in flight
	// (at most MaxRecordSize each; they are dropped once written).
	ChunkSize int
	// MaxRecordSize bounds one record (default 64 MiB); a longer one stops
	// the run, since it cannot be held within the memory bound.
	MaxRecordSize int
	// Quarantine, when set, receives every record that cannot be parsed or
	// transformed, as one JSON object per line with its line number, the
	// reason and the raw record, and the run goes on. Without it the first
	// such record stops the run with an error naming its line and field.
	// The quarantine holds raw, identified records: protect it like the
	// input.
	Quarantine io.Writer
	// Exclude drops the records whose ExcludeField value is in the set (the
	// users who withdrew consent or deleted their accounts), before any
	// other rule; the report counts them. A record that cannot be parsed
	// cannot be checked: it goes to the quarantine (or stops the run) like
	// any malformed record, so a quarantine may hold an excluded user's
	// raw record and must be handled like the input.
	//
	// IDs are compared normalized ([NormalizeID]); a record whose ID is
	// empty once normalized cannot be checked and is a record error. The
	// report says how many listed IDs matched no record, and a run in
	// which none matched fails with [ErrNoExclusionMatch] (its output is
	// complete, but likely holds the records of every listed user) unless
	// ExcludeMayMatchNone is set.
	Exclude             IDSet
	ExcludeField        string
	ExcludeMayMatchNone bool
	// Records, when set, receives the released records as fields instead
	// of encoded output (see [RecordSink]): Run then writes nothing to its
	// writer, which must be nil, and Output must be unset or CSV, whose
	// rules it follows (fixed fields, named by the header).
	Records RecordSink
	// Progress, when set, is called with the number of input bytes
	// consumed so far, once per chunk (never per record), by the worker
	// that read the chunk. The calls of one run never overlap and their
	// values increase; concurrent runs of one Transformer call it
	// concurrently. No worker reads while it runs: keep it quick.
	Progress func(bytesRead int64)
	// InputTee and OutputTee, when set, get a copy of every byte Run reads
	// from its input and of every byte it writes to its output, in order:
	// a hash.Hash binds a report to both files without a pass of its own.
	// Each is written to by one goroutine at a time, not under the lock
	// the workers read with: after the first chunk, InputTee by a
	// goroutine of its own as the chunks are read, OutputTee by the one
	// that puts the chunks back in input order, so that the copies are
	// made while the workers transform the chunks. An error from either
	// stops the run. A run with a record sink has no output to copy:
	// OutputTee must then be nil. A Transformer with tees runs one run at
	// a time.
	InputTee, OutputTee io.Writer
	// AllowKeptIdentifiers releases what a run refuses by default: kept
	// fields whose names read as direct identifiers, and kept values that
	// look like identifiers or hold the record's own (see the package
	// doc, "Kept identifiers"). The run then writes them, and its report
	// warns of each field ([WarnIdentifierName], [WarnIdentifierValues]).
	// Set it only for a recipient entitled to identified data, or for
	// fields known to hold none (a check can be wrong).
	AllowKeptIdentifiers bool
}

// A Transformer applies a policy to a stream of records: CSV or NDJSON in,
// CSV or NDJSON out, in parallel over chunks of records, with the output in
// input order and memory bounded by its options. Make one with
// [NewTransformer]; it is safe to run it several times, concurrently
// (unless it has tees, whose copies would mix: such a Transformer refuses
// a second run while one is in progress). It keeps the chunk buffers of a
// finished run for the next one (at most one run's memory bound), so they
// hold input records until overwritten or until the Transformer is
// garbage collected.
type Transformer struct {
	b *binding
	// opts are the caller's options, completed: they hold the caller's
	// writers (the quarantine, the tees), exclusion set and record sink,
	// any of which may keep records or IDs. They sit two pointers away
	// (see package sealed), like runs: a Transformer held by value in
	// another struct's unexported field prints none of them.
	opts sealed.Ref[Options]
	// runs is what runs leave for the next: chunk buffers holding raw
	// input. It sits two pointers away (see package sealed): a
	// Transformer held by value in another struct's unexported field
	// prints none of it, under any verb.
	runs sealed.Ref[runState]
}

// runState is what the runs of a Transformer share.
type runState struct {
	// spare keeps the chunk buffers of finished runs for the next run, so
	// that repeated runs do not allocate (and collect) them again. They
	// hold at most the memory bound of one run.
	mu    sync.Mutex
	spare []*slot
	// teeing is set while a run with tees is in progress.
	teeing atomic.Bool
}

// NewTransformer validates the policy and options and binds the policy to
// its keys.
func NewTransformer(p *Policy, keys Keys, opts Options) (*Transformer, error) {
	if err := checkNilOptions(&opts); err != nil {
		return nil, err
	}
	b, err := bind(p, keys)
	if err != nil {
		return nil, err
	}
	b.listen(opts.Exclude, opts.ExcludeField)
	switch opts.Input {
	case CSV, NDJSON:
	case 0:
		return nil, errors.New("deid: no input format: set Options.Input to deid.CSV or deid.NDJSON")
	default:
		return nil, fmt.Errorf("deid: input format %v not supported: set Options.Input to deid.CSV or deid.NDJSON", opts.Input)
	}
	if opts.Output == 0 {
		opts.Output = opts.Input
		if opts.Records != nil {
			opts.Output = CSV
		}
	}
	if opts.Records != nil && opts.OutputTee != nil {
		return nil, fmt.Errorf("deid: a run with a record sink writes no output for OutputTee to copy")
	}
	if opts.Records != nil && opts.Output != CSV {
		return nil, fmt.Errorf("deid: a record sink takes the output of CSV rules; Output must be unset or csv")
	}
	if opts.Output != CSV && opts.Output != NDJSON {
		return nil, fmt.Errorf("deid: output format %v not supported (csv or ndjson; parquet is in package deid/parquet)", opts.Output)
	}
	if opts.Comma == 0 {
		opts.Comma = ','
	}
	if opts.OutputComma == 0 {
		opts.OutputComma = ','
	}
	for _, c := range []byte{opts.Comma, opts.OutputComma} {
		if !csvrec.ValidDelim(c) {
			return nil, fmt.Errorf("deid: %q cannot delimit CSV fields (not '\"', '\\r', '\\n', NUL or a non-ASCII byte)", c)
		}
	}
	if opts.Workers <= 0 {
		opts.Workers = max(runtime.GOMAXPROCS(0), 2)
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 512 << 10
	}
	if opts.MaxRecordSize <= 0 {
		opts.MaxRecordSize = 64 << 20
	}
	if (opts.Exclude == nil) != (opts.ExcludeField == "") {
		return nil, errors.New("deid: Exclude and ExcludeField go together")
	}
	return &Transformer{b: b, opts: sealed.New(&opts), runs: sealed.New(&runState{})}, nil
}

// Run reads records from r, transforms them and writes them to w, and
// returns the report. When w is an *os.File open on a regular file (not in
// append mode), the workers write their chunks at their offsets from the
// file's position with WriteAt, in parallel, so that the copy of the output
// into the file does not wait on one goroutine; the file's position is
// then moved past the output, as if it had been written with Write.
// Otherwise the chunks are written in order with w.Write, one write per
// chunk. On error the output is incomplete and must be
// discarded. The error is that of the earliest failure in the input (a
// record error before a read error after it), and the report counts the
// records and values of the output written until then.
//
// Run refuses a nil reader, a nil writer (unless Options.Records takes
// the records) and, with ErrSameFile, an output file that is its input.
//
// Cancelling ctx stops the run promptly: no Read of r starts after it, and
// Run returns ctx's cause once the goroutines it started have ended (a Read
// in progress is waited for).
func (t *Transformer) Run(ctx context.Context, r io.Reader, w io.Writer) (*Report, error) {
	rs := t.runs.Get()
	if rs == nil || t.b == nil || t.opts.Get() == nil {
		return nil, fmt.Errorf("%w: Transformer{}; use NewTransformer", ErrZeroValue)
	}
	if err := checkRunArgs(r, w, t.opts.Get().Records != nil, t.opts.Get()); err != nil {
		return nil, err
	}
	if t.opts.Get().InputTee != nil || t.opts.Get().OutputTee != nil {
		if !rs.teeing.CompareAndSwap(false, true) {
			return nil, errors.New("deid: a Transformer with tees runs one run at a time: their copies would mix")
		}
		defer rs.teeing.Store(false)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r = ctxReader{ctx, r}
	if t.opts.Get().Records != nil {
		if w != nil {
			return nil, errors.New("deid: Run with a record sink takes a nil writer")
		}
		w = t.recordOutput(w)
	}

	var src source
	var err error
	switch t.opts.Get().Input {
	case CSV:
		src, err = t.newCSVSource(r)
	default:
		src, err = t.newNDJSONSource(r)
	}
	if err != nil {
		return nil, err
	}
	rep := &Report{Policy: t.b.policy.Name}
	cw := &countingWriter{w: w, tee: t.opts.Get().OutputTee}
	if err := src.start(cw, rep); err != nil {
		if cause := context.Cause(ctx); cause != nil {
			return rep, cause
		}
		return rep, err
	}

	nslots := 2*t.opts.Get().Workers + 2
	slots := make(chan *slot, nslots)
	rs.mu.Lock()
	for range nslots {
		var s *slot
		if n := len(rs.spare); n > 0 {
			s, rs.spare = rs.spare[n-1], rs.spare[:n-1]
		} else {
			s = &slot{done: make(chan struct{}, 1), teed: make(chan error, 1)}
		}
		slots <- s
	}
	rs.mu.Unlock()
	defer func() {
		// Slots still in flight when a run stops early are left to the
		// garbage collector.
		rs.mu.Lock()
		defer rs.mu.Unlock()
		for len(rs.spare) < nslots {
			select {
			case s := <-slots:
				rs.spare = append(rs.spare, s)
			default:
				return
			}
		}
	}()
	order := make(chan *slot, nslots)
	f := &feed{src: src, order: order, progress: t.opts.Get().Progress}
	if t.opts.Get().InputTee != nil {
		f.tee = make(chan *slot, nslots)
	}
	var pl *placer
	if file, base, ok := positional(w); ok {
		pl = &placer{f: file, base: base, ring: make([]*slot, nslots)}
	}

	var wg sync.WaitGroup
	for range t.opts.Get().Workers {
		p := src.newProcessor()
		wg.Go(func() { t.work(ctx, p, f, slots, pl) })
	}
	if f.tee != nil {
		wg.Go(func() { teeInput(ctx, f.tee, t.opts.Get().InputTee) })
	}
	err = t.write(ctx, order, slots, cw, pl != nil, f.tee != nil, rep)
	if err == nil {
		// The writer has written every chunk read: reading stopped at the
		// end of the input, on a read error (f.err, set before order was
		// closed), or because the caller cancelled.
		if err = context.Cause(ctx); err == nil {
			err = f.err
		}
	}
	cancel(err)
	wg.Wait()
	if pl != nil {
		// Where a Write would have left it.
		if _, serr := pl.f.Seek(pl.base+pl.next, io.SeekStart); serr != nil && err == nil {
			err = fmt.Errorf("deid: write output: %w", serr)
		}
	}
	rep.BytesRead = src.consumed()
	rep.BytesWritten = cw.n
	return rep, t.endExclusion(rep, err)
}

// A slot carries one chunk through the pipeline: a worker reads into in,
// fills out, quar and stats, the writer writes and recycles it. The fixed
// number of slots bounds memory and how far reading runs ahead of writing.
type slot struct {
	chunk chunk
	seq   int // position of the chunk in the input
	in    []byte
	out   []byte
	quar  []byte
	stats chunkStats
	err   error // a record error that stops the run (no quarantine)
	werr  error // the error of writing out at its offset
	part  any   // what a ChunkSink made of the chunk, if sunk
	sunk  bool
	done  chan struct{}
	teed  chan error // the chunk's input bytes went to Options.InputTee
}

// chunk is a run of whole records and where it starts in the input, and
// the input bytes read for it that are owed to Options.InputTee.
type chunk struct {
	data []byte
	line int
	read []byte
}

// A source cuts the input into chunks, one call at a time, and makes
// the per-worker processors of its format.
type source interface {
	// start reads what precedes the records (a CSV header), compiles what
	// depends on it and writes what precedes the output records.
	start(w io.Writer, rep *Report) error
	next(buf []byte) (chunk, error)
	consumed() int64
	newProcessor() processor
}

// A processor transforms chunks for one worker.
type processor interface {
	process(s *slot, quarantine bool)
}

// A feed hands out the input's chunks. There is no reading goroutine:
// the worker that needs a chunk reads it, under the feed's lock, so that a
// run keeps at most Workers goroutines reading and transforming (and
// Workers: 1 uses one core for both), chunks are cut in input order, and
// the writer learns that order from the order channel.
type feed struct {
	mu       sync.Mutex
	src      source
	seq      int // of the next chunk
	ended    bool
	err      error // the read error that ended the input, if any
	order    chan<- *slot
	tee      chan *slot // the chunks, in order, for teeInput; nil without an input tee
	progress func(int64)
}

// next fills s with the next chunk and queues s for the writer. It reports
// false at the end of the input, after a read error (kept in f.err for
// the writer to return once the chunks before it are written, so that an
// earlier record error wins) and once ctx is done; s is then unused.
func (f *feed) next(ctx context.Context, s *slot) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ended {
		return false
	}
	if ctx.Err() != nil {
		f.end()
		return false
	}
	c, err := f.src.next(s.in)
	if err != nil {
		if err != io.EOF {
			f.err = err
		}
		f.end()
		return false
	}
	s.chunk, s.in, s.seq = c, c.data, f.seq
	f.seq++
	if f.progress != nil {
		f.progress(f.src.consumed())
	}
	// Never blocks: order and tee have room for every slot.
	f.order <- s
	if f.tee != nil {
		f.tee <- s
	}
	return true
}

func (f *feed) end() {
	f.ended = true
	close(f.order)
	if f.tee != nil {
		close(f.tee)
	}
}

// teeInput writes the input bytes of the chunks to tee, in input order,
// as they are read: on a goroutine of its own, while the workers
// transform the chunks, so that neither the read lock nor the goroutine
// that reorders waits for the copy (a hash of the input is the longest
// serial work of a run). The writer waits for it before it recycles a
// slot.
func teeInput(ctx context.Context, chunks <-chan *slot, tee io.Writer) {
	var err error
	for {
		select {
		case s, ok := <-chunks:
			if !ok {
				return
			}
			if err == nil && len(s.chunk.read) > 0 {
				if _, err = tee.Write(s.chunk.read); err != nil {
					err = fmt.Errorf("deid: input tee: %w", err)
				}
			}
			s.teed <- err
		case <-ctx.Done():
			return
		}
	}
}

func (t *Transformer) work(ctx context.Context, p processor, f *feed, slots chan *slot, pl *placer) {
	quarantine := t.opts.Get().Quarantine != nil
	for {
		var s *slot
		select {
		case s = <-slots:
		case <-ctx.Done():
			return
		}
		if !f.next(ctx, s) {
			slots <- s // unused: back for the next run (there is room: it came from there)
			return
		}
		if cap(s.out) < t.opts.Get().ChunkSize {
			// At its full size at once: grown by appends, the buffer
			// would be copied and zeroed at each doubling, and new
			// memory costs a page fault a page (tens of microseconds
			// each on a virtual machine), whose pages a buffer allocated
			// once only takes as the output fills them.
			s.out = make([]byte, 0, t.opts.Get().ChunkSize)
		}
		p.process(s, quarantine)
		t.sinkChunk(s)
		if pl != nil {
			pl.place(s)
			continue
		}
		s.done <- struct{}{}
	}
}

// A placer gives the chunks of a run their offsets in a file, in input
// order, as they are transformed, so that the workers can write them with
// WriteAt at the same time: the worker that transformed a chunk places it,
// and the chunks after it that were waiting for it, and writes them.
type placer struct {
	f    *os.File
	base int64 // the file's position when the records start
	mu   sync.Mutex
	next int64   // offset of the next chunk from base
	seq  int     // its position in the input
	ring []*slot // transformed, waiting for the chunks before them; by seq modulo the slots of a run
}

// positional returns w as a file that chunks can be written to at their
// offsets: a regular file, not in append mode, whose position is known.
func positional(w io.Writer) (*os.File, int64, bool) {
	f, ok := w.(*os.File)
	if !ok {
		return nil, 0, false
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, 0, false
	}
	base, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, 0, false
	}
	if _, err := f.WriteAt(nil, base); err != nil { // append mode
		return nil, 0, false
	}
	return f, base, true
}

// place places s, and the transformed chunks that waited for it, writes
// them and hands them to the writer. A chunk that failed takes no room.
func (pl *placer) place(s *slot) {
	var ready [8]*slot
	for {
		n := 0
		pl.mu.Lock()
		if s != nil {
			pl.ring[s.seq%len(pl.ring)] = s
			s = nil
		}
		for n < len(ready) {
			i := pl.seq % len(pl.ring)
			r := pl.ring[i]
			if r == nil || r.seq != pl.seq {
				break
			}
			pl.ring[i] = nil
			pl.seq++
			ready[n] = r
			n++
		}
		offsets := [len(ready)]int64{}
		for i, r := range ready[:n] {
			offsets[i] = pl.base + pl.next
			if r.err == nil {
				pl.next += int64(len(r.out))
			}
		}
		pl.mu.Unlock()
		if n == 0 {
			return
		}
		for i, r := range ready[:n] {
			r.werr = nil
			if r.err == nil && len(r.out) > 0 {
				_, r.werr = pl.f.WriteAt(r.out, offsets[i])
			}
			r.done <- struct{}{}
		}
	}
}

// write waits for the chunks in input order (and, with teed, for their
// input bytes to be copied to the input tee), writes them (unless the
// workers did: written), and their quarantined records, and counts them in
// the report.
func (t *Transformer) write(ctx context.Context, order <-chan *slot, slots chan<- *slot, w *countingWriter, written, teed bool, rep *Report) error {
	conds := make([]string, len(t.b.policy.Suppress))
	for k := range conds {
		conds[k] = t.b.policy.Suppress[k].label()
	}
	// The field counts of the chunks written, in the order fields are
	// first met (a CSV source lists its columns at start).
	byField := make(map[string]int, len(rep.Fields))
	for i, f := range rep.Fields {
		byField[f.Field] = i
	}
	for {
		var s *slot
		select {
		case s = <-order:
			if s == nil {
				return nil
			}
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		select {
		case <-s.done:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		if s.err != nil {
			return s.err
		}
		if teed {
			select {
			case err := <-s.teed:
				if err != nil {
					return err
				}
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		if err := t.commitChunk(s); err != nil {
			return err
		}
		if written {
			if s.werr != nil {
				return fmt.Errorf("deid: write output: %w", s.werr)
			}
			if err := w.wrote(s.out); err != nil {
				return err
			}
		} else if _, err := w.Write(s.out); err != nil {
			return fmt.Errorf("deid: write output: %w", err)
		}
		if len(s.quar) > 0 {
			if _, err := t.opts.Get().Quarantine.Write(s.quar); err != nil {
				return fmt.Errorf("deid: write quarantine: %w", err)
			}
		}
		rep.add(&s.stats, conds, byField)
		s.trim(4 * t.opts.Get().ChunkSize)
		slots <- s
	}
}

// trim drops the buffers of s that grew past limit for a long record, so
// that a run, and the spare slots kept for the next, hold no more than the
// memory bound once such a record is written.
func (s *slot) trim(limit int) {
	if cap(s.in) > limit {
		s.in = nil
	}
	if cap(s.out) > limit {
		s.out = nil
	}
	if cap(s.quar) > limit {
		s.quar = nil
	}
	if len(s.stats.fields) > 256 {
		// Input whose keys are data: let the field list and its map go.
		s.stats.fields, s.stats.fieldAt = nil, nil
	}
}

// ctxReader stops reading once ctx is done, so that a run over a slow
// input stops at the next Read rather than at the end of a chunk.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := context.Cause(c.ctx); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// countingWriter counts the bytes of the output, and copies them to tee.
type countingWriter struct {
	w   io.Writer
	tee io.Writer
	n   int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if terr := c.wrote(p[:n]); terr != nil && err == nil {
		err = terr
	}
	return n, err
}

// wrote counts p, written to the output by other means (at an offset).
func (c *countingWriter) wrote(p []byte) error {
	c.n += int64(len(p))
	if c.tee == nil || len(p) == 0 {
		return nil
	}
	if _, err := c.tee.Write(p); err != nil {
		return fmt.Errorf("deid: output tee: %w", err)
	}
	return nil
}
