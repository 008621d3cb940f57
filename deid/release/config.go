package release

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

// Config describes a release.
type Config struct {
	// Input is the format of the input records: deid.CSV (the default) or
	// deid.NDJSON.
	Input deid.Format
	// Policy is the field policy. Profile, when Policy is nil, builds it
	// from the input's field names (a CSV header, the dotted paths of the
	// first NDJSON records): [Research], or a function around
	// deid.SafeHarbor or deid.AIEngine.
	Policy  *deid.Policy
	Profile Profile
	// Keys hold the keys of the policy's keyed actions.
	Keys deid.Keys
	// Field configures the field stage: Workers, ChunkSize,
	// MaxRecordSize, Comma, Quarantine, Exclude, ExcludeField,
	// ExcludeMayMatchNone, AllowKeptIdentifiers (without it, a kept
	// value that looks like an identifier is a record error and a kept
	// field named as one stops the run: see package deid), Progress.
	// Its Input, Output, OutputComma,
	// Records, InputTee and OutputTee belong to Run and must be left unset.
	Field deid.Options
	// Privacy adds the k-anonymity stage; nil releases the output of the
	// field policy as it is (the AI-engine feed).
	Privacy *Privacy
	// Types declares the type of output columns by name; the others are
	// inferred from their values where the policy keeps, rounds or
	// shifts them, and are strings otherwise (see the package
	// documentation). Quasi-identifiers of the k-anonymity stage are
	// always strings.
	Types map[string]Type
	// TempDir is where the k-anonymity stage keeps the spill of the
	// field-level output until the release is verified; "" means
	// os.TempDir(). The spill holds de-identified records, not input.
	TempDir string
}

// A Profile builds a field policy for an input's field names, and a
// report of what it made of each field, to keep with the release.
type Profile func(fields []string) (*deid.Policy, *deid.ProfileReport, error)

// Research is the research profile: the rules of deid.AIEngine (person
// identifiers pseudonymized in domain, every other identifier dropped,
// dates of birth to years with people aged 90 or more at ref top-coded,
// ZIP codes to ZIP3, measurements and their times kept) under the name
// "research". The quasi-identifiers it keeps (year of birth, sex, ZIP3,
// state) still single people out: follow it with a k-anonymity stage.
func Research(ref time.Time, domain string) Profile {
	return func(fields []string) (*deid.Policy, *deid.ProfileReport, error) {
		return deid.AIEngine(fields, deid.AIEngineOptions{ReferenceDate: ref, Domain: domain, Name: "research"})
	}
}

// Privacy configures the k-anonymity stage.
type Privacy struct {
	// QuasiIdentifiers are the output columns an attacker could know and
	// link: each released row shares their (generalized) values with rows
	// of at least K people.
	QuasiIdentifiers []string
	// K is the fewest people (records, without Person) that every class
	// of released quasi-identifier values holds; at least 2.
	K int
	// Person is the output column that identifies people (a pseudonym),
	// so that K counts people, not records: one person's ten measurements
	// do not make a class of ten. Empty: K counts records.
	Person string
	// Sensitive is a column that L and T protect; it is released as it is.
	Sensitive string
	// L requires distinct l-diversity of Sensitive in every class.
	L int
	// T requires t-closeness of Sensitive in every class (0: none).
	T float64
	// Suppression is the largest share of the records, in [0, 1], that
	// the stage may withhold rather than generalize (the records of
	// outlier people): TopDown withholds records only where that loses
	// less than generalizing the others, and Optimal as its model needs;
	// Mondrian never does.
	Suppression float64
	// Algorithm makes the release; the zero value is TopDown.
	Algorithm Algorithm
	// Hierarchies give the hierarchy of some quasi-identifiers by column
	// name (kanon.ReadHierarchy reads ARX files), instead of the built-in
	// ones that follow the field actions (see the package documentation).
	// A nil entry means no hierarchy: a categorical column generalizes
	// straight to "*", a numeric one to ranges (Mondrian) or automatic
	// intervals.
	Hierarchies map[string]*kanon.Hierarchy
	// Population says what share of the population an attacker could link
	// the release with it holds (a kanon.SamplingFraction) or how large
	// that population is (a kanon.PopulationSize), for the report's
	// population-uniqueness estimates (KAnonymityReport.Population); nil
	// makes none, and the report says so.
	Population kanon.Sampling
}

// Algorithm is how the k-anonymity stage generalizes.
type Algorithm int

// The algorithms.
const (
	// TopDown specializes from "*" down the hierarchies, one class at a
	// time, choosing at each step the quasi-identifier whose split keeps
	// the most detail (local recoding); outliers that would force a
	// coarser level on others are withheld when that costs less, within
	// Suppression.
	TopDown Algorithm = iota
	// Mondrian is kanon.Mondrian, strict: median splits of the widest
	// quasi-identifier; numbers are released as ranges.
	Mondrian
	// MondrianRelaxed is kanon.Mondrian with Config.Relaxed.
	MondrianRelaxed
	// Optimal is kanon.Optimal: one hierarchy level per quasi-identifier
	// for every record (full-domain generalization), the best by loss,
	// with suppression of up to Suppression of the records.
	Optimal
)

