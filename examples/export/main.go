// Command export is the research export job: it reads a measurement export
// (CSV or NDJSON), removes and transforms identifiers with a field policy,
// drops the records of users who withdrew consent or deleted their account,
// optionally generalizes quasi-identifiers to k-anonymity (and l-diversity),
// and writes the result (CSV, NDJSON or Parquet) with a JSON report.
//
// Run it on its built-in synthetic sample, with the public demo keys:
//
//	go run ./examples/export
//
// A real run:
//
//	go run ./examples/keygen -dir keys     # once: keys for trials
//	go run ./examples/export -in measurements.csv -out research.csv \
//	    -keyset keys/keyset.json -kek-keyset keys/kek.json \
//	    -profile research -domain research/partner-x \
//	    -exclude withdrawn-ids.txt -k 10 -l 2 -qi date_of_birth,sex,zip,state \
//	    -sensitive heart_rate -quarantine bad.ndjson -report report.json
//
// In production the keyset is encrypted under a KMS key rather than a
// local -kek-keyset (see examples/internal/keyfile).
//
// The -exclude list is read by deid.ReadIDSet: UTF-8 text (a byte order
// mark is skipped) or UTF-16 with a byte order mark, IDs separated by line
// breaks, commas or semicolons, surrounding quotes and white space ignored
// on the list and in the records alike; a list it cannot read is an
// error. The report says how many listed IDs matched no record, and a
// run in which none matched fails (the list is then likely in another
// form than the input's IDs) unless -exclude-may-match-none is given.
//
// The files named on the command line must be distinct (after links are
// resolved), or the job refuses to start. Outputs (-out, -quarantine,
// -report) are written under a temporary name and renamed into place when
// the job succeeds; a FIFO or a device is written through instead, and a
// symbolic link keeps pointing at its target, which is replaced. A job
// that fails, is interrupted or panics leaves no output and a report whose
// "status" is "failed", with the error, instead of a report of an earlier
// run. -workers is at most 4 per CPU.
//
// Nothing from the input is printed or reported but field names, and a
// field name that looks like a value (an e-mail address, a date, a
// number: the first row of a CSV without a header) stops the job without
// being repeated.
//
// Exit status: 0 on success; 1 on bad input, policy or keys (the message
// names the line and the field, never a value); 2 on a usage error
// (including files named twice and key flags that do not go together).
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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
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

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(stderr, "export:", err)
		return exitUsage
	}
	job := &job{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr}
	if err := job.run(ctx); err != nil {
		fmt.Fprintln(stderr, "export:", err)
		var ue usageError
		if errors.As(err, &ue) {
			return exitUsage
		}
		return exitInput
	}
	return exitOK
}
