package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/deid/release"
	"github.com/deidkit/deidkit/examples/beam/internal/cuts"
	"github.com/deidkit/deidkit/kanon"
)

// The k-anonymity stage is a distributed Mondrian that counts people:
//
//  1. the domains of the quasi-identifiers (their distinct values, with
//     the hierarchies of the actions that made them) are combined over
//     every record: one small side input;
//  2. records become units, a person's combination of quasi-identifier
//     codes with its number of rows, grouped by person;
//  3. in rounds, every open partition gets statistics aggregated from the
//     people in it (rows per code, and each person's lowest and highest
//     code) and is cut where Mondrian would cut it, until it holds at
//     most PartitionRows rows or no cut keeps k people on both sides;
//  4. the people's units are grouped by partition, and each worker runs
//     the library's Mondrian on its partitions (a unit of n rows is n rows
//     of the table) with the same hierarchies, and kanon.Verify on the
//     result, which says how each combination of quasi-identifiers is
//     released;
//  5. the records are joined with their combination's release (one
//     shuffle of the records, which no worker holds all at once);
//  6. independently, the people of every released combination of
//     quasi-identifiers are counted across the whole output: one class
//     with fewer than k people refuses the release.
func kanonStage(s beam.Scope, spec *jobSpec, rows beam.PCollection) (released, summary beam.PCollection) {
	s = s.Scope("k-anonymity")
	doms := beam.Combine(s, &domainsFn{QI: spec.QI, Names: spec.qiNames(), Policy: spec.Policy, K: spec.K}, rows)
	domSide := beam.SideInput{Input: doms}
	units := beam.ParDo(s, &unitFn{QI: spec.QI, Person: spec.Person}, rows, domSide)
	people := beam.CombinePerKey(s, &personFn{}, units)
	tree := beam.Create(s, cuts.NewTree())
	for r := range spec.Rounds {
		rs := s.Scope("cut round " + strconv.Itoa(r+1))
		inputs := beam.ParDo(rs, leafInputs, people, domSide, beam.SideInput{Input: tree})
		stats := beam.CombinePerKey(rs, &leafStatsFn{}, inputs)
		ds := beam.ParDo(rs, &decideFn{K: spec.K, PartitionRows: spec.PartitionRows}, stats, domSide)
		tree = beam.ParDo(rs, applyDecisions, beam.Impulse(rs), beam.SideInput{Input: tree}, beam.SideInput{Input: ds})
	}
	keyed := beam.ParDo(s, toPartitions, people, beam.SideInput{Input: tree})
	combos, parts := beam.ParDo2(s, &partitionFn{K: spec.K}, beam.GroupByKey(s, keyed), domSide)
	byCombo := beam.ParDo(s, &comboFn{QI: spec.QI}, rows)
	released = beam.ParDo(s, &releaseFn{QI: spec.QI}, beam.CoGroupByKey(s, combos, byCombo))
	summary = verifyStage(s, spec, released, beam.Combine(s, &partsFn{}, parts), stats.CountElms(s, people), doms)
	return released, summary
}

// domains are the quasi-identifiers' domains, in the order of jobSpec.QI.
type domains struct {
	QIs []*cuts.Domain
	// Levels name the levels of each quasi-identifier's hierarchy as the
	// library's report does (release.Levels).
	Levels [][]string
}

// domainsFn collects the distinct values of each quasi-identifier, sorted,
// and lays them out along the hierarchies the library's release chooses
// for the whole release's values (release.Attribute), as Run would on one
// machine.
type domainsFn struct {
	QI     []int
	Names  []string
	Policy string // the field policy, JSON
	K      int
}

type valueSets struct {
	Sets [][]string
}

func (fn *domainsFn) CreateAccumulator() valueSets {
	return valueSets{Sets: make([][]string, len(fn.QI))}
}

func (fn *domainsFn) AddInput(a valueSets, row []string) valueSets {
	for q, i := range fn.QI {
		v := row[i]
		if j, found := slices.BinarySearch(a.Sets[q], v); !found {
			a.Sets[q] = slices.Insert(a.Sets[q], j, v)
		}
	}
	return a
}

func (fn *domainsFn) MergeAccumulators(a, b valueSets) valueSets {
	for q := range a.Sets {
		for _, v := range b.Sets[q] {
			if j, found := slices.BinarySearch(a.Sets[q], v); !found {
				a.Sets[q] = slices.Insert(a.Sets[q], j, v)
			}
		}
	}
	return a
}

