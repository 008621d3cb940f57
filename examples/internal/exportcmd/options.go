package exportcmd

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/examples/internal/exportfile"
	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// Options are the flags every export program takes.
type Options struct {
	In, Out               string
	InFormat              deid.Format
	OutFormat             string // csv, ndjson or parquet
	ReferenceDate         time.Time
	Domain                string
	Keyset, KEK, Tokens   string
	Exclude, ExcludeField string
	ExcludeMayMatchNone   bool
	Quarantine, Report    string
	ReportHTML            string
	TempDir               string
	Workers, SampleRows   int
	Quiet                 bool
	AllowKeptIdentifiers  bool
	inFormat, outFormat   string // as given
	referenceDate         string // as given
	sample                bool   // the input is the built-in sample
}

// renamed returns the name a flag has had since the programs took one
// vocabulary, or "": naming the old one is a usage error that gives the
// new.
func renamed(old string) string {
	switch old {
	case "ref-date":
		return "reference-date"
	case "id-field":
		return "exclude-field"
	}
	return ""
}

func (c *Command) parse(args []string, stdout io.Writer) (*Options, error) {
	o := &Options{}
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // -h prints the usage on stdout, below; an error, itself
	fs.Usage = func() {}
	fs.StringVar(&o.In, "in", "", "input `file`, CSV or NDJSON (- for stdin); default: the built-in synthetic sample")
	fs.StringVar(&o.inFormat, "in-format", "", "`format` of the input: csv or ndjson (default: from the extension of -in, else csv)")
	fs.StringVar(&o.Out, "out", "", "output `file` (- for stdout); default: stdout, or a new temporary directory for the sample")
	fs.StringVar(&o.outFormat, "out-format", c.OutFormat, "`format` of the output: csv, ndjson or parquet (typed columns) (default: from the extension of -out, else "+orInput(c.OutFormat)+")")
	fs.StringVar(&o.referenceDate, "reference-date", "", "`date` (YYYY-MM-DD) at which ages are computed for the 90+ top-coding (default: today, UTC; for the built-in sample, the date its ages are made around, 2026-01-01)")
	fs.StringVar(&o.Domain, "domain", c.Domain, "pseudonym `domain` of user IDs")
	fs.StringVar(&o.Keyset, "keyset", "", "pseudonym keyset `file`: Tink JSON, encrypted (default: the public DEMO keys)")
	fs.StringVar(&o.KEK, "kek-keyset", "", "key-encryption key `file`: a cleartext Tink AEAD keyset standing in for a KMS key")
	if c.Tokens {
		fs.StringVar(&o.Tokens, "token-keyset", "", "token keyset `file` for policies that tokenize")
	}
	fs.StringVar(&o.Exclude, "exclude", "", "`file` of user IDs whose records must never reach the output (withdrawn consent, deleted accounts): UTF-8 or UTF-16 text, one per line or comma-separated, quotes and white space ignored")
	fs.StringVar(&o.ExcludeField, "exclude-field", "user_id", "input `field` holding the user ID that -exclude lists")
	fs.BoolVar(&o.ExcludeMayMatchNone, "exclude-may-match-none", false, "succeed even if no ID of -exclude matches a record (without it, that fails the run: the list is likely in another form than the input's IDs)")
	fs.StringVar(&o.Quarantine, "quarantine", "", "`file` for the records that cannot be transformed (NDJSON; raw identified records: protect it); without it the first such record stops the run")
	fs.StringVar(&o.Report, "report", "", "JSON report `file`")
	fs.StringVar(&o.ReportHTML, "report-html", "", "HTML report `file`: the report as one self-contained page with charts, for whoever approves the release")
	fs.StringVar(&o.TempDir, "temp-dir", "", "`directory` for the spill of a k-anonymity release (default: $TMPDIR)")
	fs.IntVar(&o.Workers, "workers", 0, "goroutines reading and transforming in parallel (default: the number of CPUs, at least 2; at most 4 per CPU)")
	fs.IntVar(&o.SampleRows, "sample-rows", 5000, "rows of the built-in sample")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&o.AllowKeptIdentifiers, "allow-kept-identifiers", false, "release fields that the policy keeps as they are although their names or values look like direct identifiers (without it, a kept field named as one fails the run, and a record holding such a value fails it or goes to -quarantine)")
	if c.Flags != nil {
		c.Flags(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "%s: %s (see go doc ./examples/%[1]s).\n\nUsage: %[1]s [flags]\n\nFlags:\n", c.Name, c.Summary)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return nil, err
		}
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok && renamed(name) != "" {
			return nil, Usagef("-%s is now -%s", name, renamed(name))
		}
		return nil, UsageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return nil, Usagef("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if err := c.check(o, set); err != nil {
		return nil, err
	}
	return o, nil
}

