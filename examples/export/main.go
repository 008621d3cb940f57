// Command export is the research export job: it reads a measurement export
// (CSV or NDJSON), removes and transforms identifiers with a field policy,
// drops the records of users who withdrew consent or deleted their account,
// generalizes the quasi-identifiers until every released record is shared
// by at least k people (package deid/release), and writes the release (CSV,
// NDJSON or typed Parquet) with a JSON report.
//
// Run it on its built-in synthetic sample, with the public demo keys (k=5
// on date_of_birth, sex, zip and state, counting people; the release and
// its report go to a new temporary directory):
//
//	go run ./examples/export
//
// A real run:
//
//	go run ./examples/keygen -dir keys     # once: keys for trials
//	go run ./examples/export -in measurements.csv -out research.parquet \
//	    -keyset keys/keyset.json -kek-keyset keys/kek.json \
//	    -profile research -domain research/partner-x \
//	    -exclude withdrawn-ids.txt -k 10 -l 2 -qi date_of_birth,sex,zip,state \
//	    -sensitive heart_rate -quarantine bad.ndjson -report report.json
//
// In production the keyset is encrypted under a KMS key rather than a
// local -kek-keyset (see examples/internal/keyfile).
//
// # Flags
//
// Shared with examples/aiexport (package examples/internal/exportcmd):
//
//	-in, -in-format          the input (default: the built-in sample) and its format, csv or ndjson
//	-out, -out-format        the output (default: stdout) and its format, csv, ndjson or parquet
//	-reference-date          the date ages are computed at for the 90+ top-coding (default: today;
//	                         2026-01-01 for the built-in sample, whose ages are made around it)
//	-domain                  the pseudonym domain of user IDs
//	-keyset, -kek-keyset     the keys (default: the public DEMO keys)
//	-exclude, -exclude-field, -exclude-may-match-none
//	                         the users whose records never reach the output
//	-quarantine              a file for the records that cannot be transformed
//	-report, -report-html    the JSON report, and the same as one HTML page with charts
//	                         (both beside the output for the built-in sample)
//	-allow-kept-identifiers  release kept fields that look like identifiers
//	-temp-dir, -workers, -sample-rows, -quiet
//
// Its own: -policy (a JSON field policy) or -profile (research, the
// default; safe-harbor; ai-engine); -token-keyset; the k-anonymity stage:
// -k (5 by default with the research profile, so that a research release
// is k-anonymous unless -k 0 asks for the field policy's output alone; 0
// by default with -policy or another profile), -qi (default: those of
// date_of_birth, sex, zip and state the output has), -person, -sensitive, -l,
// -t, -suppression, -algorithm (top-down, mondrian, mondrian-relaxed,
// optimal), -sampling-fraction (the share of the population the release
// holds, for the report's population-uniqueness estimates). Flags of earlier versions are usage errors that name the new
// one: -ref-date is -reference-date, -id-field is -exclude-field.
//
// # What it guarantees
//
// With -k, the release is written only after kanon.Verify holds on
// exactly the values written, and the report gives the k (and l, t)
// reached, the classes, the records withheld, the loss of detail (NCP)
// overall and per quasi-identifier, and the risk. Quasi-identifiers
// generalize along hierarchies that follow the field actions (years to
// age bands, ZIP3 to states and regions, states to census divisions and
// regions); a categorical one with no hierarchy goes straight to "*",
// and the report and stderr say so in one line per column. On the
// built-in sample the release loses about 9% of detail at k=5 and 14% at
// k=10.
//
// A Parquet release has typed columns: measurements as DOUBLE or INT64,
// times as TIMESTAMP, the quasi-identifiers and the rest as strings.
//
// The library refuses to release as they are fields whose names or values
// look like direct identifiers (a "default": "keep" over an e-mail column):
// a kept field named as one fails the run before any record is written,
// and a record whose kept value holds one fails the run at its line, or
// goes to -quarantine, naming the field and the kind of identifier. With
// -allow-kept-identifiers they are released, and the warnings say so on
// stderr and in the report.
//
// The -exclude list is read by deid.ReadIDSet: UTF-8 text (a byte order
// mark is skipped) or UTF-16 with a byte order mark, IDs separated by line
// breaks, commas or semicolons, surrounding quotes and white space ignored
// on the list and in the records alike; a list it cannot read is an
// error. The report says how many listed IDs matched no record, and a
// run in which none matched fails (the list is then likely in another
// form than the input's IDs) unless -exclude-may-match-none is given.
//
// # Files
//
// The files named on the command line must be distinct (after links are
// resolved), or the job refuses to start. Once the command line is
// accepted, the regular files at -out, -quarantine and -report are
// removed first: whatever way the run ends, no output of an earlier run
// is left there looking like this run's. Outputs are written under a
// temporary name beside their final one (".NAME.deidkit-PID-N.tmp") and
// renamed into place when the job succeeds; a FIFO or a device is written
// through instead, and a symbolic link keeps pointing at its target,
// which is replaced. A k-anonymity release keeps the de-identified
// records (without their quasi-identifiers) in a spill, in a directory
// "export-deidkit-PID-N" of -temp-dir, readable by its owner only. A job
// that fails, is interrupted or panics removes them all and leaves a
// report whose "status" is "failed", with the error. A job killed
// outright (kill -9, out of memory) cannot: the next run removes the
// temporary files and spill directories whose process is gone. -workers
// is at most 4 per CPU.
//
// Nothing from the input is printed or reported but field names, and a
// CSV whose first row looks like data (a file without a header) stops the
// job without it being repeated.
//
// Exit status: 0 on success; 1 when the job fails (bad input, policy,
// keys or files: the message names the line, the field or the file, never
// a value); 2 on a usage error, before anything is read or written
// (including files named twice and key flags that do not go together).
// -h prints the flags on stdout and exits 0.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/internal/exportcmd"
	"github.com/deidkit/deidkit/examples/internal/exportfile"
	"github.com/deidkit/deidkit/kanon"
)

