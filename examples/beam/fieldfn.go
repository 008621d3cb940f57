package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
	"github.com/deidkit/deidkit/pseudo"
)

// Counters of the field stage, shown by the runner while the job runs.
var (
	recordsRead        = beam.NewCounter("deidkit", "records_read")
	recordsExcluded    = beam.NewCounter("deidkit", "records_excluded")
	recordsSuppressed  = beam.NewCounter("deidkit", "records_suppressed")
	recordsQuarantined = beam.NewCounter("deidkit", "records_quarantined")
)

// matchedDomain is the pseudonym domain in which the matched IDs of the
// exclusion list travel to be counted: identifiers of people who
// withdrew are never moved between workers as they are.
const matchedDomain = "exclusion/matched"

// fieldFn applies the field policy to the records of one shard, with the
// library's streaming transformer (one worker: the runner runs DoFns in
// parallel), whose records it takes as fields (deid.RecordSink): CSV or
// NDJSON parsing, shapes, exclusion, suppression and quarantine are the
// library's, as in examples/export. Reading and the field stage run on
// the worker that reads the shard, so that identified records never cross
// a shuffle; the number of shards bounds this stage's parallelism.
//
// Keys are loaded once per DoFn instance, which the runner reuses for
// bundle after bundle; the exclusion list arrives as a side input (the
// file's bytes, read by the library's reader) and is built into a set
// once, on the first shard.
type fieldFn struct {
	Spec jobSpec

	keys     deid.Keys
	policy   *deid.Policy
	format   deid.Format
	matched  *pseudo.Pseudonymizer
	exclude  deid.IDSet
	listRead bool
}

func (fn *fieldFn) Setup() error {
	s := &fn.Spec
	keys, err := keyfile.Load(s.Keyset, s.TokenKeyset, s.KEK)
	if err != nil {
		return err
	}
	fn.keys = deid.Keys{Pseudonyms: keys.Pseudonyms, Tokens: keys.Tokens}
	if fn.matched, err = pseudo.New(keys.Pseudonyms, matchedDomain); err != nil {
		return err
	}
	if fn.policy, err = deid.ParsePolicy([]byte(s.Policy)); err != nil {
		return err
	}
	fn.format, err = deid.ParseFormat(s.InFormat)
	return err
}

func (fn *fieldFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, list func(*[]byte) bool,
	emit func([]string), quarantine func(string), report func(deid.Report), matched func(string)) error {
	s := &fn.Spec
	if !fn.listRead {
		set, err := exclusionList(list, s.ExcludeList)
		if err != nil {
			return err
		}
		fn.exclude, fn.listRead = set, true
	}
	name := f.Metadata.Path
	rc, err := f.Open(ctx)
	if err != nil {
		return err
	}
	defer rc.Close()
	sink := &emitSink{want: s.OutFields, emit: emit}
	// Every shard is transformed as a part of one input: the exclusion
	// list must match someone across the job, not in each shard (the
	// final step checks that).
	// The library refuses kept identifiers in every shard (a record error,
	// quarantined with the others when asked), unless the job allows them.
	opts := deid.Options{Input: fn.format, Workers: 1, Records: sink, ExcludeMayMatchNone: true, AllowKeptIdentifiers: s.AllowKeptIdentifiers}
	var ids *recordingSet
	if fn.exclude != nil {
		ids = &recordingSet{IDSet: fn.exclude}
		opts.Exclude, opts.ExcludeField = ids, s.ExcludeField
	}
	q := &quarantineWriter{file: name, emit: quarantine}
	if s.Quarantine != "" {
		opts.Quarantine = q
	}
	tr, err := deid.NewTransformer(fn.policy, fn.keys, opts)
	if err != nil {
		return err
	}
	rep, err := tr.Run(ctx, rc, nil)
	if err == nil {
		err = q.err
	}
	if err != nil {
		hint := ""
		if s.Quarantine == "" && !errors.Is(err, errOtherColumns) {
			hint = " (pass -quarantine to set records that cannot be transformed aside)"
		}
		return fmt.Errorf("%s: %w%s", name, err, hint)
	}
	rep.Exclusion = nil // the job's, from the matched IDs of every shard
	recordsRead.Inc(ctx, rep.Read)
	recordsExcluded.Inc(ctx, rep.Excluded)
	recordsSuppressed.Inc(ctx, rep.Suppressed)
	recordsQuarantined.Inc(ctx, rep.Quarantined)
	report(*rep)
	if ids != nil {
		for id := range ids.matched {
			matched(string(fn.matched.Append(nil, []byte(id))))
		}
	}
	return nil
}

