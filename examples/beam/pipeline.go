package main

import (
	"context"
	"encoding/json"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/filter"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/beam/internal/cuts"
)

// buildPipeline adds the export to the pipeline's root scope:
//
//	shards ─ field policy ─┬─ (k-anonymity, verify) ─ shard files ─────────┐
//	exclusion list ────────┤  (side input)      └─ column types ──────────┤
//	                       ├─ quarantine ─ quarantine file ──────────────┼─ finalize: check, commit, report
//	                       ├─ shards' reports ─ merged ──────────────────┤
//	                       └─ matched IDs (pseudonyms) ─ count ──────────┘
func buildPipeline(s beam.Scope, spec *jobSpec) {
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, spec.Inputs, fileio.MatchEmptyDisallow()))
	list := beam.CreateList(s, [][]byte{})
	if spec.ExcludeList != "" {
		list = beam.ParDo(s, readFileFn, fileio.ReadMatches(s, fileio.MatchFiles(s, spec.ExcludeList, fileio.MatchEmptyDisallow())))
	}
	rows, quarantine, reports, matched := beam.ParDo4(s, &fieldFn{Spec: *spec}, files, beam.SideInput{Input: list})
	matchedIDs := stats.CountElms(s, filter.Distinct(s, matched))

	released := rows
	summary := beam.Create(s, kanonSummary{})
	if spec.K > 0 {
		released, summary = kanonStage(s, spec, rows)
	}
	commit(s, spec, released, quarantine, beam.Combine(s, &mergeReportsFn{}, reports), summary, list, matchedIDs)
}

// commit writes the released records and the quarantine into staging, and
// adds the final step that checks the release and commits it.
func commit(s beam.Scope, spec *jobSpec, released, quarantine, report, summary, list, matchedIDs beam.PCollection) {
	cols := beam.Combine(s, &typesFn{Policy: spec.Policy, Fields: spec.OutFields, QIs: spec.qiNames()}, released)
	outputs := beam.ParDo(s, &writeShardFn{Staging: spec.Staging, Final: spec.Out, Format: spec.OutFormat},
		beam.GroupByKey(s, beam.ParDo(s, &shardFn{Shards: spec.Shards}, released)), beam.SideInput{Input: cols})

	quarantined := beam.CreateList(s, []writtenFile{})
	if spec.Quarantine != "" {
		quarantined = beam.ParDo(s, &writeLinesFn{Staged: joinPath(spec.Staging, "quarantine.ndjson"), Final: spec.Quarantine},
			beam.GroupByKey(s, beam.ParDo(s, quarantineKey, quarantine)))
	}

	beam.ParDo0(s, &finalizeFn{Spec: *spec}, beam.Impulse(s),
		beam.SideInput{Input: outputs}, beam.SideInput{Input: quarantined}, beam.SideInput{Input: report},
		beam.SideInput{Input: summary}, beam.SideInput{Input: cols}, beam.SideInput{Input: list}, beam.SideInput{Input: matchedIDs})
}

// typesFn infers the types of the output columns from every released
// value, as the library's release does (release.ColumnTypes), so that a
// Parquet release has typed columns and NDJSON numbers.
type typesFn struct {
	Policy string
	Fields []string
	QIs    []string
	policy *deid.Policy
	fields [][]byte
}

func (fn *typesFn) CreateAccumulator() (release.ColumnTypes, error) {
	if fn.policy == nil {
		p, err := deid.ParsePolicy([]byte(fn.Policy))
		if err != nil {
			return release.ColumnTypes{}, err
		}
		fn.policy = p
	}
	return *release.NewColumnTypes(fn.policy, fn.Fields, fn.QIs), nil
}

func (fn *typesFn) AddInput(a release.ColumnTypes, row []string) release.ColumnTypes {
	fn.fields = fn.fields[:0]
	for _, v := range row {
		fn.fields = append(fn.fields, []byte(v))
	}
	a.Add(fn.fields)
	return a
}

func (fn *typesFn) MergeAccumulators(a, b release.ColumnTypes) (release.ColumnTypes, error) {
	err := a.Merge(&b)
	return a, err
}

func (fn *typesFn) ExtractOutput(a release.ColumnTypes) []release.Column { return a.Columns() }

