package main

import (
	"flag"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/deidkit/deidkit/examples/internal/exportfile"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// config is the parsed command line.
type config struct {
	in, inFormat        string
	out, outFormat      string
	policyFile, profile string
	domain, refDate     string
	keyset, kek, tokens string
	k, l                int
	qi                  []string
	sensitive, person   string
	exclude, excludeFld string
	excludeMayMatchNone bool
	quarantine, report  string
	workers, sampleRows int
	quiet               bool
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.in, "in", "", "input `file` (- for stdin); default: a built-in synthetic sample")
	fs.StringVar(&c.inFormat, "in-format", "", "csv or ndjson (default: from the input file's extension, else csv)")
	fs.StringVar(&c.out, "out", "", "output `file` (- for stdout); default: stdout, or a temporary directory for the sample")
	fs.StringVar(&c.outFormat, "out-format", "", "csv, ndjson or parquet (default: from the output file's extension, else the input format)")
	fs.StringVar(&c.policyFile, "policy", "", "field policy `file` (JSON; see package deid)")
	fs.StringVar(&c.profile, "profile", "", "built-in policy: research (default), safe-harbor or ai-engine")
	fs.StringVar(&c.domain, "domain", "", "pseudonym domain of user IDs for the profiles (default research/partner-x; ai-engine for -profile ai-engine)")
	fs.StringVar(&c.refDate, "reference-date", "", "date ages are computed at for top-coding, YYYY-MM-DD (default: today, UTC)")
	fs.StringVar(&c.keyset, "keyset", "", "pseudonym keyset `file`: Tink JSON, encrypted (default: the public DEMO keys)")
	fs.StringVar(&c.kek, "kek-keyset", "", "key-encryption key `file`: a cleartext Tink AEAD keyset standing in for a KMS key")
	fs.StringVar(&c.tokens, "token-keyset", "", "token keyset `file` for policies that tokenize")
	fs.IntVar(&c.k, "k", 0, "k-anonymity of the quasi-identifiers, counted in people (0: no k-anonymity stage; 5 on the built-in sample)")
	fs.IntVar(&c.l, "l", 0, "distinct l-diversity of the sensitive attribute (needs -k and -sensitive)")
	qi := fs.String("qi", "", "quasi-identifier `columns`, comma-separated (with -k; default: date_of_birth,sex,zip,state)")
	fs.StringVar(&c.sensitive, "sensitive", "", "sensitive attribute `column` (for -l)")
	fs.StringVar(&c.person, "person", "user_id", "output `column` identifying people (pseudonymized), so that k counts people rather than records")
	fs.StringVar(&c.exclude, "exclude", "", "`file` of user IDs whose records must never reach the output (withdrawn consent, deleted accounts): UTF-8 or UTF-16 text, one per line or comma-separated, quotes and white space ignored")
	fs.BoolVar(&c.excludeMayMatchNone, "exclude-may-match-none", false, "succeed even if no ID of -exclude matches a record (without it, that fails the job: the list is likely in another form than the input's IDs)")
	fs.StringVar(&c.excludeFld, "exclude-field", "user_id", "input `field` holding the user ID that -exclude lists")
	fs.StringVar(&c.quarantine, "quarantine", "", "`file` for records that cannot be transformed (NDJSON; holds raw identified records: protect it); without it the first such record stops the job")
	fs.StringVar(&c.report, "report", "", "JSON report `file`")
	fs.IntVar(&c.workers, "workers", 0, "goroutines reading and transforming in parallel (default: the number of CPUs, at least 2; at most 4 per CPU)")
	fs.IntVar(&c.sampleRows, "sample-rows", 5000, "rows of the built-in sample")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if c.in == "" && !set["k"] && !set["policy"] {
		// The demo run shows the whole job: field policy, then k-anonymity.
		c.k = 5
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q", fs.Arg(0))
	}
	if *qi != "" {
		for _, q := range strings.Split(*qi, ",") {
			if q = strings.TrimSpace(q); q != "" {
				c.qi = append(c.qi, q)
			}
		}
	}
	return c, c.check()
}

// files are the files named on the command line, which must be distinct.
func (c *config) files() []exportfile.Named {
	return []exportfile.Named{
		{Flag: "-in", Path: c.in}, {Flag: "-out", Path: c.out}, {Flag: "-quarantine", Path: c.quarantine},
		{Flag: "-report", Path: c.report}, {Flag: "-exclude", Path: c.exclude}, {Flag: "-policy", Path: c.policyFile},
		{Flag: "-keyset", Path: c.keyset}, {Flag: "-kek-keyset", Path: c.kek}, {Flag: "-token-keyset", Path: c.tokens},
	}
}

func (c *config) check() error {
	if c.policyFile != "" && c.profile != "" {
		return usagef("-policy and -profile exclude each other")
	}
	switch c.profile {
	case "", "research", "safe-harbor", "ai-engine":
	default:
		return usagef("-profile must be research, safe-harbor or ai-engine, not %q", c.profile)
	}
	if c.k < 0 || c.l < 0 {
		return usagef("-k and -l must not be negative")
	}
	if err := exportfile.CheckWorkers(c.workers); err != nil {
		return usageError{err.Error()}
	}
	if err := keyfile.CheckFlags(c.keyset, c.tokens, c.kek); err != nil {
		return usageError{err.Error()}
	}
	if c.quarantine == "-" || c.report == "-" {
		return usagef("-quarantine and -report need file names: stdout carries the output")
	}
	if c.excludeMayMatchNone && c.exclude == "" {
		return usagef("-exclude-may-match-none needs -exclude")
	}
	if c.k == 1 {
		return usagef("-k 1 protects nothing; use at least 2, or 0 for no k-anonymity stage")
	}
	if c.l > 0 && (c.k == 0 || c.sensitive == "") {
		return usagef("-l needs -k and -sensitive")
	}
	if c.k == 0 && (len(c.qi) > 0 || c.sensitive != "") {
		return usagef("-qi and -sensitive need -k")
	}
	if c.k > 0 && len(c.qi) == 0 {
		c.qi = []string{"date_of_birth", "sex", "zip", "state"}
	}
	if c.refDate != "" {
		if _, err := time.Parse(time.DateOnly, c.refDate); err != nil {
			return usagef("-reference-date %q is not YYYY-MM-DD", c.refDate)
		}
	}
	if c.sampleRows < 1 {
		return usagef("-sample-rows must be positive")
	}
	var err error
	if c.inFormat, err = formatOf(c.inFormat, c.in, "csv", "csv", "ndjson"); err != nil {
		return err
	}
	if c.outFormat, err = formatOf(c.outFormat, c.out, c.inFormat, "csv", "ndjson", "parquet"); err != nil {
		return err
	}
	// Before anything is written: an output must not replace an input or
	// another output.
	if err := exportfile.Distinct(c.files()...); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// formatOf returns the format given by flag, or by the file's extension,
// or def.
func formatOf(flagValue, file, def string, allowed ...string) (string, error) {
	f := flagValue
	if f == "" {
		switch strings.ToLower(filepath.Ext(file)) {
		case ".csv":
			f = "csv"
		case ".ndjson", ".jsonl":
			f = "ndjson"
		case ".parquet":
			f = "parquet"
		default:
			f = def
		}
	}
	for _, a := range allowed {
		if f == a {
			return f, nil
		}
	}
	return "", usagef("format %q not supported here (%s)", f, strings.Join(allowed, ", "))
}
