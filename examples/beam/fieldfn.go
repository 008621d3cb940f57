package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"

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

// readShardFn reads the records of one CSV shard. Reading and the field
// stage run fused on the worker that reads the shard, so that identified
// records never cross a shuffle; the number of shards bounds the
// parallelism of this stage.
type readShardFn struct {
	Header []string
}

func (fn *readShardFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(shardRecord)) error {
	rc, err := f.Open(ctx)
	if err != nil {
		return err
	}
	defer rc.Close()
	name := f.Metadata.Path
	s := newCSVShard(rc)
	header, err := s.header()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !slices.Equal(header, fn.Header) {
		// A header of values (a shard without one) must not reach a log.
		return fmt.Errorf("%s: its header differs from the first shard's; every shard must have the same columns", name)
	}
	for {
		r, err := s.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		r.File = name
		emit(r)
	}
}

// fieldCounts count what the field stage did with the records of a
// bundle.
type fieldCounts struct {
	Read, Excluded, Suppressed, Quarantined int64
	SuppressedBy                            []int64 // per suppress rule
	Reasons                                 []string
	ReasonCounts                            []int64
}

func (c *fieldCounts) quarantine(reason string) {
	c.Quarantined++
	if i := slices.Index(c.Reasons, reason); i >= 0 {
		c.ReasonCounts[i]++
		return
	}
	c.Reasons = append(c.Reasons, reason)
	c.ReasonCounts = append(c.ReasonCounts, 1)
}

func (c *fieldCounts) add(o fieldCounts) {
	c.Read += o.Read
	c.Excluded += o.Excluded
	c.Suppressed += o.Suppressed
	c.Quarantined += o.Quarantined
	for len(c.SuppressedBy) < len(o.SuppressedBy) {
		c.SuppressedBy = append(c.SuppressedBy, 0)
	}
	for i, n := range o.SuppressedBy {
		c.SuppressedBy[i] += n
	}
	for i, r := range o.Reasons {
		if j := slices.Index(c.Reasons, r); j >= 0 {
			c.ReasonCounts[j] += o.ReasonCounts[i]
		} else {
			c.Reasons = append(c.Reasons, r)
			c.ReasonCounts = append(c.ReasonCounts, o.ReasonCounts[i])
		}
	}
}

// A quarantined record: raw and identified, for the quarantine file only.
type quarantined struct {
	File   string
	Line   int64
	Reason string
	Record string
}

// matchedDomain is the pseudonym domain in which the matched IDs of the
// exclusion list travel to be counted: identifiers of people who
// withdrew are never moved between workers as they are.
const matchedDomain = "exclusion/matched"

// fieldFn applies the field policy to each record. Its keys are loaded
// once per DoFn instance, which the runner reuses for bundle after
// bundle; the exclusion list arrives as a side input (the file's bytes,
// read by the library's reader) and is built into a set once, on the
// first record.
type fieldFn struct {
	Spec jobSpec

	keys    deid.Keys
	policy  *deid.Policy
	stage   *fieldStage
	matched *pseudo.Pseudonymizer
	counts  fieldCounts
	ids     map[string]bool // matched IDs of the bundle, as pseudonyms
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
	return nil
}

func (fn *fieldFn) ProcessElement(r shardRecord, list func(*[]byte) bool, emit func([]string), quarantine func(quarantined), _ func(fieldCounts), _ func(string)) error {
	if fn.stage == nil {
		exclude, err := exclusionList(list, fn.Spec.ExcludeList)
		if err != nil {
			return err
		}
		st, err := newFieldStage(fn.policy, fn.Spec.Header, fn.keys, exclude, fn.Spec.ExcludeField)
		if err != nil {
			return err
		}
		fn.stage = st
	}
	fn.counts.Read++
	reason := r.Err
	if reason == "" {
		res, err := fn.stage.apply(r.Fields)
		switch {
		case err != nil:
			reason = quarantineReason(err)
		case res.outcome == excluded:
			fn.counts.Excluded++
			if fn.ids == nil {
				fn.ids = map[string]bool{}
			}
			fn.ids[string(fn.matched.Append(nil, res.id))] = true
			return nil
		case res.outcome == suppressed:
			fn.counts.Suppressed++
			for len(fn.counts.SuppressedBy) <= res.rule {
				fn.counts.SuppressedBy = append(fn.counts.SuppressedBy, 0)
			}
			fn.counts.SuppressedBy[res.rule]++
			return nil
		default:
			emit(res.out)
			return nil
		}
	}
	if fn.Spec.Quarantine == "" {
		return fmt.Errorf("%s: line %d: %s (pass -quarantine to set such records aside)", r.File, r.Line, reason)
	}
	fn.counts.quarantine(reason)
	quarantine(quarantined{File: r.File, Line: r.Line, Reason: reason, Record: r.Raw})
	return nil
}

// FinishBundle hands on the bundle's counts and matched IDs; the side
// input and the other emitters are in its signature because Beam requires
// a DoFn's bundle methods to repeat them.
func (fn *fieldFn) FinishBundle(ctx context.Context, _ func(*[]byte) bool, _ func([]string), _ func(quarantined), emit func(fieldCounts), matched func(string)) {
	c := fn.counts
	fn.counts = fieldCounts{}
	recordsRead.Inc(ctx, c.Read)
	recordsExcluded.Inc(ctx, c.Excluded)
	recordsSuppressed.Inc(ctx, c.Suppressed)
	recordsQuarantined.Inc(ctx, c.Quarantined)
	emit(c)
	for id := range fn.ids {
		matched(id)
	}
	clear(fn.ids)
}

// exclusionList reads the exclusion list, with the library's reader,
// from the side input holding its bytes; nil without a list.
func exclusionList(list func(*[]byte) bool, name string) (deid.IDSet, error) {
	var data []byte
	if !list(&data) {
		return nil, nil
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

// mergeCountsFn adds up the field counts of every bundle.
type mergeCountsFn struct{}

func (mergeCountsFn) MergeAccumulators(a, b fieldCounts) fieldCounts {
	a.add(b)
	return a
}