func main() { command().Main() }

// flags are the export's own flags.
type flags struct {
	policy, profile   string
	k, l              int
	t, suppression    float64
	samplingFraction  float64
	qi                string
	person, sensitive string
	algorithm         release.Algorithm
	personSet         bool // -person was given: its column must be in the output
	qiSet             bool // -qi was given: its columns must be in the output
}

// defaultQIs are the quasi-identifiers of the research profile's output.
const defaultQIs = "date_of_birth,sex,zip,state"

// defaultK is the k of a research release when -k is not given.
const defaultK = 5

func command() *exportcmd.Command {
	f := &flags{}
	return &exportcmd.Command{
		Name:    "export",
		Summary: "the research release of a measurement export",
		Output:  "research",
		Tokens:  true,
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&f.policy, "policy", "", "field policy `file` (JSON; see package deid)")
			fs.StringVar(&f.profile, "profile", "", "built-in policy: research (default), safe-harbor or ai-engine")
			fs.IntVar(&f.k, "k", 0, "k-anonymity of the quasi-identifiers, counted in people (default 5 with the research profile, 0 otherwise; 0: no k-anonymity stage)")
			fs.StringVar(&f.qi, "qi", "", "quasi-identifier `columns`, comma-separated (with -k; default: "+defaultQIs+")")
			fs.StringVar(&f.person, "person", "user_id", "output `column` identifying people (pseudonymized), so that k counts people rather than records")
			fs.StringVar(&f.sensitive, "sensitive", "", "sensitive attribute `column` (for -l and -t)")
			fs.IntVar(&f.l, "l", 0, "distinct l-diversity of the sensitive attribute (needs -k and -sensitive)")
			fs.Float64Var(&f.t, "t", 0, "t-closeness of the sensitive attribute (needs -k and -sensitive)")
			fs.Float64Var(&f.suppression, "suppression", 0, "largest share of the records the k-anonymity stage may withhold rather than generalize (outlier people), in [0, 1]")
			fs.Float64Var(&f.samplingFraction, "sampling-fraction", 0, "share of the population the release holds, in (0, 1], for the report's population-uniqueness estimates (0: none)")
			fs.TextVar(&f.algorithm, "algorithm", release.TopDown, "how the k-anonymity stage generalizes: top-down, mondrian, mondrian-relaxed or optimal")
		},
		Check: f.check,
		Files: func() []exportfile.Named { return []exportfile.Named{{Flag: "-policy", Path: f.policy}} },
		Setup: f.setup,
	}
}