func orInput(def string) string {
	if def == "" {
		return "the input's format"
	}
	return def
}

// check checks the common flags, then the program's, then that no two
// flags name the same file: before anything is read or written.
func (c *Command) check(o *Options, set map[string]bool) error {
	if err := exportfile.CheckWorkers(o.Workers); err != nil {
		return UsageError{err.Error()}
	}
	if err := keyfile.CheckFlags(o.Keyset, o.Tokens, o.KEK); err != nil {
		return UsageError{err.Error()}
	}
	if o.Quarantine == "-" || o.Report == "-" || o.ReportHTML == "-" {
		return Usagef("-quarantine, -report and -report-html need file names: stdout carries the output")
	}
	if o.ExcludeMayMatchNone && o.Exclude == "" {
		return Usagef("-exclude-may-match-none needs -exclude")
	}
	if o.Exclude != "" && o.ExcludeField == "" {
		return Usagef("-exclude needs -exclude-field")
	}
	o.sample = o.In == ""
	o.ReferenceDate = today()
	if o.sample {
		o.ReferenceDate = sampleReferenceDate()
	}
	if o.referenceDate != "" {
		t, err := time.Parse(time.DateOnly, o.referenceDate)
		if err != nil {
			return Usagef("-reference-date %q is not a YYYY-MM-DD date", o.referenceDate)
		}
		o.ReferenceDate = t
	}
	if o.SampleRows < 1 {
		return Usagef("-sample-rows must be positive")
	}
	in, err := formatOf("-in-format", o.inFormat, o.In, "csv", "csv", "ndjson")
	if err != nil {
		return err
	}
	if o.In == "-" && o.inFormat == "" {
		// Nothing tells: the default would be a guess.
		return Usagef("-in - needs -in-format csv or ndjson")
	}
	o.InFormat, _ = deid.ParseFormat(in)
	if o.OutFormat, err = formatOf("-out-format", o.outFormat, o.Out, in, "csv", "ndjson", "parquet"); err != nil {
		return err
	}
	if o.OutFormat == "parquet" && o.Out == "-" {
		return Usagef("a Parquet output needs a file (-out): its footer is written last")
	}
	if c.Check != nil {
		if err := c.Check(o, set); err != nil {
			return err
		}
	}
	files := []exportfile.Named{
		{Flag: "-in", Path: o.In}, {Flag: "-out", Path: o.Out}, {Flag: "-quarantine", Path: o.Quarantine},
		{Flag: "-report", Path: o.Report}, {Flag: "-report-html", Path: o.ReportHTML},
		{Flag: "-exclude", Path: o.Exclude},
		{Flag: "-keyset", Path: o.Keyset}, {Flag: "-kek-keyset", Path: o.KEK}, {Flag: "-token-keyset", Path: o.Tokens},
	}
	if c.Files != nil {
		files = append(files, c.Files()...)
	}
	if err := exportfile.Distinct(files...); err != nil {
		return UsageError{err.Error()}
	}
	return nil
}

func today() time.Time {
	y, m, d := time.Now().UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// formatOf returns the format given by the flag, or by the file's
// extension, or def.
func formatOf(flagName, given, file, def string, allowed ...string) (string, error) {
	f := given
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
	return "", Usagef("%s: %q is not one of %s", flagName, f, strings.Join(allowed, ", "))
}