func init() {
	register.DoFn7x1[context.Context, fileio.ReadableFile, func(*[]byte) bool, func([]string), func(string), func(deid.Report), func(string), error](&fieldFn{})
	register.Function3x1(readFileFn)
	register.Combiner1[deid.Report](&mergeReportsFn{})

	register.Combiner3[valueSets, []string, domains](&domainsFn{})
	register.DoFn3x1[[]string, domains, func(string, cuts.Unit), error](&unitFn{})
	register.Combiner2[personUnits, cuts.Unit](&personFn{})
	register.Function5x0(leafInputs)
	register.Combiner2[leafAcc, leafInput](&leafStatsFn{})
	register.DoFn4x0[int32, leafAcc, domains, func(cuts.Decision)](&decideFn{})
	register.Function4x0(applyDecisions)
	register.Function4x0(toPartitions)
	register.DoFn6x1[context.Context, int32, func(*partUnit) bool, domains, func(string, []string), func(partReport), error](&partitionFn{})
	register.DoFn2x0[[]string, func(string, []string)](&comboFn{})
	register.DoFn4x1[string, func(*[]string) bool, func(*[]string) bool, func([]string), error](&releaseFn{})
	register.Combiner2[partsSummary, partReport](&partsFn{})

	register.DoFn2x1[[]string, func(string, int64), error](&classFn{})
	register.Function3x1(splitMember)
	register.Combiner2[release.ClassSize, member](&classSizeFn{})
	register.Combiner2[classesAcc, release.ClassSize](&classesFn{})
	register.Function4x1(personSizes)
	register.Combiner2[riskAcc, int64](&riskFn{})
	register.DoFn8x0[context.Context, []byte, classesAcc, partsSummary, int, riskAcc, domains, func(kanonSummary)](&summarizeFn{})

	register.Combiner3[release.ColumnTypes, []string, []release.Column](&typesFn{})
	register.DoFn2x0[[]string, func(int, []string)](&shardFn{})
	register.DoFn5x1[context.Context, int, func(*[]string) bool, []release.Column, func(writtenFile), error](&writeShardFn{})
	register.DoFn4x1[context.Context, int, func(*string) bool, func(writtenFile), error](&writeLinesFn{})
	register.Function1x2(quarantineKey)
	register.DoFn9x1[context.Context, []byte, func(*writtenFile) bool, func(*writtenFile) bool, deid.Report, kanonSummary, []release.Column, func(*[]byte) bool, int, error](&finalizeFn{})

	register.Emitter1[[]string]()
	register.Emitter1[deid.Report]()
	register.Emitter2[string, cuts.Unit]()
	register.Emitter2[int32, leafInput]()
	register.Emitter1[cuts.Decision]()
	register.Emitter1[cuts.Tree]()
	register.Emitter2[int32, partUnit]()
	register.Emitter1[partReport]()
	register.Emitter2[string, []string]()
	register.Emitter2[string, int64]()
	register.Emitter2[string, member]()
	register.Emitter1[kanonSummary]()
	register.Emitter2[int, []string]()
	register.Emitter2[int, string]()
	register.Emitter1[writtenFile]()
	register.Emitter1[string]()
	register.Emitter1[[]byte]()
	register.Iter1[string]()
	register.Iter1[[]byte]()
	register.Iter1[cuts.Decision]()
	register.Iter1[writtenFile]()
	register.Iter1[[]string]()
	register.Iter1[partUnit]()
	register.Iter1[member]()
	register.Iter1[release.ClassSize]()

	// Types with derived look-up tables or unexported fields travel as
	// JSON: the domains are indexed again on arrival.
	beam.RegisterCoder(reflect.TypeOf(domains{}), encodeDomains, decodeDomains)
	beam.RegisterCoder(reflect.TypeOf(deid.Report{}), encodeReport, decodeReport)
	beam.RegisterCoder(reflect.TypeOf(kanonSummary{}), encodeSummary, decodeSummary)
	beam.RegisterCoder(reflect.TypeOf(release.ColumnTypes{}), encodeTypes, decodeTypes)
	beam.RegisterCoder(reflect.TypeOf(release.Column{}), encodeColumn, decodeColumn)
}

// Beam finds coders by function name, which a generic function's
// instances share: one pair per type.

func encodeReport(v deid.Report) ([]byte, error) { return json.Marshal(&v) }

func decodeReport(b []byte) (v deid.Report, err error) { return v, json.Unmarshal(b, &v) }

func encodeSummary(v kanonSummary) ([]byte, error) { return json.Marshal(&v) }

func decodeSummary(b []byte) (v kanonSummary, err error) { return v, json.Unmarshal(b, &v) }

func encodeTypes(v release.ColumnTypes) ([]byte, error) { return json.Marshal(&v) }

func decodeTypes(b []byte) (v release.ColumnTypes, err error) { return v, json.Unmarshal(b, &v) }

func encodeColumn(v release.Column) ([]byte, error) { return json.Marshal(&v) }

func decodeColumn(b []byte) (v release.Column, err error) { return v, json.Unmarshal(b, &v) }

func encodeDomains(d domains) ([]byte, error) { return json.Marshal(d) }

func decodeDomains(b []byte) (domains, error) {
	var d domains
	if err := json.Unmarshal(b, &d); err != nil {
		return d, err
	}
	for _, q := range d.QIs {
		q.Index()
	}
	return d, nil
}