func (fn *domainsFn) ExtractOutput(a valueSets) (domains, error) {
	policy, err := deid.ParsePolicy([]byte(fn.Policy))
	if err != nil {
		return domains{}, err
	}
	p := &release.Privacy{QuasiIdentifiers: fn.Names, K: fn.K, Algorithm: release.Mondrian}
	d := domains{QIs: make([]*cuts.Domain, len(fn.QI)), Levels: make([][]string, len(fn.QI))}
	for q, name := range fn.Names {
		attr, hierarchy, err := release.Attribute(policy, p, name, a.Sets[q])
		if err != nil {
			return domains{}, err
		}
		if d.Levels[q], err = release.Levels(policy, p, name, a.Sets[q]); err != nil {
			return domains{}, err
		}
		if d.QIs[q], err = cuts.NewDomain(attr, hierarchy, a.Sets[q]); err != nil {
			return domains{}, fmt.Errorf("k-anonymity stage: %w", err)
		}
	}
	return d, nil
}

// codesOf returns the codes of a record's quasi-identifiers.
func codesOf(row []string, qi []int, doms domains) ([]int32, error) {
	codes := make([]int32, len(qi))
	for q, i := range qi {
		c, err := doms.QIs[q].CodeOf(row[i])
		if err != nil {
			return nil, err
		}
		codes[q] = c
	}
	return codes, nil
}

var errNoPerson = errors.New("a record has an empty person column: k-anonymity cannot count its people")

// unitFn keys each record's codes by its person.
type unitFn struct {
	QI     []int
	Person int
}

func (fn *unitFn) ProcessElement(row []string, doms domains, emit func(string, cuts.Unit)) error {
	person, err := personOf(row, fn.Person)
	if err != nil {
		return err
	}
	codes, err := codesOf(row, fn.QI, doms)
	if err != nil {
		return err
	}
	emit(person, cuts.Unit{Codes: codes, Rows: 1})
	return nil
}

// personOf returns the person of a released record, as kanon and the
// library's release tell people apart: the person column normalized as
// deid.NormalizeID normalizes IDs, so that " u-1", "u-1" and "\"u-1\""
// are one person, never three that make a class of one person look like
// a class of three. A person blank once normalized cannot be counted.
func personOf(row []string, i int) (string, error) {
	b := []byte(row[i])
	p := deid.NormalizeID(b)
	if len(p) == 0 {
		return "", errNoPerson
	}
	// NormalizeID only trims, so p is b[start:start+len(p)]: the person
	// is that part of the field, without a copy.
	start := cap(b) - cap(p)
	return row[i][start : start+len(p)], nil
}

// personUnits are the distinct combinations of one person.
type personUnits struct {
	Units []cuts.Unit
}

// personFn gathers a person's units, adding up the rows of each
// combination: most people have one.
type personFn struct{}

func (personFn) AddInput(a personUnits, u cuts.Unit) personUnits {
	a.Units = cuts.AddUnit(a.Units, u)
	return a
}

func (personFn) MergeAccumulators(a, b personUnits) personUnits {
	for _, u := range b.Units {
		a.Units = cuts.AddUnit(a.Units, u)
	}
	return a
}

// A leafInput is one person's units in one open partition, with the
// sizes of the domains, which the statistics are laid out by.
type leafInput struct {
	Sizes []int32
	Units []cuts.Unit
}

// leafInputs sends each person's units to the open partitions they fall
// in; people in final partitions take no further part in the rounds.
func leafInputs(_ string, pu personUnits, doms domains, t cuts.Tree, emit func(int32, leafInput)) {
	sizes := make([]int32, len(doms.QIs))
	for q, d := range doms.QIs {
		sizes[q] = int32(len(d.Values))
	}
	byLeaf := map[int32][]cuts.Unit{}
	var order []int32
	for _, u := range pu.Units {
		l := t.Leaf(u.Codes)
		if !t.Open(l) {
			continue
		}
		if _, ok := byLeaf[l]; !ok {
			order = append(order, l)
		}
		byLeaf[l] = append(byLeaf[l], u)
	}
	for _, l := range order {
		emit(l, leafInput{Sizes: sizes, Units: byLeaf[l]})
	}
}

// leafStatsFn aggregates the statistics of a partition.
type leafStatsFn struct{}

// A leafAcc is a partition's statistics; empty until its first input.
type leafAcc struct {
	Sizes []int32
	Stats cuts.Stats
}

func (leafStatsFn) AddInput(a leafAcc, in leafInput) leafAcc {
	if a.Sizes == nil {
		a.Sizes = in.Sizes
		a.Stats = cuts.NewStats(sumSizes(in.Sizes))
	}
	a.Stats.AddPerson(in.Units, sizeOffsets(a.Sizes))
	return a
}

