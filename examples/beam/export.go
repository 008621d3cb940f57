package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/spark"
	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// export prepares the job, runs the pipeline and prints what it released.
func export(ctx context.Context, cfg *config, stderr io.Writer) error {
	spec, err := prepare(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	buildPipeline(s, spec)
	start := time.Now()
	res, err := beam.Run(ctx, cfg.runner, p)
	if err != nil {
		if !strings.Contains(spec.Staging, "://") {
			os.RemoveAll(spec.Staging)
		}
		return fmt.Errorf("the pipeline failed and released nothing: %w", err)
	}
	return summarize(ctx, spec, res, time.Since(start), stderr)
}

// prepare checks the keys, the shards, the policy and the columns before
// anything runs, and fixes the job: every worker applies what the
// launcher decided (the policy with its reference date, the columns).
func prepare(ctx context.Context, cfg *config, stderr io.Writer) (*jobSpec, error) {
	keys, err := keyfile.Load(cfg.keyset, cfg.tokens, cfg.kek)
	if err != nil {
		return nil, err
	}
	if keys.Demo {
		fmt.Fprintln(stderr, keyfile.DemoWarning)
	}
	dkeys := deid.Keys{Pseudonyms: keys.Pseudonyms, Tokens: keys.Tokens}
	spec := &jobSpec{Keyset: cfg.keyset, TokenKeyset: cfg.tokens, KEK: cfg.kek, DemoKeys: keys.Demo,
		KeyID: keys.Pseudonyms.PrimaryKeyID(), ExcludeList: cfg.exclude, ExcludeField: cfg.excludeField,
		ExcludeMayMatchNone: cfg.excludeMayMatchNone, AllowKeptIdentifiers: cfg.allowKeptIdentifiers, Quarantine: cfg.quarantine, OutFormat: cfg.outFormat,
		K: cfg.k, PartitionRows: cfg.partitionRows, Runner: cfg.runner, Out: cfg.out, Report: cfg.report}
	ids := release.KeyIDs{PseudonymPrimary: keys.Pseudonyms.PrimaryKeyID(), Pseudonyms: keys.Pseudonyms.KeyIDs()}
	if keys.Tokens != nil {
		ids.TokenPrimary = keys.Tokens.PrimaryKeyID()
	}
	b, _ := json.Marshal(ids)
	spec.Keys = string(b)
	spec.Inputs, spec.InFormat = cfg.in, cfg.inFormat
	if cfg.in == "" {
		dir, err := os.MkdirTemp("", "deidkit-beam-sample-")
		if err != nil {
			return nil, err
		}
		if spec.InFormat == "" {
			spec.InFormat = "csv"
		}
		if err := writeSample(dir, cfg.sampleRows, cfg.sampleShard, spec.InFormat); err != nil {
			return nil, err
		}
		spec.Inputs = joinPath(dir, "*."+spec.InFormat)
		if spec.Out == "" {
			spec.Out = joinPath(dir, "research")
		}
	}
	if spec.InFormat == "" {
		spec.InFormat = formatOf(spec.Inputs)
	}
	format, err := deid.ParseFormat(spec.InFormat)
	if err != nil {
		return nil, usagef("-in-format: %v", err)
	}
	shards, rows, head, err := inspectShards(ctx, spec.Inputs)
	if err != nil {
		return nil, err
	}
	fields, err := deid.SampleFields(head, format, 0)
	if err != nil {
		return nil, fmt.Errorf("the first shard: %w", err)
	}
	policy, profile, err := choosePolicy(cfg, fields)
	if err != nil {
		return nil, err
	}
	if b, err = json.Marshal(policy); err != nil {
		return nil, err
	}
	spec.Policy = string(b)
	if profile != nil {
		b, _ = json.Marshal(profile)
		spec.Profile = string(b)
	}
	// The workers read the list; reading it here first stops a list the
	// library cannot read before anything runs.
	var exclude deid.IDSet
	if cfg.exclude != "" {
		if exclude, err = readIDList(ctx, cfg.exclude); err != nil {
			return nil, err
		}
	}
	if spec.OutFields, err = outputColumns(ctx, policy, dkeys, format, head, exclude, cfg.excludeField, spec.AllowKeptIdentifiers); err != nil {
		return nil, fmt.Errorf("the first shard: %w", err)
	}
	if err := chooseColumns(cfg, spec, policy); err != nil {
		return nil, err
	}
	if err := prepareOutput(ctx, spec); err != nil {
		return nil, err
	}
	if err := checkFiles(cfg, spec, shards); err != nil {
		return nil, err
	}
	if err := removeStale(ctx, spec); err != nil {
		return nil, err
	}
	spec.Shards = cfg.shards
	if spec.Shards == 0 {
		spec.Shards = len(shards)
	}
	spec.Rounds = cfg.rounds
	if spec.Rounds < 0 {
		spec.Rounds = roundsFor(rows, spec.PartitionRows)
	}
	if spec.K == 0 {
		spec.Rounds = 0
	}
	return spec, nil
}

// formatOf guesses the format of the shards from their names.
func formatOf(glob string) string {
	switch strings.ToLower(path.Ext(glob)) {
	case ".ndjson", ".jsonl", ".json":
		return "ndjson"
	}
	return "csv"
}

// errColumnsNamed stops the transformer once the output's columns are
// known.
var errColumnsNamed = errors.New("columns named")

// columnSink records the output columns the transformer names.
type columnSink struct{ names []string }

func (c *columnSink) Header(names []string) error {
	c.names = slices.Clone(names)
	return errColumnsNamed
}

func (c *columnSink) Record([][]byte) error { return errColumnsNamed }

// outputColumns returns the columns of the field policy's output, as the
// library's transformer names them for the start of the first shard:
// every shard's must be the same.
func outputColumns(ctx context.Context, policy *deid.Policy, keys deid.Keys, format deid.Format, head []byte, exclude deid.IDSet, excludeField string, allowKept bool) ([]string, error) {
	sink := &columnSink{}
	// A policy keeping a field named as an identifier fails here, before
	// the job starts.
	opts := deid.Options{Input: format, Workers: 1, Records: sink, Quarantine: io.Discard, ExcludeMayMatchNone: true, AllowKeptIdentifiers: allowKept}
	if exclude != nil {
		opts.Exclude, opts.ExcludeField = exclude, excludeField
	}
	tr, err := deid.NewTransformer(policy, keys, opts)
	if err != nil {
		return nil, err
	}
	if _, err := tr.Run(ctx, bytes.NewReader(head), nil); err != nil && !errors.Is(err, errColumnsNamed) {
		return nil, err
	}
	if sink.names == nil {
		return nil, errors.New("no record in its first MiB names the output's columns")
	}
	return sink.names, nil
}

// readIDList reads an exclusion list, local or remote.
func readIDList(ctx context.Context, path string) (deid.IDSet, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	data, err := filesystem.Read(ctx, fs, path)
	if err != nil {
		return nil, fmt.Errorf("exclusion list: %w", err)
	}
	set, err := deid.ReadIDSet(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return set, nil
}

// inspectShards lists the shards and returns their names, an estimate
// of their records (from the lines of the first MiB of the first shard and
// the shards' sizes, to plan the rounds of cuts) and that first MiB, cut
// after its last whole line.
func inspectShards(ctx context.Context, glob string) (shards []string, rows int64, head []byte, err error) {
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, 0, nil, err
	}
	defer fs.Close()
	names, err := fs.List(ctx, glob)
	if err != nil {
		return nil, 0, nil, err
	}
	if len(names) == 0 {
		return nil, 0, nil, fmt.Errorf("-in %q matches no file", glob)
	}
	sort.Strings(names)
	var total int64
	for _, n := range names {
		size, err := fs.Size(ctx, n)
		if err != nil {
			return nil, 0, nil, err
		}
		total += size
	}
	r, err := fs.OpenRead(ctx, names[0])
	if err != nil {
		return nil, 0, nil, err
	}
	defer r.Close()
	head, err = io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, 0, nil, fmt.Errorf("%s: %w", names[0], err)
	}
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
		head = head[:i+1]
	}
	if lines := bytes.Count(head, []byte("\n")); lines > 0 {
		rows = int64(float64(total) / (float64(len(head)) / float64(lines)))
	}
	return names, rows, head, nil
}