// errOtherColumns is a shard whose records have other fields than the
// first shard's.
var errOtherColumns = errors.New("its columns differ from the first shard's: every shard must have the same columns (NDJSON: the same fields in its first record)")

// emitSink hands the transformer's records on to the pipeline, after
// checking that the shard has the columns of the job.
type emitSink struct {
	want []string
	emit func([]string)
}

func (s *emitSink) Header(names []string) error {
	if !slices.Equal(names, s.want) {
		// The names may be values (a shard without a header row): they
		// must not reach a log.
		return errOtherColumns
	}
	return nil
}

func (s *emitSink) Record(fields [][]byte) error {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = string(f)
	}
	s.emit(out)
	return nil
}

// recordingSet is the exclusion list, remembering which of its IDs
// matched a record. Its Unwrap hands the library the list itself, whose
// near matches (a listed "0042" against a record's "42") it alone knows.
type recordingSet struct {
	deid.IDSet
	mu      sync.Mutex
	matched map[string]bool
}

func (r *recordingSet) Unwrap() deid.IDSet { return r.IDSet }

func (r *recordingSet) Contains(id []byte) bool {
	if !r.IDSet.Contains(id) {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.matched == nil {
		r.matched = map[string]bool{}
	}
	r.matched[string(id)] = true
	return true
}

// quarantineWriter receives the library's quarantine lines (one JSON
// object per record: its line, the reason, the raw record) and hands each
// on with the name of its shard.
type quarantineWriter struct {
	file string
	emit func(string)
	buf  []byte
	err  error
}

func (q *quarantineWriter) Write(p []byte) (int, error) {
	q.buf = append(q.buf, p...)
	for {
		i := bytes.IndexByte(q.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		var rec map[string]json.RawMessage
		if err := json.Unmarshal(q.buf[:i], &rec); err != nil {
			q.err = fmt.Errorf("a quarantine line of the library does not parse: %w", err)
			return 0, q.err
		}
		rec["file"], _ = json.Marshal(q.file)
		line, _ := json.Marshal(rec)
		q.emit(string(line) + "\n")
		q.buf = q.buf[i+1:]
	}
}

// exclusionList reads the exclusion list, with the library's reader,
// from the side input holding its bytes; nil without a list.
func exclusionList(list func(*[]byte) bool, name string) (deid.IDSet, error) {
	var data, more []byte
	if !list(&data) {
		return nil, nil
	}
	if list(&more) {
		// A pattern matched several files: reading the first alone would
		// release the records the others list.
		return nil, fmt.Errorf("%s: names more than one file; -exclude takes one list", name)
	}
	set, err := deid.ReadIDSet(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return set, nil
}

// readFileFn reads a whole file: the exclusion list.
func readFileFn(ctx context.Context, f fileio.ReadableFile, emit func([]byte)) error {
	data, err := f.Read(ctx)
	if err != nil {
		return err
	}
	emit(data)
	return nil
}

// mergeReportsFn adds up the field stage's reports of the shards: the
// report of the whole input, as one transformer would have made it.
type mergeReportsFn struct{}

func (mergeReportsFn) MergeAccumulators(a, b deid.Report) deid.Report {
	a.Policy = cmp.Or(a.Policy, b.Policy)
	a.Read += b.Read
	a.Written += b.Written
	a.Quarantined += b.Quarantined
	a.Suppressed += b.Suppressed
	a.Excluded += b.Excluded
	a.BytesRead += b.BytesRead
	a.BytesWritten += b.BytesWritten
	a.SuppressedBy = addCounts(a.SuppressedBy, b.SuppressedBy)
	a.QuarantineReasons = addCounts(a.QuarantineReasons, b.QuarantineReasons)
	fields := slices.Clone(a.Fields)
	for _, f := range b.Fields {
		if i := slices.IndexFunc(fields, func(g deid.FieldCount) bool { return g.Field == f.Field }); i >= 0 {
			fields[i].Values += f.Values
		} else {
			fields = append(fields, f)
		}
	}
	a.Fields = fields
	warnings := slices.Clone(a.Warnings)
	for _, w := range b.Warnings {
		if !slices.Contains(warnings, w) && len(warnings) < maxWarnings {
			warnings = append(warnings, w)
		}
	}
	a.Warnings = warnings
	return a
}

// maxWarnings is the most warnings a report of the library holds.
const maxWarnings = 256

// addCounts returns the sums of a and b, without changing either.
func addCounts(a, b map[string]int64) map[string]int64 {
	if len(b) == 0 {
		return a
	}
	out := maps.Clone(a)
	if out == nil {
		out = map[string]int64{}
	}
	for k, n := range b {
		out[k] += n
	}
	return out
}
