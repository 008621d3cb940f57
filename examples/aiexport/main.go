// Command aiexport writes the AI-engine feed: pseudonymized measurement
// records, made from a measurement export (CSV or NDJSON) with the
// deid.AIEngine profile (package deid/release, without a k-anonymity
// stage). Direct identifiers (names, contact details, addresses,
// positions, IP and MAC addresses, device serials, free text) are
// removed; health measurements, sex, state, device model and the time of
// each measurement are kept; dates of birth become years (90+ for people
// aged 90 or more), ZIP codes their first three digits; user IDs become
// keyed pseudonyms in the ai-engine domain, which cannot be linked with
// the pseudonyms of research exports (domains "research/...").
//
// Run it on the built-in synthetic sample (the one examples/export uses),
// with the public demo keys (the feed and its report go to a new
// temporary directory):
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
// # Flags
//
// Shared with examples/export (package examples/internal/exportcmd):
//
//	-in, -in-format          the input (default: the built-in sample) and its format, csv or ndjson
//	-out, -out-format        the output (default: stdout) and its format, ndjson (default), csv or parquet
//	-reference-date          the date ages are computed at for the 90+ top-coding (default: today;
//	                         2026-01-01 for the built-in sample, whose ages are made around it)
//	-domain                  the pseudonym domain of user IDs (default ai-engine; never research/...)
//	-keyset, -kek-keyset     the keys (default: the public DEMO keys)
//	-exclude, -exclude-field, -exclude-may-match-none
//	                         the users whose records never reach the output
//	-quarantine              a file for the records that cannot be transformed
//	-report                  the JSON report (the same schema as the export's)
//	-report-html             the same as one HTML page with charts
//	-allow-kept-identifiers  release kept fields that look like identifiers
//	-temp-dir, -workers, -sample-rows, -quiet
//
// Its own: -event-dates (keep, month, year or drop: what happens to the
// measurement times) and -scrub-text (scrub free text instead of dropping
// it). Flags of earlier versions are usage errors that name the new one:
// -ref-date is -reference-date, -id-field is -exclude-field.
//
// The input format comes from -in-format or the extension of -in (.csv;
// .ndjson or .jsonl; csv otherwise), which reading stdin (-in -) needs.
// The profile reads the input's field names (the CSV header; the paths of
// the first records of NDJSON): a field it does not recognize is dropped
// and named on stderr. NDJSON input gives NDJSON records with their
// nesting and JSON types; CSV input gives flat records whose measurement
// columns are typed (JSON numbers, and DOUBLE, INT64 or TIMESTAMP columns
// in Parquet).
//
// Every record read is accounted for: records_read = records_written +
// records_quarantined + records_suppressed + records_excluded. A record
// whose value cannot be transformed (a malformed date of birth or ZIP
// code) stops the run with an error naming its line and field, never its
// value, unless -quarantine names a file for such records (which hold
// identified data: protect that file like the input). The records of the
// user IDs listed in -exclude (consent withdrawn, account deleted) never
// reach the output; the list is read by deid.ReadIDSet (UTF-8, or UTF-16
// with a byte order mark; one ID per line or comma-separated; quotes and
// white space ignored on the list and in the records alike), and a list
// of which no ID matched a record fails the run unless
// -exclude-may-match-none is given.
//
// The policy's warnings are printed and kept in the report. A kept field
// whose name reads as a direct identifier fails the run, and a record
// whose kept value looks like one fails it or goes to -quarantine, unless
// -allow-kept-identifiers is given (as for examples/export).
//
// Files are handled as by examples/export: they must be distinct; the
// outputs of an earlier run at -out, -quarantine and -report are removed
// once the command line is accepted; outputs are written under a
// temporary name (".NAME.deidkit-PID-N.tmp") and renamed when the run
// succeeds (a FIFO or a device is written through); a failed, interrupted
// or panicking run removes them and leaves a report whose "status" is
// "failed"; the next run removes the temporary files of a run that was
// killed outright. A CSV whose first row looks like data (no header)
// stops the run without it being repeated.
//
// Exit status: 0 on success; 1 when the run fails (bad input, keys or
// files); 2 on a usage error, before anything is read or written
// (including files named twice and key flags that do not go together).
// -h prints the flags on stdout and exits 0.
package main

import (
	"flag"
	"strings"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/exportcmd"
)

func main() { command().Main() }

// flags are the feed's own flags.
type flags struct {
	eventDates string
	scrubText  bool
}

func command() *exportcmd.Command {
	f := &flags{}
	return &exportcmd.Command{
		Name:      "aiexport",
		Summary:   "the AI-engine feed of a measurement export",
		Output:    "ai-feed",
		OutFormat: "ndjson",
		Domain:    "ai-engine",
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&f.eventDates, "event-dates", "keep", "what happens to measurement timestamps: keep, month, year or drop")
			fs.BoolVar(&f.scrubText, "scrub-text", false, "scrub free text (notes) instead of dropping it; the scrubber misses names and places that no cue announces and the record does not hold")
		},
		Check: f.check,
		Setup: f.setup,
	}
}

func (f *flags) check(o *exportcmd.Options, _ map[string]bool) error {
	switch deid.Action(f.eventDates) {
	case deid.Keep, deid.Month, deid.Year, deid.Drop:
	default:
		return exportcmd.Usagef("-event-dates: %q is not keep, month, year or drop", f.eventDates)
	}
	if o.Domain == "" || strings.HasPrefix(o.Domain, "research/") {
		// The point of the feed's domain is that its pseudonyms do not
		// link with research exports.
		return exportcmd.Usagef("-domain %q: the AI feed needs a domain of its own, not empty and not a research domain", o.Domain)
	}
	return nil
}

func (f *flags) setup(o *exportcmd.Options, fields []string, _ deid.Keys) (*exportcmd.Setup, error) {
	policy, profile, err := deid.AIEngine(fields, deid.AIEngineOptions{
		ReferenceDate: o.ReferenceDate,
		Domain:        o.Domain,
		EventDates:    deid.Action(f.eventDates),
		ScrubText:     f.scrubText,
	})
	return &exportcmd.Setup{Policy: policy, Profile: profile}, err
}
