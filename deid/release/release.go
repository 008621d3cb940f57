package release

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/deidkit/deidkit/deid"
)

// Run reads records from in, applies the field policy, and, with a
// Privacy configuration, generalizes the quasi-identifiers until the
// release is k-anonymous (and l-diverse, t-close) in people, checks it
// with kanon.Verify on exactly the values to be written, and only then
// writes it to out. It returns the report.
//
// On error nothing more is written and what was written must be
// discarded; with a k-anonymity stage nothing is written before the
// release is verified. The report, when not nil, counts what was done
// until the error and says that the run failed (Report.Failed,
// Report.Err): its Written counts the records out accepted, and it never
// calls the release verified.
func Run(ctx context.Context, in io.Reader, out Writer, cfg Config) (rep *Report, err error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if err := checkRunArgs(in, out, cfg.Field.Quarantine); err != nil {
		return nil, err
	}
	if cfg.Input == 0 {
		cfg.Input = deid.CSV
	}
	// The report is bound to the input as read, and to the output as
	// written: no pass over either file of its own. The field stage hashes
	// its input's chunks in order as the workers finish them.
	read := sha256.New()
	cfg.Field.InputTee = read
	defer func() {
		if rep == nil {
			return
		}
		rep.Keys = keyIDs(cfg.Keys)
		if err == nil {
			rep.bind(read, out)
		}
	}()
	policy := cfg.Policy
	if policy == nil {
		br := bufio.NewReaderSize(in, peekSize)
		var fields []string
		fields, err = peekFields(br, cfg.Input, cfg.Field.Comma)
		if err != nil {
			return nil, err
		}
		var profile *deid.ProfileReport
		if policy, profile, err = cfg.Profile(fields); err != nil {
			return nil, err
		}
		in = br
		defer func() {
			if rep != nil {
				rep.Profile = profile
			}
		}()
	}
	if cfg.Privacy == nil {
		return runFieldOnly(ctx, in, out, &cfg, policy)
	}
	return runPrivate(ctx, in, out, &cfg, policy)
}

// fieldStage runs the field policy over in, its output going to w or, when
// sink is set, to sink; it returns the report of what it did.
func fieldStage(ctx context.Context, in io.Reader, w io.Writer, sink deid.RecordSink, cfg *Config, policy *deid.Policy, output deid.Format) (*Report, error) {
	opts := cfg.Field
	opts.Input, opts.Output, opts.Records = cfg.Input, output, sink
	tr, err := deid.NewTransformer(policy, cfg.Keys, opts)
	if err != nil {
		return nil, err
	}
	frep, err := tr.Run(ctx, in, w)
	rep := &Report{}
	if frep != nil {
		rep.Report = *frep
	}
	if sink != nil {
		rep.BytesWritten = 0 // the stream to the sink is internal
	}
	return rep, err
}

// runPrivate is a release with a k-anonymity stage.
func runPrivate(ctx context.Context, in io.Reader, out Writer, cfg *Config, policy *deid.Policy) (rep *Report, err error) {
	var accepted written // by out: nothing before the release is verified
	defer func() {
		if err != nil && rep != nil {
			rep.fail(err, accepted.records, accepted.bytes)
		}
	}()
	st := newStage(cfg.Privacy, policy, cfg.Types, cfg.TempDir)
	defer st.close()
	rep, err = fieldStage(ctx, in, nil, st, cfg, policy, 0)
	if err != nil {
		return rep, err
	}
	if st.names == nil {
		return rep, errNoColumns
	}
	k, err := anonymize(ctx, st, policy)
	if err != nil {
		return rep, err
	}
	if _, ok := k.rel.(*local); ok {
		// TopDown's release is written from its atoms: the table, read
		// only by Verify and the report, goes before the writing.
		k.table = nil
		st.tableMem.Free()
	}
	rep.KAnonymity = k.report
	rep.Columns = st.columns()
	// Nothing is published unless every record is accounted for.
	rep.Written -= int64(k.report.SuppressedRecords)
	rep.Suppressed += int64(k.report.SuppressedRecords)
	if k.report.SuppressedRecords > 0 {
		if rep.SuppressedBy == nil {
			rep.SuppressedBy = map[string]int64{}
		}
		rep.SuppressedBy[suppressedByK] += int64(k.report.SuppressedRecords)
	}
	if !rep.Reconciles() || rep.Written+int64(k.report.SuppressedRecords) != st.rows {
		return rep, fmt.Errorf("release: internal error: the counts do not reconcile: %+v", rep.Report)
	}
	accepted, err = k.write(ctx, st, out, rep.Columns)
	rep.BytesWritten = accepted.bytes
	return rep, err
}

// errNoColumns is an input without a header or first record to name the
// output columns.
var errNoColumns = fmt.Errorf("release: %w: the input has no record to name the columns", deid.ErrMalformedRecord)

