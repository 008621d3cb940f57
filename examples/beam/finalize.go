package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/deidkit/deidkit/deid"
)

// The report of a release, written beside it once it is committed. Its
// record counts reconcile: read = written + quarantined + suppressed +
// excluded.
type report struct {
	Status   string  `json:"status"`
	Runner   string  `json:"runner"`
	Policy   string  `json:"policy"`
	KeyID    uint32  `json:"key_id"`
	DemoKeys bool    `json:"demo_keys,omitempty"`
	Records  records `json:"records"`
	// QuarantineReasons counts quarantined records by field and cause,
	// never by value.
	QuarantineReasons map[string]int64 `json:"quarantine_reasons,omitempty"`
	SuppressedBy      map[string]int64 `json:"suppressed_by,omitempty"`
	// Exclusion accounts for the identifiers of the exclusion list.
	Exclusion  *deid.ExclusionReport `json:"exclusion,omitempty"`
	KAnonymity *kanonReport          `json:"k_anonymity,omitempty"`
	Output     string                `json:"output"`
	Files      []string              `json:"files"`
	Quarantine string                `json:"quarantine,omitempty"`
}

type records struct {
	Read        int64 `json:"read"`
	Written     int64 `json:"written"`
	Quarantined int64 `json:"quarantined"`
	Suppressed  int64 `json:"suppressed"`
	Excluded    int64 `json:"excluded"`
	// SuppressedByKAnonymity is the part of Suppressed that the
	// k-anonymity stage withheld: none, since Mondrian generalizes
	// rather than suppresses.
	SuppressedByKAnonymity int64 `json:"suppressed_by_k_anonymity"`
}

func (r records) reconcile() bool {
	return r.Read == r.Written+r.Quarantined+r.Suppressed+r.Excluded
}

type kanonReport struct {
	QuasiIdentifiers []string `json:"quasi_identifiers"`
	Individual       string   `json:"individual"`
	KCounts          string   `json:"k_counts"`
	KRequested       int      `json:"k_requested"`
	// K is the fewest people of a class in any partition; a class of the
	// whole release unites the partitions' classes that release the same
	// values, so it holds at least as many.
	K int64 `json:"k"`
	// Classes are those of the whole release, counted independently of
	// the partitions; ClassesBelowK is 0 in every committed release.
	Classes       int64              `json:"classes"`
	ClassesBelowK int64              `json:"classes_below_k"`
	NCP           float64            `json:"ncp_percent"`
	NCPPerQI      map[string]float64 `json:"ncp_percent_per_qi"`
	Partitions    int64              `json:"partitions"`
	// PartitionRows is the limit the top-level cuts aim for;
	// LargestPartitionRows is what was reached (more when no cut kept k
	// people on both sides, or the rounds ran out).
	PartitionRows        int64 `json:"partition_rows_limit"`
	LargestPartitionRows int64 `json:"largest_partition_rows"`
	CutRounds            int   `json:"cut_rounds"`
	Verified             bool  `json:"verified"`
}

// errRefused marks a release that failed a check: nothing was committed.
var errRefused = errors.New("release refused, nothing written")

// finalizeFn runs once, after everything else: it checks that every
// record is accounted for and, with a k-anonymity stage, that no class of
// the whole release holds fewer than k people; then it commits the staged
// files and writes the report. On any failed check it deletes the staged
// files and fails the job.
type finalizeFn struct {
	Spec jobSpec
}

func (fn *finalizeFn) ProcessElement(ctx context.Context, _ []byte, outputs, quarantines func(*writtenFile) bool,
	counts fieldCounts, v verdict, parts partsSummary, list func(*[]byte) bool, matched int) error {
	spec := &fn.Spec
	outs, qs := collect(outputs), collect(quarantines)
	rep, err := fn.report(counts, v, parts, outs, qs, list, matched)
	if err == nil {
		err = fn.check(&rep, counts, v, parts, qs)
	}
	if err != nil {
		for _, f := range append(outs, qs...) {
			remove(ctx, f.Staged)
		}
		removeLocalDir(spec.Staging)
		classesBelowK.Inc(ctx, v.Below)
		return err
	}
	for _, f := range append(outs, qs...) {
		if err := rename(ctx, f.Staged, f.Final); err != nil {
			return fmt.Errorf("committing %s: %w", f.Final, err)
		}
	}
	removeLocalDir(spec.Staging)
	b, err := json.MarshalIndent(&rep, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(ctx, spec.Report, append(b, '\n'))
}

func collect(files func(*writtenFile) bool) []writtenFile {
	var out []writtenFile
	var f writtenFile
	for files(&f) {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b writtenFile) int { return strings.Compare(a.Final, b.Final) })
	return out
}

