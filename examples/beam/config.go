package main

import (
	"flag"
	"strings"
	"time"

	"github.com/deidkit/deidkit/examples/internal/keyfile"
)

// config is the command line.
type config struct {
	in, inFormat, out       string
	outFormat               string
	policyFile, profile     string
	domain, refDate         string
	keyset, kek, tokens     string
	demoKeys                bool
	k                       int
	qi                      string
	person                  string
	exclude, excludeField   string
	excludeMayMatchNone     bool
	allowKeptIdentifiers    bool
	quarantine, report      string
	shards, rounds          int
	partitionRows           int64
	runner                  string
	sampleRows, sampleShard int

	set map[string]bool // the flags given
	fs  *flag.FlagSet
}

// register defines the flags on fs: the program's own flag set in tests,
// the command line's in main, where Beam's runner flags live too.
func (c *config) register(fs *flag.FlagSet) {
	c.fs = fs
	fs.StringVar(&c.in, "in", "", "input shards: a glob (`pattern`) of local or gs:// paths; default: a built-in synthetic sample")
	fs.StringVar(&c.inFormat, "in-format", "", "csv or ndjson (default: ndjson for shards named *.ndjson, *.jsonl or *.json, else csv; csv for the sample)")
	fs.StringVar(&c.out, "out", "", "output `directory` (must be empty or absent); default: a temporary directory for the sample")
	fs.StringVar(&c.outFormat, "out-format", "csv", "csv, ndjson or parquet")
	fs.StringVar(&c.policyFile, "policy", "", "field policy `file` (JSON; see package deid)")
	fs.StringVar(&c.profile, "profile", "", "built-in policy: research (default), safe-harbor or ai-engine")
	fs.StringVar(&c.domain, "domain", "", "pseudonym domain of user IDs for the profiles (default research/partner-x; ai-engine for -profile ai-engine)")
	fs.StringVar(&c.refDate, "reference-date", "", "date ages are computed at for top-coding, YYYY-MM-DD (default: today, UTC)")
	fs.StringVar(&c.keyset, "keyset", "", "pseudonym keyset `file`: Tink JSON, encrypted (default: the public DEMO keys, on the built-in sample or with -demo-keys)")
	fs.StringVar(&c.kek, "kek-keyset", "", "key-encryption key `file`: a cleartext Tink AEAD keyset standing in for a KMS key")
	fs.BoolVar(&c.demoKeys, keyfile.DemoFlag, false, keyfile.DemoFlagUsage+"; without -keyset, -in needs it")
	fs.StringVar(&c.tokens, "token-keyset", "", "token keyset `file` for policies that tokenize")
	fs.IntVar(&c.k, "k", 0, "k-anonymity of the quasi-identifiers, counted in people (default 5 with the research profile, 0 otherwise; 0: no k-anonymity stage)")
	fs.StringVar(&c.qi, "qi", "date_of_birth,sex,zip,state", "quasi-identifier `columns`, comma-separated (with -k)")
	fs.StringVar(&c.person, "person", "user_id", "output `column` identifying people (pseudonymized), so that k counts people")
	fs.StringVar(&c.exclude, "exclude", "", "`file` of user IDs whose records must never reach the output (withdrawn consent, deleted accounts): UTF-8 or UTF-16 text, one per line or comma-separated, quotes and white space ignored")
	fs.StringVar(&c.excludeField, "exclude-field", "user_id", "input `field` holding the user ID that -exclude lists")
	fs.BoolVar(&c.excludeMayMatchNone, "exclude-may-match-none", false, "succeed even if no ID of -exclude matches a record (without it, that fails the job: the list is likely in another form than the input's IDs)")
	fs.BoolVar(&c.allowKeptIdentifiers, "allow-kept-identifiers", false, "release fields that the policy keeps as they are although their names or values look like direct identifiers (without it, such a policy fails the job, as it fails examples/export)")
	fs.StringVar(&c.quarantine, "quarantine", "", "`file` for records that cannot be transformed (NDJSON, outside -out; raw identified records: protect it); without it the first such record fails the job")
	fs.StringVar(&c.report, "report", "", "JSON report `file` (default: report.json in the output directory)")
	fs.IntVar(&c.shards, "shards", 0, "output shards (default: as many as input shards)")
	fs.Int64Var(&c.partitionRows, "partition-rows", 1_000_000, "most `rows` of a partition that one worker anonymizes")
	fs.IntVar(&c.rounds, "cut-rounds", -1, "rounds of top-level cuts (default: enough for the input's estimated rows)")
	fs.StringVar(&c.runner, "runner", "prism", "Beam runner: prism (in-process), dataflow, flink or spark")
	fs.IntVar(&c.sampleRows, "sample-rows", 20_000, "rows of the built-in sample")
	fs.IntVar(&c.sampleShard, "sample-shards", 8, "shards of the built-in sample")
}

func (c *config) check(args []string) error {
	c.set = map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { c.set[f.Name] = true })
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if !c.set["k"] && c.policyFile == "" && (c.profile == "" || c.profile == "research") {
		// A research release is k-anonymous unless -k 0 asks otherwise,
		// as in examples/export: a forgotten flag must not release exact
		// quasi-identifiers.
		c.k = 5
	}
	switch {
	case c.policyFile != "" && c.profile != "":
		return usagef("-policy and -profile exclude each other")
	case c.profile != "" && c.profile != "research" && c.profile != "safe-harbor" && c.profile != "ai-engine":
		return usagef("-profile must be research, safe-harbor or ai-engine, not %q", c.profile)
	case c.k < 0 || c.shards < 0 || c.partitionRows < 1:
		return usagef("-k and -shards must not be negative, -partition-rows must be positive")
	case c.k == 1:
		return usagef("-k 1 protects nothing; use at least 2, or 0 for no k-anonymity stage")
	case c.inFormat != "" && c.inFormat != "csv" && c.inFormat != "ndjson":
		return usagef("-in-format must be csv or ndjson, not %q", c.inFormat)
	case c.outFormat != "csv" && c.outFormat != "ndjson" && c.outFormat != "parquet":
		return usagef("-out-format must be csv, ndjson or parquet, not %q", c.outFormat)
	case c.in != "" && c.out == "":
		return usagef("-out is required with -in (a directory for the output shards)")
	case c.sampleRows < 1 || c.sampleShard < 1:
		return usagef("-sample-rows and -sample-shards must be positive")
	case strings.ContainsAny(c.exclude, "*?["):
		// The workers match -exclude as a pattern: one naming several
		// files would have them read one list of several.
		return usagef("-exclude names one file, not a pattern (it has one of * ? [)")
	case c.excludeMayMatchNone && c.exclude == "":
		return usagef("-exclude-may-match-none needs -exclude")
	case c.rounds > 40:
		return usagef("-cut-rounds above 40 would cut to more partitions than records")
	}
	if err := keyfile.CheckDemo(c.keyset, keyfile.Input("-in", c.in), c.demoKeys); err != nil {
		return usageError{err.Error()}
	}
	if c.refDate != "" {
		if _, err := time.Parse(time.DateOnly, c.refDate); err != nil {
			return usagef("-reference-date %q is not YYYY-MM-DD", c.refDate)
		}
	}
	return nil
}

// qiColumns returns the -qi columns.
func (c *config) qiColumns() []string {
	var cols []string
	for _, q := range strings.Split(c.qi, ",") {
		if q = strings.TrimSpace(q); q != "" {
			cols = append(cols, q)
		}
	}
	return cols
}
