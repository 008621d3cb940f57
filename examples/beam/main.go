// Command beam is the research export on Apache Beam, for exports that
// outgrow one machine: the same field policy, keys and exclusion list as
// examples/export, over sharded CSV or NDJSON files, with k-anonymity
// computed by a distributed Mondrian that counts people and a release that
// is verified across the whole output before any file of it is committed.
//
// Run it locally on a built-in synthetic sample (8 shards, demo keys), on
// prism, Beam's in-process runner (-in-format ndjson for NDJSON shards):
//
//	cd examples/beam && go run .
//
// A real run on prism:
//
//	go run . -in 'exports/measurements-*.csv' -out research/ \
//	    -keyset keys/keyset.json -kek-keyset keys/kek.json \
//	    -exclude withdrawn-ids.txt -k 10 -qi date_of_birth,sex,zip,state \
//	    -quarantine bad.ndjson
//
// # The pipeline
//
//  1. Each shard is read by one worker (fileio) and goes through the
//     field policy in the same fused stage: a ParDo that runs the
//     library's streaming transformer (deid.Transformer, one worker) on
//     the shard and takes its records as fields (deid.RecordSink), with
//     keys loaded once per DoFn instance. CSV and NDJSON parsing, JSON
//     shapes, the exclusion list (a side input read by deid.ReadIDSet),
//     suppress rules and the quarantine are therefore the library's, as
//     in examples/export: a shard gives what one machine gives for the
//     same records. Identified records never cross a shuffle; the shards
//     bound this stage's parallelism. Records that cannot be transformed
//     go to the quarantine file (-quarantine, the library's lines with
//     the shard's name) or fail the job, with the shard, line and field,
//     never the value. Every shard must give the columns of the first
//     (for NDJSON: its first record must have the fields of the first
//     shard's), or the job fails.
//  2. With -k, a distributed Mondrian counting people (below).
//  3. The column types are inferred from every released value as the
//     library's release does (release.ColumnTypes), and the records are
//     written in shards with the library's release writers into a
//     staging directory: CSV, NDJSON with numbers as JSON numbers, or
//     Parquet with INT64, DOUBLE and TIMESTAMP columns (deid/parquet's
//     RecordWriter, one file per shard: Beam's parquetio needs a Go
//     struct fixed at compile time, and a policy's columns are known at
//     run time). A final step checks that read = written + quarantined
//     + suppressed + excluded, that no class of the whole release has
//     fewer than k people and that the exclusion list matched someone;
//     only then does it move the files into -out and write the JSON
//     report. A refused or failed job leaves no output and no report.
//     Kept fields whose names or values look like direct identifiers
//     are refused by the library's transformer in every shard, as in
//     examples/export (a kept field named as one fails the job before
//     it starts; a record holding one fails it, or is quarantined with
//     -quarantine), unless -allow-kept-identifiers is given.
//
// The report is the library's release report (release.Report), as
// examples/export writes it: the field stage's report of every shard
// added up (counts, fields, suppressions, quarantine reasons, warnings),
// the columns and their types, the keys' IDs, and the k-anonymity
// section (k reached, classes, people, NCP per quasi-identifier and
// overall, records per hierarchy level, prosecutor risk maximum and
// average, histogram of class sizes, risk distribution), computed from
// the classes counted across the whole output; the pipeline adds the
// runner, the files and how the work was partitioned ("distributed").
// What it lacks: the SHA-256 of the input and output (there are many
// files) and the population-uniqueness estimates.
//
// Counters (records read, written, quarantined, suppressed, excluded,
// partitions, classes below k) are Beam metrics, shown by the runner's UI
// and printed at the end of a run.
//
// # k-anonymity beyond one machine
//
// The quasi-identifiers' distinct values are combined over all records,
// and each gets the hierarchy the library's release pipeline chooses for
// the whole release's values (release.Attribute): birth years in age bands
// at the reference date with 90+ in the open oldest band, ZIP3 codes by
// state, census division and region with 000 apart, states by division and
// region, numbers as ranges, other columns straight to "*". The values are
// ordered so that every hierarchy node covers a run of codes. In rounds,
// every partition larger than -partition-rows gets statistics aggregated
// from its people (rows per code, and each person's lowest and highest
// code, which count the people on either side of any cut exactly), and is
// cut where Mondrian would cut it on one machine: these top-level cuts are
// Mondrian's own. Each partition then goes to one worker, which runs the
// library's Mondrian on it with the same hierarchies and checks it with
// kanon.Verify; the records are joined with the release of their
// combination of quasi-identifiers; and the people and records of every
// released combination are counted again across the whole output, so that
// one class below k refuses the release. The report's classes, k, risks
// and histogram come from that count (each person is at the risk of the
// smallest class that holds one of their records), its NCP and records per
// level from the partitions, measured on the whole release's domains, and
// release.KAnonymityReport.Summarize derives the rest as the library's
// release does.
//
// Utility against one machine, on the same 100,000 records (about 22,000
// people, k = 5 on date_of_birth, sex, zip and state; NCP, the share of
// detail lost, lower is better; TestKAnonymousRelease logs both, and
// go test -bench ReleaseNCP measures more partition sizes):
//
//	                                   NCP     birth year  sex   ZIP3   state
//	one machine (release.Run, Mondrian) 1.00%   3.70%       0     0.00%  0.29%
//	18 partitions of at most 8,000 rows 0.95%   3.32%       0     0.09%  0.38%
//
// With one partition the release is, record for record, one machine's
// Mondrian with the library's hierarchies (a test checks it, and that the
// NCP is the same). With more, the cuts above the partitions are
// Mondrian's own, but inside a partition kanon measures the width of a
// quasi-identifier over the values present in that partition: a partition
// whose birth years span 1950-1969 sees that range as its whole domain,
// where one machine, measuring against all years, would see a narrow
// range and cut the state instead. The partitions therefore cut on other
// quasi-identifiers than one machine would. Mondrian's choice is greedy,
// not optimal, so that can go either way: on this data the partitions
// keep more of the birth years and give up a little of ZIP3 and state,
// and lose slightly less overall (runs with other keys give 0.95% to
// 0.96% against 1.00%). BenchmarkReleaseNCP measures smaller partitions,
// down to 1/32 of the records. One machine's figure also moves a little with
// the input's order: release.Run lays out a hierarchy's values in the
// order they first appear, and Mondrian splits categorical values in that
// order, where the pipeline sorts them (2.73% against 2.72% on 20,000
// records).
//
// # Memory and shuffles
//
// A worker holds one shard's chunks in the field stage (the transformer's
// memory bound), one partition's kanon table (4 bytes per quasi-identifier
// and record, plus its distinct combinations) in the k-anonymity stage,
// and counts in the verification (a class's people are counted by a
// combiner, never held). What crosses shuffles: each person's
// combinations of quasi-identifier codes with their numbers of records
// (combined before the shuffle), once to be grouped by person and once by
// partition; the partitions' statistics (small arrays); the de-identified
// records, once, to be joined with their combination's release, then to
// their output shard; and, per class and person, their number of records,
// to be counted by class and to give each person their smallest class.
//
// # Runners
//
// -runner chooses where the pipeline runs: prism (the default: in this
// process, nothing to install), dataflow, flink or spark. Beam's own
// flags configure the others (Go's flag package reads -flag and --flag
// alike). Paths may then be gs:// URLs.
//
//	Dataflow: -runner dataflow --project P --region R \
//	    --staging_location gs://B/staging --temp_location gs://B/tmp \
//	    -in 'gs://B/exports/*.csv' -out gs://B/research
//	Flink:    -runner flink --endpoint localhost:8099 --environment_type LOOPBACK
//	Spark:    -runner spark --endpoint localhost:8099 --environment_type LOOPBACK
//
// Flink and Spark need Beam's job server for them (the apache/beam_flink*
// and apache/beam_spark*_job_server images); with --environment_type
// DOCKER their workers run Beam's Go SDK container instead of this
// process. Every worker loads the key files itself, so on a cluster they
// must be at the same path on the workers (a custom container, a mounted
// secret); in production the key-encryption key is a KMS key (see
// examples/internal/keyfile). Neither keys nor input values travel in the
// job's graph: it holds the key files' paths, the policy and the header.
//
// Exit status: 0 on success; 1 on bad input, keys, or a refused release;
// 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/deidkit/deidkit/deid"
)

func main() {
	cfg := &config{}
	cfg.register(flag.CommandLine)
	flag.Parse()
	// Init runs the program as a worker when a runner starts it as one.
	beam.Init()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, cfg, flag.Args(), os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
)

// usageError marks errors in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func run(ctx context.Context, cfg *config, args []string, stderr io.Writer) int {
	err := cfg.check(args)
	if err == nil {
		err = export(ctx, cfg, stderr)
	}
	if err == nil {
		return exitOK
	}
	if errors.Is(err, deid.ErrKeptIdentifier) {
		err = fmt.Errorf("%w (or pass -allow-kept-identifiers to release such fields as they are)", err)
	}
	fmt.Fprintln(stderr, "beam:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitInput
}