func (leafStatsFn) MergeAccumulators(a, b leafAcc) leafAcc {
	switch {
	case a.Sizes == nil:
		return b
	case b.Sizes != nil:
		a.Stats.Merge(b.Stats)
	}
	return a
}

func sumSizes(sizes []int32) int {
	n := 0
	for _, s := range sizes {
		n += int(s)
	}
	return n
}

func sizeOffsets(sizes []int32) []int {
	off := make([]int, len(sizes))
	n := 0
	for q, s := range sizes {
		off[q] = n
		n += int(s)
	}
	return off
}

// decideFn chooses the cut of each open partition.
type decideFn struct {
	K             int
	PartitionRows int64
}

func (fn *decideFn) ProcessElement(leaf int32, a leafAcc, doms domains, emit func(cuts.Decision)) {
	off, _ := cuts.Offsets(doms.QIs)
	emit(cuts.Decision{Leaf: leaf, Cut: cuts.Decide(&a.Stats, doms.QIs, off, fn.K, fn.PartitionRows)})
}

// applyDecisions makes the next round's tree.
func applyDecisions(_ []byte, prev cuts.Tree, ds func(*cuts.Decision) bool, emit func(cuts.Tree)) {
	var all []cuts.Decision
	var d cuts.Decision
	for ds(&d) {
		all = append(all, d)
	}
	emit(prev.Apply(all))
}

// A partUnit is a unit of a person, sent to its partition.
type partUnit struct {
	Person string
	Unit   cuts.Unit
}

// toPartitions sends each person's units to their partitions.
func toPartitions(person string, pu personUnits, t cuts.Tree, emit func(int32, partUnit)) {
	for _, u := range pu.Units {
		emit(t.Leaf(u.Codes), partUnit{Person: person, Unit: u})
	}
}

// A partReport describes one partition's release.
type partReport struct {
	Rows, People, Classes int64
	// K is the fewest people of a class of the partition.
	K int64
	// Penalty sums, per quasi-identifier, the NCP of the released
	// values over the partition's rows, measured on the whole release's
	// domains.
	Penalty []float64
	// Levels count, per quasi-identifier, the rows released at each
	// level: Levels[q][0] as they are, Levels[q][l] at level l of the
	// hierarchy, and the last as a numeric range.
	Levels [][]int64
}

var partitionsAnonymized = beam.NewCounter("deidkit", "kanon_partitions")

// partitionFn anonymizes one partition with the library's Mondrian, on
// the domains' hierarchies, counting people, and checks the result with
// kanon.Verify (k and truthfulness). Its table holds a row for every
// record, made from the people's units: the same rows, in another order,
// which Mondrian's release does not depend on. Strict Mondrian never
// separates records with equal quasi-identifiers, so the release is a
// function of the combination: it emits each combination's released
// values, keyed by the combination. The worker holds the partition's kanon
// table (4 bytes per cell) and its distinct combinations, not its records.
type partitionFn struct {
	K int

	schema kanon.Schema
}

