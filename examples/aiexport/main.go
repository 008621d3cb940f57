// Command aiexport writes the AI-engine feed: NDJSON of pseudonymized
// measurement records, made from a measurement export (CSV or NDJSON) with
// the deid.AIEngine profile. Direct identifiers (names, contact details,
// addresses, positions, IP and MAC addresses, device serials, free text)
// are removed; health measurements, sex, state, device model and the time
// of each measurement are kept; dates of birth become years (90+ for
// people aged 90 or more), ZIP codes their first three digits; user IDs
// become keyed pseudonyms in the ai-engine domain, which cannot be linked
// with the pseudonyms of research exports (domains "research/...").
//
// Run it on its built-in synthetic sample, with the public demo keys:
//
//	go run ./examples/aiexport
//
// A real run:
//
//	go run ./examples/keygen -dir keys     # once: keys for trials
//	go run ./examples/aiexport -in measurements.csv -out ai-feed.ndjson \
//	    -keyset keys/keyset.json -kek-keyset keys/kek.json \
//	    -exclude withdrawn-ids.txt -quarantine bad.ndjson -report report.json
//
// The input format comes from the file's extension (.csv; .ndjson or
// .jsonl) or from -in-format, which reading stdin (-in -) needs. The
// profile reads the input's field names (the CSV header; the keys of the
// first records of NDJSON, nested objects as dotted paths): a field it does
// not recognize is dropped and named on stderr. -report writes what the
// profile made of every field and the counts of the run as JSON.
//
// Every record read is accounted for: read = written + quarantined +
// suppressed + excluded. A record whose value cannot be transformed (a
// malformed date of birth or ZIP code) stops the run with an error naming
// its line and field, never its value, unless -quarantine names a file for
// such records (which hold identified data: protect that file like the
// input). The records of the user IDs listed in -exclude (consent
// withdrawn, account deleted) never reach the output. The list is read by
// deid.ReadIDSet (UTF-8, or UTF-16 with a byte order mark; one ID per line
// or comma-separated; quotes and white space ignored on the list and in
// the records alike); a list it cannot read is an error, and so is a list
// of which no ID matched a record, unless -exclude-may-match-none is
// given.
//
// The output file is written under a temporary name and renamed when the
// run succeeds, so a failed run leaves no partial feed behind (a FIFO or
// a device is written through). A failed, interrupted or panicking run
// leaves a report whose "status" is "failed". The files named on the
// command line must be distinct; -workers is at most 4 per CPU. A field
// name that looks like a value (the first row of a CSV without a header)
// stops the run without being repeated.
//
// Exit status: 0 on success; 1 on bad input, keys or files; 2 on a usage
// error (including files named twice and key flags that do not go
// together).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/exportfile"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		// A usage error (flag.ErrHelp) has been explained by parseFlags.
		fmt.Fprintln(os.Stderr, "aiexport:", err)
	}
	os.Exit(exitCode(err))
}

// exitCode is the exit status for the error of run: 0 for none, 2 for a
// usage error, 1 for any other.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 2
	}
	return 1
}

// config is the command line.
type config struct {
	in, out          string
	inFormat         deid.Format
	domain           string
	eventDates       deid.Action
	scrubText        bool
	refDate          time.Time
	keyset, kek      string
	exclude, idField string
	mayMatchNone     bool
	quarantine       string
	report           string
	workers          int
}

