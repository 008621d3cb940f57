// Command beam is the research export on Apache Beam, for exports that
// outgrow one machine: the same field policy, keys and exclusion list as
// examples/export, over sharded CSV files, with k-anonymity computed by a
// distributed Mondrian that counts people and a release that is verified
// across the whole output before any file of it is committed.
//
// Run it locally on a built-in synthetic sample (8 shards, demo keys), on
// prism, Beam's in-process runner:
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
//  1. Each shard is read by one worker (fileio), and each record goes
//     through the field policy in the same fused stage: a ParDo applying
//     the library's compiled plan (deid.Compile, deid.Applier) with keys
//     loaded once per DoFn instance, after dropping the records of the IDs
//     of the exclusion list, a side input. Identified records therefore
//     never cross a shuffle. Records that cannot be transformed go to the
//     quarantine file (-quarantine) or fail the job.
//  2. With -k, a distributed Mondrian (see kanonStage): cuts chosen from
//     aggregated statistics, exactly as Mondrian chooses them on one
//     machine, until partitions hold at most -partition-rows rows; then the
//     library's Mondrian and kanon.Verify on each partition with the same
//     hierarchies; then an independent count of the people of every
//     released combination across the whole output.
//  3. The records are written in shards (CSV, NDJSON or Parquet) into a
//     staging directory. A final step checks that read = written +
//     quarantined + suppressed + excluded and that no class has fewer than
//     k people; only then does it move the files into -out and write the
//     JSON report. A refused release fails the job and leaves no output.
//
// Counters (records read, written, quarantined, suppressed, excluded,
// partitions, classes below k) are Beam metrics, shown by the runner's UI
// and printed at the end of a run.
//
// # Runners
//
// -runner chooses where the pipeline runs: prism (the default: in this
// process, nothing to install), dataflow, flink or spark. Beam's own
// flags configure the others (double dashes are Beam's convention; Go's
// flag package accepts both). Paths may then be gs:// URLs.
//
//	Dataflow: -runner dataflow --project P --region R \
//	    --staging_location gs://B/staging --temp_location gs://B/tmp \
//	    -in 'gs://B/exports/*.csv' -out gs://B/research
//	Flink:    -runner flink --endpoint localhost:8099 --environment_type LOOPBACK
//	Spark:    -runner spark --endpoint localhost:4040 --environment_type LOOPBACK
//
// (Flink and Spark need their Beam job servers running; with
// --environment_type DOCKER the workers run Beam's Go SDK container.) The
// key files are read by every worker, so on a cluster they must be on the
// workers' file system; in production the key-encryption key is a KMS key
// (see examples/internal/keyfile), and neither keys nor input values ever
// travel in the job's graph: it holds the key files' paths and the policy.
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
	fmt.Fprintln(stderr, "beam:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitInput
}