// roundsFor returns the rounds of cuts that bring rows down to limit per
// partition, with one to spare since real medians do not halve exactly.
func roundsFor(rows, limit int64) int {
	r := 0
	for ; rows > limit && r < 40; rows /= 2 {
		r++
	}
	if r > 0 {
		r++
	}
	return r
}

// choosePolicy loads -policy or builds the -profile policy for the
// shards' columns.
func choosePolicy(cfg *config, fields []string) (*deid.Policy, *deid.ProfileReport, error) {
	if cfg.policyFile != "" {
		data, err := os.ReadFile(cfg.policyFile)
		if err != nil {
			return nil, nil, err
		}
		p, err := deid.ParsePolicy(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", cfg.policyFile, err)
		}
		return p, nil, nil
	}
	ref := time.Now().UTC()
	if cfg.refDate != "" {
		ref, _ = time.Parse(time.DateOnly, cfg.refDate) // checked by check
	}
	domain := cfg.domain
	var (
		p   *deid.Policy
		rep *deid.ProfileReport
		err error
	)
	if cfg.profile == "safe-harbor" {
		p, rep, err = deid.SafeHarbor(fields, deid.SafeHarborOptions{ReferenceDate: ref, PseudonymDomain: domain})
	} else {
		opts := deid.AIEngineOptions{ReferenceDate: ref, Domain: domain}
		if cfg.profile != "ai-engine" {
			opts.Name = "research"
			opts.Domain = cmp.Or(domain, "research/partner-x")
		}
		p, rep, err = deid.AIEngine(fields, opts)
	}
	// The profile fixes its reference date in the policy: every worker
	// top-codes ages at the launcher's date.
	return p, rep, err
}