func usage(stderr io.Writer, format string, args ...any) error {
	fmt.Fprintf(stderr, "aiexport: "+format+"\n", args...)
	return flag.ErrHelp
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("aiexport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.StringVar(&c.in, "in", "", "measurement export, CSV or NDJSON (- for stdin; default: a built-in synthetic sample)")
	inFormat := fs.String("in-format", "", "input format, csv or ndjson (default: from the extension of -in)")
	fs.StringVar(&c.out, "out", "-", "NDJSON output file (- for stdout)")
	fs.StringVar(&c.domain, "domain", "ai-engine", "pseudonym domain of the feed's recipient")
	events := fs.String("event-dates", "keep", "what happens to measurement timestamps: keep, month, year or drop")
	fs.BoolVar(&c.scrubText, "scrub-text", false, "scrub free text (notes) instead of dropping it; the scrubber misses names and places that no cue announces and the record does not hold")
	ref := fs.String("ref-date", "", "date (YYYY-MM-DD) at which ages are computed for the 90+ top-coding (default: today, UTC)")
	fs.StringVar(&c.keyset, "keyset", "", "encrypted Tink keyset (JSON)")
	fs.StringVar(&c.kek, "kek-keyset", "", "key-encryption key: a cleartext Tink AEAD keyset (stand-in for a KMS key)")
	fs.StringVar(&c.exclude, "exclude", "", "file of user IDs whose records are left out (consent withdrawn, account deleted): UTF-8 or UTF-16 text, one per line or comma-separated, quotes and white space ignored")
	fs.BoolVar(&c.mayMatchNone, "exclude-may-match-none", false, "succeed even if no ID of -exclude matches a record (without it, that fails the run)")
	fs.StringVar(&c.idField, "id-field", "user_id", "the field -exclude matches")
	fs.StringVar(&c.quarantine, "quarantine", "", "file for the records that cannot be transformed, as NDJSON (identified data!); without it the first such record stops the run")
	fs.StringVar(&c.report, "report", "", "file for the JSON report: what the profile made of each field, and the counts")
	fs.IntVar(&c.workers, "workers", 0, "goroutines reading and transforming in parallel (default: the number of CPUs, at least 2; at most 4 per CPU)")
	if err := fs.Parse(args); err != nil {
		return nil, flag.ErrHelp
	}
	if fs.NArg() > 0 {
		return nil, usage(stderr, "unexpected argument %q", fs.Arg(0))
	}
	switch {
	case *inFormat != "":
		f, err := deid.ParseFormat(*inFormat)
		if err != nil {
			return nil, usage(stderr, "-in-format: %q is not csv or ndjson", *inFormat)
		}
		c.inFormat = f
	case c.in == "":
		c.inFormat = deid.CSV // the sample
	case c.in == "-":
		return nil, usage(stderr, "-in - needs -in-format csv or ndjson")
	default:
		switch strings.ToLower(filepath.Ext(c.in)) {
		case ".csv":
			c.inFormat = deid.CSV
		case ".ndjson", ".jsonl":
			c.inFormat = deid.NDJSON
		default:
			return nil, usage(stderr, "cannot tell the format of %s from its extension: pass -in-format csv or ndjson", c.in)
		}
	}
	if c.in == "" && *inFormat != "" && c.inFormat != deid.CSV {
		return nil, usage(stderr, "the built-in sample is CSV")
	}
	switch c.eventDates = deid.Action(*events); c.eventDates {
	case deid.Keep, deid.Month, deid.Year, deid.Drop:
	default:
		return nil, usage(stderr, "-event-dates: %q is not keep, month, year or drop", *events)
	}
	if c.domain == "" || strings.HasPrefix(c.domain, "research/") {
		// The point of the feed's domain is that its pseudonyms do not
		// link with research exports.
		return nil, usage(stderr, "-domain %q: the AI feed needs a domain of its own, not empty and not a research domain", c.domain)
	}
	if *ref == "" {
		y, m, d := time.Now().UTC().Date()
		c.refDate = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	} else {
		t, err := time.Parse(time.DateOnly, *ref)
		if err != nil {
			return nil, usage(stderr, "-ref-date: not a YYYY-MM-DD date")
		}
		c.refDate = t
	}
	if err := exportfile.CheckWorkers(c.workers); err != nil {
		return nil, usage(stderr, "%v", err)
	}
	if err := keyfile.CheckFlags(c.keyset, "", c.kek); err != nil {
		return nil, usage(stderr, "%v", err)
	}
	if c.quarantine == "-" || c.report == "-" {
		return nil, usage(stderr, "-quarantine and -report need file names: stdout carries the feed")
	}
	if c.exclude != "" && c.idField == "" {
		return nil, usage(stderr, "-exclude needs -id-field")
	}
	if c.mayMatchNone && c.exclude == "" {
		return nil, usage(stderr, "-exclude-may-match-none needs -exclude")
	}
	// Before anything is written: an output must not replace an input or
	// another output.
	if err := exportfile.Distinct(
		exportfile.Named{Flag: "-in", Path: c.in}, exportfile.Named{Flag: "-out", Path: c.out},
		exportfile.Named{Flag: "-quarantine", Path: c.quarantine}, exportfile.Named{Flag: "-report", Path: c.report},
		exportfile.Named{Flag: "-exclude", Path: c.exclude}, exportfile.Named{Flag: "-keyset", Path: c.keyset},
		exportfile.Named{Flag: "-kek-keyset", Path: c.kek},
	); err != nil {
		return nil, usage(stderr, "%v", err)
	}
	return c, nil
}

// run makes the feed. It stops early, with ctx's error, when ctx is
// cancelled (main cancels it on SIGINT and SIGTERM). Once the command line
// is checked, a failure of any kind (an error, a cancellation, a panic)
// removes the partial outputs and leaves a report that says the run
// failed, never the report of an earlier run.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := exportfile.RemoveStale(cfg.report); err != nil {
		return err
	}
	defer func() {
		// By now the deferred calls of the job have aborted its outputs.
		if r := recover(); r != nil {
			err = exportfile.PanicError(r)
		}
		if err != nil && cfg.report != "" {
			if rerr := exportfile.WriteJSON(cfg.report, &failedReport{Status: "failed", Error: err.Error(), Domain: cfg.domain}); rerr != nil {
				fmt.Fprintln(stderr, "aiexport: writing the report of the failed run:", rerr)
			}
		}
	}()
	return feed(ctx, cfg, stdin, stdout, stderr)
}