func (f *flags) check(o *exportcmd.Options, set map[string]bool) error {
	if f.policy != "" && f.profile != "" {
		return exportcmd.Usagef("-policy and -profile exclude each other")
	}
	switch f.profile {
	case "", "research", "safe-harbor", "ai-engine":
	default:
		return exportcmd.Usagef("-profile must be research, safe-harbor or ai-engine, not %q", f.profile)
	}
	if !set["k"] && f.policy == "" && (f.profile == "" || f.profile == "research") {
		// A research release is k-anonymous unless asked otherwise: a
		// partner must not get a release with exact quasi-identifiers
		// because a flag was forgotten. -k 0 releases the field policy's
		// output alone.
		f.k = defaultK
	}
	switch {
	case f.k < 0 || f.l < 0 || f.t < 0:
		return exportcmd.Usagef("-k, -l and -t must not be negative")
	case f.k == 1:
		return exportcmd.Usagef("-k 1 protects nothing; use at least 2, or 0 for no k-anonymity stage")
	case set["l"] && f.l == 1:
		return exportcmd.Usagef("-l 1 protects nothing; use at least 2, or leave -l out")
	case set["t"] && !(f.t > 0 && f.t < 1):
		// 0 would read as "no t-closeness" and release without the model
		// asked for; a distance of 1 or more holds of every class.
		return exportcmd.Usagef("-t must be in (0, 1): 0 is no t-closeness and 1 or more protects nothing; leave -t out for none")
	case set["qi"] && strings.Trim(f.qi, ", \t") == "":
		return exportcmd.Usagef("-qi names no column; leave it out for the default quasi-identifiers (%s)", defaultQIs)
	case f.k == 0 && (f.qi != "" || f.sensitive != "" || f.l > 0 || f.t > 0 || set["suppression"] || set["algorithm"] || set["sampling-fraction"]):
		return exportcmd.Usagef("-qi, -sensitive, -l, -t, -suppression, -algorithm and -sampling-fraction need -k")
	case (f.l > 0 || f.t > 0) && f.sensitive == "":
		return exportcmd.Usagef("-l and -t need -sensitive")
	case !(f.suppression >= 0 && f.suppression <= 1):
		return exportcmd.Usagef("-suppression must be in [0, 1]")
	case !(f.samplingFraction >= 0 && f.samplingFraction <= 1):
		return exportcmd.Usagef("-sampling-fraction must be in (0, 1]")
	}
	f.qiSet = f.qi != ""
	if f.qi == "" {
		f.qi = defaultQIs
	}
	f.personSet = set["person"]
	return nil
}

// setup makes the policy (from -policy or -profile) and the k-anonymity
// stage for the input's fields.
func (f *flags) setup(o *exportcmd.Options, fields []string, keys deid.Keys) (*exportcmd.Setup, error) {
	s := &exportcmd.Setup{}
	var err error
	switch {
	case f.policy != "":
		s.Policy, err = readPolicy(f.policy)
	case f.profile == "safe-harbor":
		s.Policy, s.Profile, err = deid.SafeHarbor(fields, deid.SafeHarborOptions{ReferenceDate: o.ReferenceDate, PseudonymDomain: o.Domain})
	case f.profile == "ai-engine":
		s.Policy, s.Profile, err = deid.AIEngine(fields, deid.AIEngineOptions{ReferenceDate: o.ReferenceDate, Domain: or(o.Domain, "ai-engine")})
	default:
		s.Policy, s.Profile, err = release.Research(o.ReferenceDate, or(o.Domain, "research/partner-x"))(fields)
	}
	if err != nil || f.k == 0 {
		return s, err
	}
	p := &release.Privacy{K: f.k, Person: f.person, Sensitive: f.sensitive, L: f.l, T: f.t,
		Suppression: f.suppression, Algorithm: f.algorithm}
	if f.samplingFraction > 0 {
		p.Population = kanon.SamplingFraction(f.samplingFraction)
	}
	out := outputFields(s.Policy, fields, keys)
	var missing []string
	for _, q := range strings.Split(f.qi, ",") {
		if q = strings.TrimSpace(q); q == "" {
			continue
		}
		if !f.qiSet && out != nil && !slices.Contains(out, q) {
			// A default quasi-identifier the input lacks is no
			// quasi-identifier of this release; one the user named is
			// (the release fails, naming it).
			missing = append(missing, q)
			continue
		}
		p.QuasiIdentifiers = append(p.QuasiIdentifiers, q)
	}
	if len(p.QuasiIdentifiers) == 0 {
		return s, fmt.Errorf("the output has none of the default quasi-identifiers (%s): name the input's with -qi, or give -k 0 for a release without a k-anonymity stage", defaultQIs)
	}
	if len(missing) > 0 {
		s.Notes = append(s.Notes, "the output has no "+strings.Join(quoteAll(missing), ", ")+" column: k-anonymity on "+
			strings.Join(quoteAll(p.QuasiIdentifiers), ", ")+" (name the input's quasi-identifiers with -qi)")
	}
	// k counts people when the output names them: a person with ten
	// measurements must not make a class of ten alone. Without that
	// column (Safe Harbor drops user IDs) it counts records, and says so.
	if out != nil && !slices.Contains(out, p.Person) && !f.personSet {
		s.Notes = append(s.Notes, "the output has no "+quote(p.Person)+" column: k counts records, not people; "+
			"a class may hold several records of one person")
		p.Person = ""
	}
	s.Privacy = p
	return s, nil
}

// outputFields returns the output fields of policy for the input's
// fields, or nil when it cannot tell (the run will say why).
func outputFields(policy *deid.Policy, fields []string, keys deid.Keys) []string {
	plan, err := deid.Compile(policy, fields, keys)
	if err != nil {
		return nil
	}
	return plan.OutputFields()
}

func readPolicy(path string) (*deid.Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := deid.ParsePolicy(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func quote(s string) string { return `"` + s + `"` }

func quoteAll(ss []string) []string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = quote(s)
	}
	return q
}
