package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/deidkit/deidkit/deid/release"
)

// verifyStage counts, independently of how the release was made, the
// people and records of every combination of quasi-identifiers it
// releases, and each released person's risk (1 over the people of the
// smallest class that holds one of their records); with the partitions'
// figures, it makes the k-anonymity report, in the shape of the library's
// (release.KAnonymityReport). One class below k refuses the release.
func verifyStage(s beam.Scope, spec *jobSpec, released, parts, people, doms beam.PCollection) beam.PCollection {
	s = s.Scope("verify")
	// Records per class and person, then people and records per class:
	// counts, so that no worker holds a class's people.
	members := stats.SumPerKey(s, beam.ParDo(s, &classFn{QI: spec.QI, Person: spec.Person}, released))
	byClass := beam.ParDo(s, splitMember, members)
	sizes := beam.CombinePerKey(s, &classSizeFn{}, byClass)
	classes := beam.Combine(s, &classesFn{K: spec.K}, beam.DropKey(s, sizes))
	fewest := stats.MinPerKey(s, beam.ParDo(s, personSizes, beam.CoGroupByKey(s, sizes, byClass)))
	risk := beam.Combine(s, &riskFn{}, beam.DropKey(s, fewest))
	return beam.ParDo(s, &summarizeFn{Spec: *spec}, beam.Impulse(s), beam.SideInput{Input: classes},
		beam.SideInput{Input: parts}, beam.SideInput{Input: people}, beam.SideInput{Input: risk}, beam.SideInput{Input: doms})
}

// classFn keys every released record by its class (its released
// quasi-identifiers) and person.
type classFn struct {
	QI     []int
	Person int
}

func (fn *classFn) ProcessElement(row []string, emit func(string, int64)) error {
	person, err := personOf(row, fn.Person)
	if err != nil {
		return err
	}
	class := comboKey(pick(row, fn.QI))
	emit(strconv.Itoa(len(class))+":"+class+person, 1)
	return nil
}

// A member is a person of a class, with their records in it.
type member struct {
	Person  string
	Records int64
}

// splitMember keys a person's records in a class by the class.
func splitMember(key string, records int64, emit func(string, member)) error {
	n, rest, ok := strings.Cut(key, ":")
	size, err := strconv.Atoi(n)
	if !ok || err != nil || size > len(rest) {
		return fmt.Errorf("verify: internal error: a malformed class key")
	}
	emit(rest[:size], member{Person: rest[size:], Records: records})
	return nil
}

// classSizeFn counts the people and records of a class.
type classSizeFn struct{}

func (classSizeFn) AddInput(a release.ClassSize, m member) release.ClassSize {
	return release.ClassSize{People: a.People + 1, Classes: 1, Records: a.Records + int(m.Records)}
}

func (classSizeFn) MergeAccumulators(a, b release.ClassSize) release.ClassSize {
	return release.ClassSize{People: a.People + b.People, Classes: 1, Records: a.Records + b.Records}
}

// classesAcc is the histogram of class sizes, and the classes below k.
type classesAcc struct {
	Sizes []release.ClassSize
	Below int64
}

var classesBelowK = beam.NewCounter("deidkit", "kanon_classes_below_k")

// classesFn makes the histogram of class sizes.
type classesFn struct {
	K int
}

func (fn *classesFn) AddInput(a classesAcc, c release.ClassSize) classesAcc {
	return fn.MergeAccumulators(a, classesAcc{Sizes: []release.ClassSize{c}})
}

func (fn *classesFn) MergeAccumulators(a, b classesAcc) classesAcc {
	sizes := slices.Clone(a.Sizes)
	for _, c := range b.Sizes {
		if i := slices.IndexFunc(sizes, func(s release.ClassSize) bool { return s.People == c.People }); i >= 0 {
			sizes[i].Classes += c.Classes
			sizes[i].Records += c.Records
		} else {
			sizes = append(sizes, c)
		}
	}
	below := a.Below + b.Below
	for _, c := range b.Sizes {
		if c.People < fn.K {
			below += int64(c.Classes)
		}
	}
	return classesAcc{Sizes: sizes, Below: below}
}