// failedReport is the report of a failed run: why (the error names lines,
// fields and files, never a value), and no counts of an output that was
// not published.
type failedReport struct {
	Status string `json:"status"` // "failed"
	Error  string `json:"error"`
	Domain string `json:"domain"`
}

func feed(ctx context.Context, cfg *config, stdin io.Reader, stdout, stderr io.Writer) error {
	keys, err := keyfile.Load(cfg.keyset, "", cfg.kek)
	if err != nil {
		return err
	}
	if keys.Demo {
		fmt.Fprintln(stderr, keyfile.DemoWarning)
	}

	in, closeIn, err := openInput(ctx, cfg, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	br := exportfile.NewReader(in)
	fields, err := exportfile.Fields(br, cfg.inFormat)
	if err != nil {
		return err
	}
	policy, profile, err := deid.AIEngine(fields, deid.AIEngineOptions{
		ReferenceDate: cfg.refDate,
		Domain:        cfg.domain,
		EventDates:    cfg.eventDates,
		ScrubText:     cfg.scrubText,
	})
	if err != nil {
		return err
	}
	if len(profile.Unrecognized) > 0 {
		fmt.Fprintf(stderr, "aiexport: dropped %d fields the profile does not recognize: %s\n",
			len(profile.Unrecognized), strings.Join(profile.Unrecognized, ", "))
	}

	opts := deid.Options{Input: cfg.inFormat, Output: deid.NDJSON, Workers: cfg.workers}
	if cfg.exclude != "" {
		ids, err := exportfile.ReadExclusionList(cfg.exclude)
		if err != nil {
			return err
		}
		opts.Exclude, opts.ExcludeField, opts.ExcludeMayMatchNone = ids, cfg.idField, cfg.mayMatchNone
	}
	var quarantine *exportfile.Output
	if cfg.quarantine != "" {
		if quarantine, err = exportfile.Create(cfg.quarantine, nil); err != nil {
			return err
		}
		defer quarantine.Abort()
		opts.Quarantine = quarantine.W
	}
	tr, err := deid.NewTransformer(policy, deid.Keys{Pseudonyms: keys.Pseudonyms}, opts)
	if err != nil {
		return err
	}
	out, err := exportfile.Create(cfg.out, stdout)
	if err != nil {
		return err
	}
	defer out.Abort()

	rep, err := tr.Run(ctx, br, out.W)
	if err != nil {
		if rep != nil {
			fmt.Fprintf(stderr, "aiexport: stopped after %d records read\n", rep.Read)
		}
		return err
	}
	// Nothing is published unless every record is accounted for.
	if !rep.Reconciles() {
		return errors.New("the counts do not reconcile: records are unaccounted for")
	}
	// The report names fields: not one that may be a value (a key of an
	// NDJSON record after the part Fields read).
	names := make([]string, 0, len(rep.Fields))
	for _, f := range rep.Fields {
		names = append(names, f.Field)
	}
	if err := exportfile.CheckFieldNames(names); err != nil {
		return fmt.Errorf("input: %w", err)
	}
	if err := out.Commit(); err != nil {
		return err
	}
	if quarantine != nil {
		if err := quarantine.Commit(); err != nil {
			return err
		}
	}
	if cfg.report != "" {
		if err := writeReport(cfg, keys.Pseudonyms.PrimaryKeyID(), profile, rep); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "aiexport: %d records read, %d written, %d quarantined, %d suppressed, %d excluded; "+
		"user IDs pseudonymized in domain %q with key %d\n",
		rep.Read, rep.Written, rep.Quarantined, rep.Suppressed, rep.Excluded, cfg.domain, keys.Pseudonyms.PrimaryKeyID())
	return nil
}

// writeReport writes the profile's report and the run's counts as JSON.
func writeReport(cfg *config, keyID uint32, profile *deid.ProfileReport, rep *deid.Report) error {
	return exportfile.WriteJSON(cfg.report, struct {
		Status        string              `json:"status"`
		Domain        string              `json:"domain"`
		KeyID         uint32              `json:"key_id"`
		ReferenceDate string              `json:"reference_date"`
		Reconciles    bool                `json:"reconciles"`
		Profile       *deid.ProfileReport `json:"profile"`
		Run           *deid.Report        `json:"run"`
	}{"ok", cfg.domain, keyID, cfg.refDate.Format(time.DateOnly), rep.Reconciles(), profile, rep})
}
