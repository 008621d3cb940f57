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
	"github.com/deidkit/deidkit/examples/beam/internal/cuts"
)

// buildPipeline adds the export to the pipeline's root scope:
//
//	shards ─ read ─ field policy ─┬─ (k-anonymity) ─ encode ─ shard files ─┐
//	exclusion list (side input) ──┤                                         ├─ finalize: check, commit, report
//	                              ├─ quarantine ─ quarantine file ─────────┤
//	                              └─ matched IDs (pseudonyms) ─ count ─────┘
func buildPipeline(s beam.Scope, spec *jobSpec) {
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, spec.Inputs, fileio.MatchEmptyDisallow()))
	records := beam.ParDo(s, &readShardFn{Header: spec.Header}, files)

	list := beam.CreateList(s, [][]byte{})
	if spec.ExcludeList != "" {
		list = beam.ParDo(s, readFileFn, fileio.ReadMatches(s, fileio.MatchFiles(s, spec.ExcludeList, fileio.MatchEmptyDisallow())))
	}
	rows, quarantine, counts, matched := beam.ParDo4(s, &fieldFn{Spec: *spec}, records, beam.SideInput{Input: list})
	matchedIDs := stats.CountElms(s, filter.Distinct(s, matched))

	released := rows
	verdicts := beam.Create(s, verdict{})
	parts := beam.Create(s, partsSummary{})
	if spec.K > 0 {
		released, verdicts, parts, _ = kanonStage(s, spec, rows)
	}
	commit(s, spec, released, quarantine, beam.Combine(s, &mergeCountsFn{}, counts), verdicts, parts, list, matchedIDs)
}

// commit writes the released records and the quarantine into staging, and
// adds the final step that checks the release and commits it.
func commit(s beam.Scope, spec *jobSpec, released, quarantine, counts, verdicts, parts, list, matchedIDs beam.PCollection) {
	format := spec.OutFormat
	if format == "parquet" {
		format = "csv" // the Parquet writer converts CSV lines
	}
	lines := beam.ParDo(s, &encodeFn{Format: format, Fields: spec.OutFields, Shards: spec.Shards}, released)
	outputs := beam.ParDo(s, &writeShardFn{Staging: spec.Staging, Final: spec.Out, Format: spec.OutFormat, Header: spec.OutFields, Count: true},
		beam.GroupByKey(s, lines))

	quarantined := beam.CreateList(s, []writtenFile{})
	if spec.Quarantine != "" {
		qlines := beam.ParDo(s, quarantineLine, quarantine)
		quarantined = beam.ParDo(s, &writeShardFn{Staging: spec.Staging, Final: spec.Quarantine, Single: true, Format: "ndjson"},
			beam.GroupByKey(s, qlines))
	}

	beam.ParDo0(s, &finalizeFn{Spec: *spec}, beam.Impulse(s),
		beam.SideInput{Input: outputs}, beam.SideInput{Input: quarantined}, beam.SideInput{Input: counts},
		beam.SideInput{Input: verdicts}, beam.SideInput{Input: parts}, beam.SideInput{Input: list}, beam.SideInput{Input: matchedIDs})
}

func init() {
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(shardRecord), error](&readShardFn{})
	register.DoFn6x1[shardRecord, func(*[]byte) bool, func([]string), func(quarantined), func(fieldCounts), func(string), error](&fieldFn{})
	register.Function3x1(readFileFn)
	register.Combiner1[fieldCounts](&mergeCountsFn{})

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
	register.DoFn2x0[[]string, func(string, string)](&classFn{})
	register.Combiner3[peopleSet, string, int64](&atLeastKFn{})
	register.Combiner2[verdict, int64](&verdictFn{})
	register.Combiner2[partsSummary, partReport](&partsFn{})

	register.DoFn2x1[[]string, func(int, string), error](&encodeFn{})
	register.DoFn4x1[context.Context, int, func(*string) bool, func(writtenFile), error](&writeShardFn{})
	register.Function1x2(quarantineLine)
	register.DoFn9x1[context.Context, []byte, func(*writtenFile) bool, func(*writtenFile) bool, fieldCounts, verdict, partsSummary, func(*[]byte) bool, int, error](&finalizeFn{})

	register.Emitter1[shardRecord]()
	register.Emitter1[[]string]()
	register.Emitter1[quarantined]()
	register.Emitter1[fieldCounts]()
	register.Emitter2[string, cuts.Unit]()
	register.Emitter2[int32, leafInput]()
	register.Emitter1[cuts.Decision]()
	register.Emitter1[cuts.Tree]()
	register.Emitter2[int32, partUnit]()
	register.Emitter1[partReport]()
	register.Emitter2[string, string]()
	register.Emitter2[string, []string]()
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

	// The domains carry derived look-up tables: they travel as JSON and
	// are indexed again on arrival.
	beam.RegisterCoder(reflect.TypeOf(domains{}), encodeDomains, decodeDomains)
}

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