var algorithmNames = [...]string{TopDown: "top-down", Mondrian: "mondrian", MondrianRelaxed: "mondrian-relaxed", Optimal: "optimal"}

func (a Algorithm) String() string {
	if a >= 0 && int(a) < len(algorithmNames) {
		return algorithmNames[a]
	}
	return fmt.Sprintf("Algorithm(%d)", int(a))
}

// MarshalText writes the algorithm's name, for JSON reports.
func (a Algorithm) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText reads an algorithm's name ("top-down", "mondrian",
// "mondrian-relaxed", "optimal"), as in a flag (flag.TextVar) or a
// configuration file.
func (a *Algorithm) UnmarshalText(b []byte) error {
	i, err := parseName(algorithmNames[:], string(b), "algorithm")
	if err == nil {
		*a = Algorithm(i)
	}
	return err
}

// parseName returns the index of name in names, or an ErrConfig that
// lists them.
func parseName(names []string, name, what string) (int, error) {
	if i := slices.Index(names, name); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("%w: unknown %s %q (one of %q)", ErrConfig, what, name, names)
}

// ErrConfig is the cause of every configuration error of Run.
var ErrConfig = errors.New("release: invalid configuration")

// ErrNotVerified is the cause of a release that Run computed but
// kanon.Verify refused (or that withheld more than the suppression limit):
// a defect of the k-anonymity stage, never of the input. Nothing was
// written.
var ErrNotVerified = errors.New("release: the release fails verification")

func (c *Config) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	switch c.Input {
	case 0, deid.CSV, deid.NDJSON:
	default:
		return bad("input format %v", c.Input)
	}
	if (c.Policy == nil) == (c.Profile == nil) {
		return bad("give a Policy or a Profile, not both or neither")
	}
	if c.Field.Input != 0 || c.Field.Output != 0 || c.Field.OutputComma != 0 || c.Field.Records != nil ||
		c.Field.InputTee != nil || c.Field.OutputTee != nil {
		return bad("Field.Input, Output, OutputComma, Records, InputTee and OutputTee are set by Run (the input format is Config.Input; the report has the files' checksums)")
	}
	for name, t := range c.Types {
		if t < Auto || t > Timestamp {
			return bad("column %q has %v", name, t)
		}
	}
	p := c.Privacy
	if p == nil {
		return nil
	}
	if len(p.QuasiIdentifiers) == 0 {
		return bad("no quasi-identifiers")
	}
	if p.K < 2 {
		return bad("k must be at least 2 (k = 1 protects nothing)")
	}
	if p.L < 0 || p.T < 0 || math.IsNaN(p.T) || math.IsInf(p.T, 0) {
		return bad("l and t must not be negative")
	}
	if (p.L > 0 || p.T > 0) && p.Sensitive == "" {
		return bad("l and t need a sensitive column")
	}
	if !(p.Suppression >= 0 && p.Suppression <= 1) {
		return bad("suppression %g is not in [0, 1]", p.Suppression)
	}
	if p.Algorithm < TopDown || p.Algorithm > Optimal {
		return bad("unknown %v", p.Algorithm)
	}
	seen := map[string]bool{}
	for _, q := range p.QuasiIdentifiers {
		if q == "" || seen[q] {
			return bad("quasi-identifier %q is empty or repeated", q)
		}
		seen[q] = true
	}
	for _, col := range []string{p.Person, p.Sensitive} {
		if col != "" && seen[col] {
			return bad("column %q is both a quasi-identifier and the person or sensitive column", col)
		}
	}
	if p.Person != "" && p.Person == p.Sensitive {
		return bad("column %q is both the person and the sensitive column", p.Person)
	}
	if p.Population != nil {
		// One person drawn tells a fraction outside (0, 1] or an empty
		// population before the release is made; a population smaller
		// than the people released is found at the end.
		if _, err := kanon.EstimateUniqueness(map[int]int{1: 1}, p.Population); err != nil {
			return fmt.Errorf("%w: %w", ErrConfig, err)
		}
	}
	for name := range p.Hierarchies {
		if !slices.Contains(p.QuasiIdentifiers, name) {
			return bad("a hierarchy for %q, which is not a quasi-identifier", name)
		}
	}
	return nil
}

// models returns the privacy models of p.
func (p *Privacy) models() []kanon.Model {
	m := []kanon.Model{kanon.KAnonymity(p.K)}
	if p.L > 0 {
		m = append(m, kanon.DistinctLDiversity(p.L))
	}
	if p.T > 0 {
		m = append(m, kanon.TCloseness(p.T))
	}
	return m
}