// personSizes gives each person of a class the class's people.
func personSizes(_ string, sizes func(*release.ClassSize) bool, members func(*member) bool, emit func(string, int64)) error {
	var size release.ClassSize
	if !sizes(&size) {
		return fmt.Errorf("verify: internal error: a class without its size")
	}
	var m member
	for members(&m) {
		emit(m.Person, int64(size.People))
	}
	return nil
}

// riskAcc sums the released people's prosecutor risks.
type riskAcc struct {
	Sum    float64
	People int64
}

type riskFn struct{}

func (riskFn) AddInput(a riskAcc, fewest int64) riskAcc {
	return riskAcc{Sum: a.Sum + 1/float64(fewest), People: a.People + 1}
}

func (riskFn) MergeAccumulators(a, b riskAcc) riskAcc {
	return riskAcc{Sum: a.Sum + b.Sum, People: a.People + b.People}
}

// A kanonSummary is what the k-anonymity stage reached: the report in the
// library's shape, and how the work was distributed.
type kanonSummary struct {
	Report *release.KAnonymityReport
	// ClassesBelowK is 0 in every committed release.
	ClassesBelowK int64
	Distributed   distributedReport
}

// A distributedReport says how the k-anonymity stage was distributed.
type distributedReport struct {
	Partitions int64 `json:"partitions"`
	// PartitionRows is the limit the top-level cuts aim for;
	// LargestPartitionRows is what was reached (more when no cut kept k
	// people on both sides, or the rounds ran out).
	PartitionRows        int64 `json:"partition_rows_limit"`
	LargestPartitionRows int64 `json:"largest_partition_rows"`
	CutRounds            int   `json:"cut_rounds"`
	// PartitionK is the fewest people of a class within a partition; a
	// class of the release unites the partitions' classes that release
	// the same values, so it holds at least as many.
	PartitionK       int64 `json:"partition_k"`
	PartitionClasses int64 `json:"partition_classes"`
	// RecordsAnonymized are the records the partitions released, which
	// must be those written.
	RecordsAnonymized int64 `json:"records_anonymized"`
}

// summarizeFn makes the k-anonymity report from the stage's figures.
type summarizeFn struct {
	Spec jobSpec
}

func (fn *summarizeFn) ProcessElement(ctx context.Context, _ []byte, classes classesAcc, parts partsSummary, people int, risk riskAcc, doms domains, emit func(kanonSummary)) {
	spec := &fn.Spec
	r := &release.KAnonymityReport{Algorithm: release.Mondrian, Person: spec.OutFields[spec.Person], KCounts: "people",
		KRequested: spec.K, Records: int(parts.Rows), People: people, ReleasedPeople: int(risk.People),
		SuppressedPeople: people - int(risk.People), ClassSizes: classes.Sizes}
	for q, name := range spec.qiNames() {
		qr := release.QIReport{Name: name, Hierarchy: doms.QIs[q].Hierarchy}
		if parts.Rows > 0 {
			qr.NCP = 100 * parts.Penalty[q] / float64(parts.Rows)
		}
		levels := append(append([]string{"value"}, doms.Levels[q]...), "range")
		for l, n := range parts.Levels[q] {
			if n > 0 {
				qr.Levels = append(qr.Levels, release.LevelCount{Level: levels[l], Records: int(n)})
			}
		}
		r.QuasiIdentifiers = append(r.QuasiIdentifiers, qr)
	}
	r.Summarize()
	if risk.People > 0 {
		r.ProsecutorAvg = risk.Sum / float64(risk.People)
	}
	classesBelowK.Inc(ctx, classes.Below)
	emit(kanonSummary{Report: r, ClassesBelowK: classes.Below, Distributed: distributedReport{
		Partitions: parts.Partitions, PartitionRows: spec.PartitionRows, LargestPartitionRows: parts.LargestRows,
		CutRounds: spec.Rounds, PartitionK: parts.K, PartitionClasses: parts.LocalClasses, RecordsAnonymized: parts.Rows}})
}