// chooseColumns finds the quasi-identifiers and the person among the
// policy's output columns, with the actions that made them, and refuses
// what the library's release refuses of them before reading a record
// (release.Privacy.CheckColumns: ages as they are beside a generalized
// date of birth).
func chooseColumns(cfg *config, spec *jobSpec, policy *deid.Policy) error {
	if spec.K == 0 {
		return nil
	}
	qis := cfg.qiColumns()
	if len(qis) == 0 {
		return usagef("-k needs -qi columns")
	}
	for _, name := range qis {
		i := slices.Index(spec.OutFields, name)
		if i < 0 {
			return usagef("quasi-identifier %q is not in the output of the field policy (dropped, or not in the input); output columns: %v", name, spec.OutFields)
		}
		if slices.Contains(spec.QI, i) || name == cfg.person {
			return usagef("column %q is named twice among -qi and -person", name)
		}
		spec.QI = append(spec.QI, i)
	}
	if spec.Person = slices.Index(spec.OutFields, cfg.person); spec.Person < 0 {
		return usagef("k-anonymity counts people: the output has no %q column (-person); output columns: %v", cfg.person, spec.OutFields)
	}
	p := &release.Privacy{QuasiIdentifiers: qis, K: spec.K, Person: cfg.person}
	if err := p.CheckColumns(policy, spec.OutFields); err != nil {
		return usagef("%v", err)
	}
	return nil
}

// prepareOutput refuses an output directory that holds files (a report
// of an earlier run beside a new release would describe the wrong data)
// and names the staging directory and the report.
func prepareOutput(ctx context.Context, spec *jobSpec) error {
	fs, err := filesystem.New(ctx, spec.Out)
	if err != nil {
		return err
	}
	defer fs.Close()
	if existing, err := fs.List(ctx, joinPath(spec.Out, "*")); err == nil && len(existing) > 0 {
		return usagef("output directory %s is not empty", spec.Out)
	}
	var nonce [6]byte
	rand.Read(nonce[:])
	spec.Staging = joinPath(spec.Out, ".staging-"+hex.EncodeToString(nonce[:]))
	if spec.Report == "" {
		spec.Report = joinPath(spec.Out, "report.json")
	}
	return nil
}

// summarize prints what the job released, from its report, and the
// pipeline's counters.
func summarize(ctx context.Context, spec *jobSpec, res beam.PipelineResult, took time.Duration, w io.Writer) error {
	fs, err := filesystem.New(ctx, spec.Report)
	if err != nil {
		return err
	}
	defer fs.Close()
	data, err := filesystem.Read(ctx, fs, spec.Report)
	if err != nil {
		return fmt.Errorf("the pipeline ended without a report: %w", err)
	}
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		return err
	}
	fmt.Fprintf(w, "policy %q on %s: %d records read, %d written, %d quarantined, %d suppressed, %d excluded (%.1fs)\n",
		r.Policy, r.Runner, r.Read, r.Written, r.Quarantined, r.Suppressed, r.Excluded, took.Seconds())
	if k := r.KAnonymity; k != nil {
		var qis, per []string
		for _, q := range k.QuasiIdentifiers {
			qis = append(qis, q.Name)
			per = append(per, fmt.Sprintf("%s %.1f%%", q.Name, q.NCP))
		}
		fmt.Fprintf(w, "  k-anonymity on %s: at least %d people per class (asked %d), %d classes, NCP %.1f%% (%s), prosecutor risk max %.3f avg %.3f, verified %v\n",
			strings.Join(qis, ","), k.K, k.KRequested, k.Classes, k.NCP, strings.Join(per, ", "), k.ProsecutorMax, k.ProsecutorAvg, k.Verified)
		for _, n := range k.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
	if d := r.Distributed; d != nil {
		fmt.Fprintf(w, "  %d partitions (largest %d rows, limit %d)\n", d.Partitions, d.LargestPartitionRows, d.PartitionRows)
		if d.LargestPartitionRows > d.PartitionRows {
			fmt.Fprintf(w, "  warning: a partition holds %d rows, over the limit of %d (no cut kept k people on both sides, or -cut-rounds ran out)\n",
				d.LargestPartitionRows, d.PartitionRows)
		}
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	demo := ""
	if r.DemoKeys {
		demo = " (DEMO)"
	}
	fmt.Fprintf(w, "  key %d%s; output: %s (%d files); report: %s\n", r.KeyID, demo, r.Output, len(r.Files), spec.Report)
	if res != nil {
		var counters []string
		for _, cr := range res.Metrics().AllMetrics().Counters() {
			counters = append(counters, fmt.Sprintf("%s=%d", cr.Key.Name, cr.Result()))
		}
		sort.Strings(counters)
		fmt.Fprintf(w, "  Beam metrics: %s\n", strings.Join(counters, " "))
	}
	return nil
}