func (fn *finalizeFn) report(c fieldCounts, v verdict, parts partsSummary, outs, qs []writtenFile, list func(*[]byte) bool, matched int) (report, error) {
	spec := &fn.Spec
	rep := report{Status: "released", Runner: spec.Runner, KeyID: spec.KeyID, DemoKeys: spec.DemoKeys,
		Output: spec.Out, Quarantine: spec.Quarantine, Files: []string{}}
	if p, err := policyName(spec.Policy); err == nil {
		rep.Policy = p
	}
	rep.Records = records{Read: c.Read, Quarantined: c.Quarantined, Suppressed: c.Suppressed, Excluded: c.Excluded}
	for _, f := range outs {
		rep.Records.Written += f.Lines
		rep.Files = append(rep.Files, f.Final)
	}
	for i, n := range c.SuppressedBy {
		if n > 0 {
			if rep.SuppressedBy == nil {
				rep.SuppressedBy = map[string]int64{}
			}
			rep.SuppressedBy[spec.SuppressNames[i]] += n
		}
	}
	for i, r := range c.Reasons {
		if rep.QuarantineReasons == nil {
			rep.QuarantineReasons = map[string]int64{}
		}
		rep.QuarantineReasons[r] += c.ReasonCounts[i]
	}
	set, err := exclusionList(list, spec.ExcludeList)
	if err != nil {
		return rep, err
	}
	if set != nil {
		listed := int64(set.Len())
		m := min(int64(matched), listed)
		rep.Exclusion = &deid.ExclusionReport{Listed: listed, Matched: m, Unmatched: listed - m}
	}
	if spec.K > 0 {
		names := spec.qiNames()
		k := &kanonReport{QuasiIdentifiers: names, Individual: spec.OutFields[spec.Person], KCounts: "people",
			KRequested: spec.K, K: parts.K, Classes: v.Classes, ClassesBelowK: v.Below,
			Partitions: parts.Partitions, PartitionRows: spec.PartitionRows, LargestPartitionRows: parts.LargestRows,
			CutRounds: spec.Rounds, NCPPerQI: map[string]float64{}}
		var sum float64
		for q, p := range parts.Penalty {
			sum += p
			if parts.Rows > 0 {
				k.NCPPerQI[names[q]] = 100 * p / float64(parts.Rows)
			}
		}
		if parts.Rows > 0 && len(names) > 0 {
			k.NCP = 100 * sum / float64(parts.Rows) / float64(len(names))
		}
		rep.KAnonymity = k
	}
	return rep, nil
}

// check refuses a release in which a record is unaccounted for, a class
// holds fewer than k people, or an exclusion list matched no record.
func (fn *finalizeFn) check(rep *report, c fieldCounts, v verdict, parts partsSummary, qs []writtenFile) error {
	spec := &fn.Spec
	r := rep.Records
	if !r.reconcile() {
		return fmt.Errorf("%w: the counts do not reconcile: %d read, %d written, %d quarantined, %d suppressed, %d excluded",
			errRefused, r.Read, r.Written, r.Quarantined, r.Suppressed, r.Excluded)
	}
	var qlines int64
	for _, f := range qs {
		qlines += f.Lines
	}
	if spec.Quarantine != "" && qlines != c.Quarantined {
		return fmt.Errorf("%w: %d records quarantined, %d in the quarantine file", errRefused, c.Quarantined, qlines)
	}
	if spec.K > 0 {
		switch {
		case v.Below > 0:
			return fmt.Errorf("%w: %d of the release's %d classes hold fewer than %d people", errRefused, v.Below, v.Classes, spec.K)
		case parts.Rows != r.Written:
			return fmt.Errorf("%w: the k-anonymity stage released %d records, %d were written", errRefused, parts.Rows, r.Written)
		case r.Written > 0 && v.Classes == 0:
			return fmt.Errorf("%w: no class was counted", errRefused)
		}
		rep.KAnonymity.Verified = true
	}
	if e := rep.Exclusion; e != nil && e.Matched == 0 && !spec.ExcludeMayMatchNone {
		return fmt.Errorf("%w: %w (%d listed, %d records read; field %q; pass -exclude-may-match-none if that is expected)",
			errRefused, deid.ErrNoExclusionMatch, e.Listed, r.Read, spec.ExcludeField)
	}
	return nil
}

func policyName(policyJSON string) (string, error) {
	var p struct {
		Name string `json:"name"`
	}
	err := json.Unmarshal([]byte(policyJSON), &p)
	return p.Name, err
}

func rename(ctx context.Context, from, to string) error {
	fs, err := filesystem.New(ctx, from)
	if err != nil {
		return err
	}
	defer fs.Close()
	return filesystem.Rename(ctx, fs, from, to)
}

func remove(ctx context.Context, path string) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return
	}
	defer fs.Close()
	if rm, ok := fs.(filesystem.Remover); ok {
		rm.Remove(ctx, path)
	}
}

// removeLocalDir removes the staging directory when it is local and
// empty; object stores have no directories to remove.
func removeLocalDir(dir string) {
	if !strings.Contains(dir, "://") {
		os.Remove(dir)
	}
}

func writeFile(ctx context.Context, path string, data []byte) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	return filesystem.Write(ctx, fs, path, data)
}