func (fn *partitionFn) ProcessElement(ctx context.Context, _ int32, units func(*partUnit) bool, doms domains, emit func(string, []string), report func(partReport)) error {
	nq := len(doms.QIs)
	if fn.schema.QuasiIdentifiers == nil {
		for _, d := range doms.QIs {
			a, err := d.Attribute()
			if err != nil {
				return err
			}
			fn.schema.QuasiIdentifiers = append(fn.schema.QuasiIdentifiers, a)
		}
		fn.schema.Individual = "person"
	}
	b, err := kanon.NewBuilder(fn.schema)
	if err != nil {
		return err
	}
	combos := map[string]int32{}
	var comboOf []int32
	var comboCodes [][]int32
	var keys []string
	row := make([]string, nq+1)
	var pu partUnit
	for units(&pu) {
		for q, c := range pu.Unit.Codes {
			row[q] = doms.QIs[q].Values[c]
		}
		row[nq] = pu.Person
		key := comboKey(row[:nq])
		id, ok := combos[key]
		if !ok {
			id = int32(len(keys))
			combos[key] = id
			keys = append(keys, key)
			comboCodes = append(comboCodes, slices.Clone(pu.Unit.Codes))
		}
		for range pu.Unit.Rows {
			if err := b.Add(row...); err != nil {
				return fmt.Errorf("k-anonymity stage: %w", err)
			}
			comboOf = append(comboOf, id)
		}
	}
	t, err := b.Build()
	if err != nil {
		return fmt.Errorf("k-anonymity stage: %w", err)
	}
	models := []kanon.Model{kanon.KAnonymity(fn.K)}
	res, err := kanon.Mondrian(ctx, t, kanon.Config{Models: models})
	if err != nil {
		return fmt.Errorf("k-anonymity stage: a partition of %d rows: %w", t.Len(), err)
	}
	v, err := kanon.Verify(t, res, models...)
	if err != nil {
		return fmt.Errorf("k-anonymity stage: verify: %w", err)
	}
	if !v.Holds {
		return fmt.Errorf("k-anonymity stage: a partition's release fails verification: %v", v)
	}
	m := res.Metrics()
	rep := partReport{Rows: int64(t.Len()), People: int64(t.Individuals()), Classes: int64(m.Classes), K: int64(m.K),
		Penalty: make([]float64, nq), Levels: make([][]int64, nq)}
	for q := range rep.Levels {
		rep.Levels[q] = make([]int64, len(doms.Levels[q])+2)
	}
	released := make([][]string, len(keys))
	for r, id := range comboOf {
		rel := make([]string, nq)
		for q := range rel {
			rel[q] = res.Released(r, q)
			rep.Penalty[q] += doms.QIs[q].Penalty(rel[q])
			l := doms.QIs[q].Level(comboCodes[id][q], rel[q])
			switch {
			case l < 0 && rel[q] == "*":
				l = len(doms.Levels[q])
			case l < 0 || l > len(doms.Levels[q]):
				l = len(rep.Levels[q]) - 1
			}
			rep.Levels[q][l]++
		}
		if released[id] == nil {
			released[id] = rel
		} else if !slices.Equal(released[id], rel) {
			return errors.New("k-anonymity stage: internal error: equal quasi-identifiers released differently")
		}
	}
	for id, key := range keys {
		emit(key, released[id])
	}
	partitionsAnonymized.Inc(ctx, 1)
	report(rep)
	return nil
}

// comboFn keys every record by its combination of quasi-identifiers.
type comboFn struct {
	QI []int
}

func (fn *comboFn) ProcessElement(row []string, emit func(string, []string)) {
	emit(comboKey(pick(row, fn.QI)), row)
}

var errNoRelease = errors.New("k-anonymity stage: internal error: records of a combination no partition released")

// releaseFn writes each record's quasi-identifiers as its combination is
// released.
type releaseFn struct {
	QI []int
}

func (fn *releaseFn) ProcessElement(_ string, released, rows func(*[]string) bool, emit func([]string)) error {
	var rel []string
	if !released(&rel) {
		return errNoRelease
	}
	var row []string
	for rows(&row) {
		out := slices.Clone(row)
		for q, i := range fn.QI {
			out[i] = rel[q]
		}
		emit(out)
	}
	return nil
}

func pick(row []string, idx []int) []string {
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = row[i]
	}
	return out
}

// comboKey encodes values unambiguously, each after its length.
func comboKey(vals []string) string {
	var sb strings.Builder
	for _, v := range vals {
		sb.WriteString(strconv.Itoa(len(v)))
		sb.WriteByte(':')
		sb.WriteString(v)
	}
	return sb.String()
}

// partsSummary sums up the partitions' reports.
type partsSummary struct {
	Partitions, Rows, LocalClasses int64
	LargestRows                    int64
	K                              int64 // fewest people of a class in any partition
	Penalty                        []float64
	Levels                         [][]int64
}

type partsFn struct{}

func (partsFn) AddInput(a partsSummary, p partReport) partsSummary {
	return partsFn{}.MergeAccumulators(a, partsSummary{Partitions: 1, Rows: p.Rows, LocalClasses: p.Classes,
		LargestRows: p.Rows, K: p.K, Penalty: p.Penalty, Levels: p.Levels})
}

func (partsFn) MergeAccumulators(a, b partsSummary) partsSummary {
	if a.Partitions == 0 {
		return b
	}
	if b.Partitions == 0 {
		return a
	}
	a.Partitions += b.Partitions
	a.Rows += b.Rows
	a.LocalClasses += b.LocalClasses
	a.LargestRows = max(a.LargestRows, b.LargestRows)
	a.K = min(a.K, b.K)
	a.Penalty = slices.Clone(a.Penalty)
	for q, p := range b.Penalty {
		a.Penalty[q] += p
	}
	levels := make([][]int64, len(a.Levels))
	for q := range levels {
		levels[q] = slices.Clone(a.Levels[q])
		for l, n := range b.Levels[q] {
			levels[q][l] += n
		}
	}
	a.Levels = levels
	return a
}
