package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
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
// launcher decided (the policy with its reference date, the header).
func prepare(ctx context.Context, cfg *config, stderr io.Writer) (*jobSpec, error) {
	keys, err := keyfile.Load(cfg.keyset, cfg.tokens, cfg.kek)
	if err != nil {
		return nil, err
	}
	if keys.Demo {
		fmt.Fprintln(stderr, keyfile.DemoWarning)
	}
	spec := &jobSpec{Keyset: cfg.keyset, TokenKeyset: cfg.tokens, KEK: cfg.kek, DemoKeys: keys.Demo,
		KeyID: keys.Pseudonyms.PrimaryKeyID(), ExcludeList: cfg.exclude, ExcludeField: cfg.excludeField,
		ExcludeMayMatchNone: cfg.excludeMayMatchNone, Quarantine: cfg.quarantine, OutFormat: cfg.outFormat,
		K: cfg.k, PartitionRows: cfg.partitionRows, Runner: cfg.runner, Out: cfg.out, Report: cfg.report}
	spec.Inputs = cfg.in
	if cfg.in == "" {
		dir, err := os.MkdirTemp("", "deidkit-beam-sample-")
		if err != nil {
			return nil, err
		}
		if err := writeSample(dir, cfg.sampleRows, cfg.sampleShard); err != nil {
			return nil, err
		}
		spec.Inputs = joinPath(dir, "*.csv")
		if spec.Out == "" {
			spec.Out = joinPath(dir, "research")
		}
	}
	files, rows, err := inspectShards(ctx, spec)
	if err != nil {
		return nil, err
	}
	policy, err := choosePolicy(cfg, spec.Header)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(policy)
	if err != nil {
		return nil, err
	}
	spec.Policy, spec.SuppressNames = string(b), suppressRuleNames(policy)
	// The workers read the list; reading it here first stops a list the
	// library cannot read before anything runs.
	var exclude deid.IDSet
	if cfg.exclude != "" {
		if exclude, err = readIDList(ctx, cfg.exclude); err != nil {
			return nil, err
		}
	}
	stage, err := newFieldStage(policy, spec.Header, deid.Keys{Pseudonyms: keys.Pseudonyms, Tokens: keys.Tokens}, exclude, cfg.excludeField)
	if err != nil {
		return nil, err
	}
	spec.OutFields = stage.plan.OutputFields()
	if err := chooseColumns(cfg, spec, stage.plan); err != nil {
		return nil, err
	}
	if err := prepareOutput(ctx, spec); err != nil {
		return nil, err
	}
	spec.Shards = cfg.shards
	if spec.Shards == 0 {
		spec.Shards = files
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

// inspectShards lists the shards, reads the first one's header into spec
// and estimates the records of all of them (from the first MiB of the
// first shard and the shards' sizes), to plan the rounds of cuts.
func inspectShards(ctx context.Context, spec *jobSpec) (files int, rows int64, err error) {
	fs, err := filesystem.New(ctx, spec.Inputs)
	if err != nil {
		return 0, 0, err
	}
	defer fs.Close()
	names, err := fs.List(ctx, spec.Inputs)
	if err != nil {
		return 0, 0, err
	}
	if len(names) == 0 {
		return 0, 0, fmt.Errorf("-in %q matches no file", spec.Inputs)
	}
	sort.Strings(names)
	var total int64
	for _, n := range names {
		size, err := fs.Size(ctx, n)
		if err != nil {
			return 0, 0, err
		}
		total += size
	}
	r, err := fs.OpenRead(ctx, names[0])
	if err != nil {
		return 0, 0, err
	}
	defer r.Close()
	sh := newCSVShard(io.LimitReader(r, 1<<20))
	if spec.Header, err = sh.header(); err != nil {
		return 0, 0, fmt.Errorf("%s: %w", names[0], err)
	}
	var n int64
	for ; ; n++ {
		if _, err := sh.next(); err != nil {
			break
		}
	}
	if n > 0 {
		rows = int64(float64(total) / (float64(sh.cr.InputOffset()) / float64(n+1)))
	}
	return len(names), rows, nil
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
func choosePolicy(cfg *config, fields []string) (*deid.Policy, error) {
	if cfg.policyFile != "" {
		data, err := os.ReadFile(cfg.policyFile)
		if err != nil {
			return nil, err
		}
		p, err := deid.ParsePolicy(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cfg.policyFile, err)
		}
		return p, nil
	}
	ref := time.Now().UTC()
	if cfg.refDate != "" {
		ref, _ = time.Parse(time.DateOnly, cfg.refDate) // checked by check
	}
	domain := cfg.domain
	var (
		p   *deid.Policy
		err error
	)
	if cfg.profile == "safe-harbor" {
		p, _, err = deid.SafeHarbor(fields, deid.SafeHarborOptions{ReferenceDate: ref, PseudonymDomain: domain})
	} else {
		opts := deid.AIEngineOptions{ReferenceDate: ref, Domain: domain}
		if cfg.profile != "ai-engine" {
			opts.Name = "research"
			opts.Domain = cmp.Or(domain, "research/partner-x")
		}
		p, _, err = deid.AIEngine(fields, opts)
	}
	// The profile fixes its reference date in the policy: every worker
	// top-codes ages at the launcher's date.
	return p, err
}

// chooseColumns finds the quasi-identifiers and the person among the
// policy's output columns, with the actions that made them.
func chooseColumns(cfg *config, spec *jobSpec, plan *deid.Plan) error {
	if spec.K == 0 {
		return nil
	}
	qis := cfg.qiColumns()
	if len(qis) == 0 {
		return usagef("-k needs -qi columns")
	}
	for _, name := range qis {
		i := indexOf(spec.OutFields, name)
		if i < 0 {
			return usagef("quasi-identifier %q is not in the output of the field policy (dropped, or not in the input); output columns: %v", name, spec.OutFields)
		}
		if slices.Contains(spec.QI, i) || name == cfg.person {
			return usagef("column %q is named twice among -qi and -person", name)
		}
		spec.QI = append(spec.QI, i)
	}
	if spec.Person = indexOf(spec.OutFields, cfg.person); spec.Person < 0 {
		return usagef("k-anonymity counts people: the output has no %q column (-person); output columns: %v", cfg.person, spec.OutFields)
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
	c := r.Records
	fmt.Fprintf(w, "policy %q on %s: %d records read, %d written, %d quarantined, %d suppressed, %d excluded (%.1fs)\n",
		r.Policy, r.Runner, c.Read, c.Written, c.Quarantined, c.Suppressed, c.Excluded, took.Seconds())
	if k := r.KAnonymity; k != nil {
		var per []string
		for _, q := range k.QuasiIdentifiers {
			per = append(per, fmt.Sprintf("%s %.1f%%", q, k.NCPPerQI[q]))
		}
		fmt.Fprintf(w, "  k-anonymity on %s: at least %d people per class (asked %d), %d classes, NCP %.1f%% (%s), "+
			"%d partitions (largest %d rows, limit %d), verified %v\n",
			strings.Join(k.QuasiIdentifiers, ","), k.K, k.KRequested, k.Classes, k.NCP, strings.Join(per, ", "),
			k.Partitions, k.LargestPartitionRows, k.PartitionRows, k.Verified)
		if k.LargestPartitionRows > k.PartitionRows {
			fmt.Fprintf(w, "  warning: a partition holds %d rows, over the limit of %d (no cut kept k people on both sides, or -cut-rounds ran out)\n",
				k.LargestPartitionRows, k.PartitionRows)
		}
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