// suppressedByK names the k-anonymity stage in Report.SuppressedBy.
const suppressedByK = "k-anonymity"

// runFieldOnly is a release of the field policy's output as it is.
func runFieldOnly(ctx context.Context, in io.Reader, out Writer, cfg *Config, policy *deid.Policy) (rep *Report, err error) {
	var counted *countedWriter // through the sink: what out took
	defer func() {
		if err != nil && rep != nil {
			if counted != nil { // the sink holds records before it writes them
				rep.Written, rep.BytesWritten = counted.took.records, counted.took.bytes
			}
			rep.fail(err, rep.Written, rep.BytesWritten)
		}
	}()
	if w, format, sum := directOutput(out, cfg); w != nil {
		// The field stage writes text itself, fastest: into a file, its
		// workers write their chunks at their offsets in parallel, and the
		// output is hashed in order as they finish.
		field := *cfg
		field.Field.OutputTee = sum
		rep, err := fieldStage(ctx, in, w, nil, &field, policy, format)
		if err == nil {
			err = out.Close()
		}
		return rep, err
	}
	counted = &countedWriter{Writer: out}
	sink := &streamSink{out: counted, policy: policy, declare: cfg.Types}
	rep, err = fieldStage(ctx, in, nil, sink, cfg, policy, 0)
	if err == nil {
		err = sink.finish()
	}
	if rep != nil {
		rep.Columns = sink.cols
		rep.BytesWritten = counted.took.bytes // of the fields, as the k path counts them
	}
	if err == nil {
		err = out.Close()
	}
	return rep, err
}

// directOutput returns where and in which format the field stage can write
// out's records itself, as out would, and the hash of out's checksum
// that it must write them to as well: CSV, whose values have no type, and
// NDJSON from NDJSON input, whose values keep their JSON types (and their
// nesting); nil when it cannot. The field stage gets out's own
// destination, not out's buffer: it writes whole chunks, and into a file,
// at their offsets.
func directOutput(out Writer, cfg *Config) (io.Writer, deid.Format, io.Writer) {
	if len(cfg.Types) > 0 {
		return nil, 0, nil
	}
	switch w := out.(type) {
	case *csvWriter:
		return w.dst, deid.CSV, w.h
	case *ndjsonWriter:
		if cfg.Input == deid.NDJSON {
			return w.dst, deid.NDJSON, w.h
		}
	}
	return nil, 0, nil
}

// inferRecords is how many records a release without a k-anonymity stage
// reads before it fixes the types of the columns it was not given.
const inferRecords = 1024

// streamSink passes the records of the field stage to a Writer, once
// the types of the columns are known: from the first inferRecords
// records, which it holds until then.
type streamSink struct {
	out      Writer
	policy   *deid.Policy
	declare  map[string]Type
	names    []string
	cols     []Column
	held     [][][]byte
	infer    *inference
	n        int64
	inferred int // records the types were inferred from
	started  bool
}

func (s *streamSink) Header(names []string) error {
	for n := range s.declare {
		found := false
		for _, m := range names {
			found = found || m == n
		}
		if !found {
			return fmt.Errorf("%w: Types names column %q, which the output lacks", ErrConfig, n)
		}
	}
	s.names = names
	s.infer = newInference(typable(s.policy, names))
	return nil
}

func (s *streamSink) Record(fields [][]byte) error {
	if s.started {
		return s.write(fields)
	}
	s.infer.add(fields)
	rec := make([][]byte, len(fields))
	for i, f := range fields {
		rec[i] = append([]byte(nil), f...)
	}
	s.held = append(s.held, rec)
	if len(s.held) >= inferRecords {
		return s.start()
	}
	return nil
}

// start fixes the column types, begins the output and writes the records
// held.
func (s *streamSink) start() error {
	s.started = true
	s.inferred = len(s.held)
	types := s.infer.types()
	s.cols = make([]Column, len(s.names))
	for i, n := range s.names {
		t := s.declare[n]
		if t == Auto {
			t = types[i]
		}
		s.cols[i] = Column{Name: n, Type: t}
	}
	if err := s.out.Begin(s.cols); err != nil {
		return err
	}
	held := s.held
	s.held = nil
	for _, rec := range held {
		if err := s.write(rec); err != nil {
			return err
		}
	}
	return nil
}

func (s *streamSink) write(fields [][]byte) error {
	s.n++
	for i, c := range s.cols {
		if c.Type != String && !fits(fields[i], c.Type) {
			e := &TypeError{Record: s.n, Column: c.Name, Type: c.Type}
			if s.declare[c.Name] == Auto {
				e.Inferred = s.inferred
			}
			return e
		}
	}
	return s.out.Write(fields)
}

// finish starts the output if fewer records than inferRecords came.
func (s *streamSink) finish() error {
	if s.started {
		return nil
	}
	if s.names == nil {
		return errNoColumns
	}
	return s.start()
}
