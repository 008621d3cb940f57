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
	"github.com/deidkit/deidkit/deid/release"
)

// The report of a release, written beside it once it is committed: the
// library's release report (release.Report), as the single-machine
// program writes it, made from the distributed stages, and what the
// pipeline adds. Its record counts reconcile: read = written +
// quarantined + suppressed + excluded.
type report struct {
	Status string `json:"status"`
	*release.Report
	Runner     string   `json:"runner"`
	Output     string   `json:"output"`
	Files      []string `json:"files"`
	Quarantine string   `json:"quarantine,omitempty"`
	KeyID      uint32   `json:"key_id"`
	DemoKeys   bool     `json:"demo_keys,omitempty"`
	// Distributed says how the k-anonymity stage was spread over workers.
	Distributed *distributedReport `json:"distributed,omitempty"`
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
	field deid.Report, k kanonSummary, cols []release.Column, list func(*[]byte) bool, matched int) error {
	spec := &fn.Spec
	outs, qs := collect(outputs), collect(quarantines)
	rep, err := fn.report(ctx, field, k, cols, outs, list, matched)
	if err == nil {
		err = fn.check(rep, k, qs)
	}
	if err != nil {
		for _, f := range append(outs, qs...) {
			remove(ctx, f.Staged)
		}
		removeLocalDir(spec.Staging)
		return err
	}
	for _, f := range append(outs, qs...) {
		if err := rename(ctx, f.Staged, f.Final); err != nil {
			return fmt.Errorf("committing %s: %w", f.Final, err)
		}
	}
	removeLocalDir(spec.Staging)
	b, err := json.MarshalIndent(rep, "", "  ")
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

// report makes the report from the field stage's merged report, the
// k-anonymity stage's, the columns and the files written.
func (fn *finalizeFn) report(ctx context.Context, field deid.Report, k kanonSummary, cols []release.Column, outs []writtenFile,
	list func(*[]byte) bool, matched int) (*report, error) {
	spec := &fn.Spec
	rep := &report{Status: "released", Report: &release.Report{Report: field, Columns: cols, KAnonymity: k.Report, Keys: &release.KeyIDs{}},
		Runner: spec.Runner, KeyID: spec.KeyID, DemoKeys: spec.DemoKeys, Output: spec.Out, Quarantine: spec.Quarantine,
		Files: []string{}}
	if err := json.Unmarshal([]byte(spec.Keys), rep.Keys); err != nil {
		return nil, err
	}
	if spec.Profile != "" {
		rep.Profile = &deid.ProfileReport{}
		if err := json.Unmarshal([]byte(spec.Profile), rep.Profile); err != nil {
			return nil, err
		}
	}
	if spec.K > 0 {
		rep.Distributed = &k.Distributed
	}
	// The field stage counted the records it released; what was written
	// is what the files hold.
	rep.Written, rep.BytesWritten = 0, 0
	for _, f := range outs {
		rep.Written += f.Records
		rep.BytesWritten += size(ctx, f.Staged)
		rep.Files = append(rep.Files, f.Final)
	}
	set, err := exclusionList(list, spec.ExcludeList)
	if err != nil {
		return nil, err
	}
	if set != nil {
		listed := int64(set.Len())
		m := min(int64(matched), listed)
		rep.Exclusion = &deid.ExclusionReport{Listed: listed, Matched: m, Unmatched: listed - m}
	}
	return rep, nil
}

// check refuses a release in which a record is unaccounted for, a class
// holds fewer than k people, or an exclusion list matched no record.
func (fn *finalizeFn) check(rep *report, k kanonSummary, qs []writtenFile) error {
	spec := &fn.Spec
	if !rep.Reconciles() {
		return fmt.Errorf("%w: the counts do not reconcile: %d read, %d written, %d quarantined, %d suppressed, %d excluded",
			errRefused, rep.Read, rep.Written, rep.Quarantined, rep.Suppressed, rep.Excluded)
	}
	var qlines int64
	for _, f := range qs {
		qlines += f.Records
	}
	if spec.Quarantine != "" && qlines != rep.Quarantined {
		return fmt.Errorf("%w: %d records quarantined, %d in the quarantine file", errRefused, rep.Quarantined, qlines)
	}
	if spec.K > 0 {
		kr := k.Report
		switch {
		case kr == nil:
			return fmt.Errorf("%w: the k-anonymity stage made no report", errRefused)
		case k.ClassesBelowK > 0 || kr.K < spec.K && rep.Written > 0:
			return fmt.Errorf("%w: %d of the release's %d classes hold fewer than %d people", errRefused, k.ClassesBelowK, kr.Classes, spec.K)
		case int64(kr.Records) != rep.Written || k.Distributed.RecordsAnonymized != rep.Written:
			return fmt.Errorf("%w: the k-anonymity stage released %d records, %d were written", errRefused, kr.Records, rep.Written)
		case rep.Written > 0 && kr.Classes == 0:
			return fmt.Errorf("%w: no class was counted", errRefused)
		case kr.ReleasedPeople != kr.People:
			return fmt.Errorf("%w: %d people in the k-anonymity stage, %d released", errRefused, kr.People, kr.ReleasedPeople)
		}
		kr.Verified = true
	}
	if e := rep.Exclusion; e != nil && e.Matched == 0 && !spec.ExcludeMayMatchNone {
		return fmt.Errorf("%w: %w (%d listed, %d records read; field %q; pass -exclude-may-match-none if that is expected)",
			errRefused, deid.ErrNoExclusionMatch, e.Listed, rep.Read, spec.ExcludeField)
	}
	return nil
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

// size returns the size of a file, 0 if it cannot be read.
func size(ctx context.Context, path string) int64 {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return 0
	}
	defer fs.Close()
	n, _ := fs.Size(ctx, path)
	return n
}

func writeFile(ctx context.Context, path string, data []byte) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	return filesystem.Write(ctx, fs, path, data)
}
