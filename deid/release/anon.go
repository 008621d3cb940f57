package release

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/deidkit/deidkit/deid"
	"github.com/deidkit/deidkit/kanon"
)

// A verified release: the table of the stage, the release computed from
// it, and the report of both, verified.
type verified struct {
	table  *kanon.Table
	rel    released
	report *KAnonymityReport
}

// released is a release as the stage writes it: kanon.Verify's view, and
// the class of every record.
type released interface {
	kanon.Release
	Class(row int) int
}

// anonymize makes the release of the records st collected, and verifies
// it.
func anonymize(ctx context.Context, st *stage, policy *deid.Policy) (*verified, error) {
	p := st.p
	n := int(st.rows)
	if n == 0 {
		// A release of no record has no classes: no k, l or t to report
		// or verify. kanon refuses an empty table for the same reason.
		return nil, fmt.Errorf("release: %w: no record reached the k-anonymity stage (the input is empty, or every record was quarantined, excluded or suppressed by the policy)", kanon.ErrUnsatisfiable)
	}
	st.dropIndexes()
	returnFreed()
	choices := make([]choice, len(p.QuasiIdentifiers))
	for q, name := range p.QuasiIdentifiers {
		c, err := choose(name, st.qi[q].values, p, policy)
		if err != nil {
			return nil, err
		}
		choices[q] = c.forAlgorithm(p.Algorithm, st.qi[q].values)
	}
	v, err := generalize(ctx, st, choices)
	if err != nil {
		return nil, err
	}
	returnFreed()
	// The release is written only if an independent check of exactly the
	// values to be written holds. TopDown's splits check k and l; a class
	// that fails t-closeness merges back into its parent until the check
	// holds. The report is measured while Verify checks: both only read
	// the release.
	var check *kanon.Report
	for {
		var wg sync.WaitGroup
		var merr error
		wg.Go(func() { v.report, merr = measure(v.table, v.rel, choices, p) })
		check, err = kanon.Verify(v.table, v.rel, p.models()...)
		wg.Wait()
		if err != nil {
			return nil, fmt.Errorf("release: verify: %w", err)
		}
		if check.Holds {
			if merr != nil {
				return nil, merr
			}
			break
		}
		if l, ok := v.rel.(*local); !ok || check.UntruthfulCells > 0 || !l.repair(check.Failures) {
			if check.UntruthfulCells == 0 && p.T > 0 {
				return nil, fmt.Errorf("release: %w: the whole table is not %g-close", kanon.ErrUnsatisfiable, p.T)
			}
			return nil, fmt.Errorf("%w: %v", ErrNotVerified, check)
		}
	}
	if check.Suppressed >= n {
		return nil, fmt.Errorf("release: %w: every one of the %d records would be withheld", kanon.ErrUnsatisfiable, n)
	}
	if limit := int(p.Suppression * float64(n)); check.Suppressed > limit && p.Algorithm != Optimal {
		return nil, fmt.Errorf("%w: %d records withheld, over the limit of %d", ErrNotVerified, check.Suppressed, limit)
	}
	r := v.report
	r.Classes, r.SuppressedRecords, r.Verified = check.Classes, check.Suppressed, check.Holds
	return v, nil
}

// returnFreed returns the heap's free memory to the system, between the
// steps of the k-anonymity stage. Each step leaves garbage of its own
// (the field stage's buffers, the atoms' index, the table builder's) the
// next does not reuse, while the next one's bulk is mapped outside the
// heap: unreturned, that garbage adds to the peak of the resident memory
// until the runtime's scavenger gets to it. It costs a collection of a
// small heap per step. (bench -release tells the field stage's memory
// peak from the k-anonymity stage's by the first of these collections.)
func returnFreed() { debug.FreeOSMemory() }

// generalize builds the kanon table of the stage's records and computes
// the release with the algorithm chosen.
func generalize(ctx context.Context, st *stage, choices []choice) (*verified, error) {
	p := st.p
	n := int(st.rows)
	v := &verified{}
	var err error
	switch {
	case p.Algorithm == TopDown:
		// TopDown works on atoms condensed from the stage's codes, which
		// then move into the table meanwhile, for Verify.
		td, cerr := condenseStage(st, choices)
		returnFreed()
		var wg sync.WaitGroup
		var terr error
		wg.Go(func() { v.table, terr = buildTable(st, choices) })
		if cerr == nil {
			v.rel, err = td.run(ctx, p, n)
		}
		wg.Wait()
		if terr != nil {
			return nil, terr
		}
		if cerr != nil {
			return nil, cerr
		}
	default:
		if v.table, err = buildTable(st, choices); err != nil {
			return nil, err
		}
		if p.Algorithm == Optimal {
			v.rel, err = kanon.Optimal(ctx, v.table, kanon.Config{Models: p.models(), Suppression: p.Suppression})
		} else {
			v.rel, err = kanon.Mondrian(ctx, v.table, kanon.Config{Models: p.models(), Relaxed: p.Algorithm == MondrianRelaxed})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("release: k-anonymity stage: %w", err)
	}
	return v, nil
}

// buildTable moves the records' quasi-identifiers, sensitive values and
// people from the stage into a kanon table, with the hierarchies chosen:
// the stage's codes are gone once it returns.
func buildTable(st *stage, choices []choice) (*kanon.Table, error) {
	p := st.p
	schema := kanon.Schema{Individual: p.Person}
	for q, name := range p.QuasiIdentifiers {
		a := kanon.Attribute{Name: name, Type: kanon.Categorical, Hierarchy: choices[q].h}
		if choices[q].h == nil || choices[q].kind == "intervals" {
			a.Type = kanon.Auto
		}
		schema.QuasiIdentifiers = append(schema.QuasiIdentifiers, a)
	}
	if p.Sensitive != "" {
		schema.Sensitive = []string{p.Sensitive}
	}
	b, err := kanon.NewBuilder(schema)
	if err != nil {
		return nil, fmt.Errorf("release: %w", err)
	}
	b.AllocateIn(&st.tableMem)
	// The stage's dictionaries, in the order of Builder.Add's values. The
	// Builder reads each column's codes once, in order: each block goes
	// once read, so that the stage's copy of the codes shrinks as the
	// table's grows.
	var cols []kanon.EncodedColumn
	for _, d := range slices.Concat(st.qi, []*dict{st.sens, st.person}) {
		if d == nil {
			continue
		}
		cols = append(cols, kanon.EncodedColumn{Values: d.values, Code: func(row int) int32 {
			c := d.rows.at(row)
			if row&(1<<blockBits-1) == 1<<blockBits-1 {
				d.rows.freeBlockOf(row)
			}
			return c
		}})
	}
	if err := b.AddEncoded(int(st.rows), cols...); err != nil {
		return nil, fmt.Errorf("release: %w", err)
	}
	st.dropCodes()
	t, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("release: k-anonymity stage: %w", err)
	}
	return t, nil
}

// topDownInput is what TopDown works on: the domains of the
// quasi-identifiers and the atoms of the records.
type topDownInput struct {
	doms    []*domain
	atoms   *atoms
	rowAtom *codes
}

// condenseStage lays out the domains and condenses the stage's records
// into atoms.
func condenseStage(st *stage, choices []choice) (*topDownInput, error) {
	in := &topDownInput{doms: make([]*domain, len(choices))}
	remap := make([][]int32, len(choices))
	qi := make([]*codes, len(choices))
	for q, c := range choices {
		d, codeOf, err := newDomain(st.qi[q].values, c.h)
		if err != nil {
			return nil, fmt.Errorf("release: k-anonymity stage: column %q: %w", st.p.QuasiIdentifiers[q], err)
		}
		in.doms[q], remap[q], qi[q] = d, codeOf, &st.qi[q].rows
	}
	var person, sens *codes
	people, values := 0, 0
	if st.person != nil {
		person, people = &st.person.rows, len(st.person.values)
	}
	if st.sens != nil {
		sens, values = &st.sens.rows, len(st.sens.values)
	}
	in.atoms, in.rowAtom = condense(qi, remap, person, sens, people, values)
	st.rowAtom = in.rowAtom // the stage frees it when closed, after the release is written
	return in, nil
}

// run runs TopDown on n records.
func (in *topDownInput) run(ctx context.Context, p *Privacy, n int) (released, error) {
	budget := int64(p.Suppression * float64(n))
	td := newTopDown(in.doms, in.atoms, p.K, p.L, budget)
	if err := td.run(ctx); err != nil {
		return nil, err
	}
	return newLocal(td, in.rowAtom), nil
}

// local is the release TopDown made: the class of every atom and the
// labels of every class.
type local struct {
	td        *topDown
	rowAtom   *codes
	atomClass []int32 // -1: withheld
	labels    [][]string
	d         int
}

func newLocal(td *topDown, rowAtom *codes) *local {
	l := &local{td: td, rowAtom: rowAtom, atomClass: make([]int32, len(td.a.rows)), d: len(td.doms)}
	l.label()
	return l
}

// label numbers the classes of the atoms and makes their labels.
func (l *local) label() {
	td := l.td
	for i := range l.atomClass {
		l.atomClass[i] = -1
	}
	l.labels = l.labels[:0]
	for c, r := range td.classes {
		labels := make([]string, len(td.doms))
		first := true
		for _, a := range td.order[r.lo:r.hi] {
			if td.isHeld[a] {
				continue
			}
			if first {
				for q, d := range td.doms {
					labels[q] = d.label(r.lv[q], td.a.codes[int(a)*td.a.d+q])
				}
				first = false
			}
			l.atomClass[a] = int32(c)
		}
		l.labels = append(l.labels, labels)
	}
}

// repair merges the classes of the failures of a verification into their
// parents; it reports false if none can be.
func (l *local) repair(failures []kanon.ClassFailure) bool {
	var classes []int
	for _, f := range failures {
		classes = append(classes, l.Class(f.Rows[0]))
	}
	if !l.td.merge(classes) {
		return false
	}
	l.label()
	return true
}

func (l *local) Len() int                    { return l.rowAtom.len() }
func (l *local) Class(row int) int           { return int(l.atomClass[l.rowAtom.at(row)]) }
func (l *local) Suppressed(row int) bool     { return l.Class(row) < 0 }
func (l *local) Released(row, qi int) string { return l.labels[l.Class(row)][qi] }

// RowReleased returns row's class, -1 if suppressed, and the released
// values of its quasi-identifiers: what Class, Suppressed and Released
// say of the row, from one look-up of its class.
func (l *local) RowReleased(row int) (int, []string) {
	c := l.Class(row)
	if c < 0 {
		return c, nil
	}
	return c, l.labels[c]
}

// measure computes the report of a release from the released values, as
// written: the loss of each cell against the table's values, and the
// classes, their people and the risks; Verify's figures are left to the
// caller.
func measure(t *kanon.Table, rel released, choices []choice, p *Privacy) (*KAnonymityReport, error) {
	r := &KAnonymityReport{
		Algorithm: p.Algorithm, Person: p.Person, KCounts: "people", Sensitive: p.Sensitive,
		KRequested: p.K, LRequested: p.L, TRequested: p.T, Records: t.Len(),
	}
	classes := newTally(t, releasedClass(rel))
	if p.Person == "" {
		r.KCounts = "records"
	}
	n := t.Len()
	d := len(p.QuasiIdentifiers)
	// Loss per quasi-identifier, from the released strings.
	total := 0.0
	for q, name := range p.QuasiIdentifiers {
		m := newCellMeter(t, q, choices[q])
		// Every record of a class has the same released value, so its
		// loss is measured once per class, on its first record.
		ncp := make([]float64, len(classes.first))
		level := make([]int, len(classes.first))
		var levels []string
		index := map[string]int{}
		for c, row := range classes.first {
			if row < 0 {
				continue
			}
			var name string
			ncp[c], name = m.measure(row, rel.Released(row, q))
			i, ok := index[name]
			if !ok {
				i = len(levels)
				index[name] = i
				levels = append(levels, name)
			}
			level[c] = i
		}
		sum := 0.0
		records := make([]int, len(levels))
		for row := range n {
			if rel.Suppressed(row) {
				sum++
				continue
			}
			c := rel.Class(row)
			sum += ncp[c]
			records[level[c]]++
		}
		counts := map[string]int{}
		for i, name := range levels {
			counts[name] = records[i]
		}
		qr := QIReport{Name: name, Hierarchy: choices[q].kind}
		if n > 0 {
			qr.NCP = 100 * sum / float64(n)
		}
		for _, l := range append([]string{"value"}, append(choices[q].levels, "range")...) {
			if counts[l] > 0 {
				qr.Levels = append(qr.Levels, LevelCount{Level: l, Records: counts[l]})
				delete(counts, l)
			}
		}
		r.QuasiIdentifiers = append(r.QuasiIdentifiers, qr)
		total += sum
		if choices[q].flat {
			r.Notes = append(r.Notes, flatNote(qr))
		}
	}
	if n > 0 && d > 0 {
		r.NCP = 100 * total / float64(n*d)
	}
	countPeople(t, rel, classes.people, r)
	if p.Sensitive != "" {
		r.L, r.T = diversity(t, rel)
	}
	return r, describeClasses(t, classes, p, r)
}

// countPeople fills in the people of the release, K and the risks: k
// counts the distinct people of a class (its records, without a person
// column), and each released person is at the risk of the class with the
// fewest people that holds one of their records.
func countPeople(t *kanon.Table, rel released, size []int, r *KAnonymityReport) {
	n := t.Len()
	person := func(row int) int {
		if e := t.IndividualOf(row); e >= 0 {
			return e
		}
		return row
	}
	people := t.Individuals()
	if people == 0 {
		people = n
	}
	for _, s := range size {
		if s > 0 && (r.K == 0 || s < r.K) {
			r.K = s
		}
	}
	if r.K > 0 {
		r.ProsecutorMax = 1 / float64(r.K)
	}
	fewest := make([]int, people)
	for row := range n {
		if rel.Suppressed(row) {
			continue
		}
		if e, s := person(row), size[rel.Class(row)]; fewest[e] == 0 || s < fewest[e] {
			fewest[e] = s
		}
	}
	released, risk := 0, 0.0
	for _, f := range fewest {
		if f > 0 {
			released++
			risk += 1 / float64(f)
		}
	}
	if released > 0 {
		r.ProsecutorAvg = risk / float64(released)
	}
	if r.People = t.Individuals(); r.People > 0 {
		r.ReleasedPeople = released
		r.SuppressedPeople = r.People - released
	}
}

// A cellMeter measures the loss of released values of one
// quasi-identifier against the table's values.
type cellMeter struct {
	t       *kanon.Table
	q       int
	size    float64
	covered []map[string]int // per level: label -> distinct values under it
	levels  []string
	numeric bool
	lo, hi  float64
}

func newCellMeter(t *kanon.Table, q int, c choice) *cellMeter {
	m := &cellMeter{t: t, q: q, levels: c.levels, numeric: t.IsNumeric(q)}
	depth := t.Levels(q)
	m.covered = make([]map[string]int, depth+1)
	seen := map[string]bool{}
	under := make([]map[string]map[string]bool, depth+1)
	for l := range under {
		under[l] = map[string]map[string]bool{}
	}
	first := true
	for _, row := range t.FirstRows(q) {
		v := t.Value(row, q)
		if seen[v] {
			continue
		}
		seen[v] = true
		if m.numeric {
			x, _ := strconv.ParseFloat(v, 64)
			if first || x < m.lo {
				m.lo = x
			}
			if first || x > m.hi {
				m.hi = x
			}
			first = false
		}
		for l := 1; l <= depth; l++ {
			g := t.Generalize(row, q, l)
			if under[l][g] == nil {
				under[l][g] = map[string]bool{}
			}
			under[l][g][v] = true
		}
	}
	m.size = float64(len(seen))
	for l := 1; l <= depth; l++ {
		m.covered[l] = map[string]int{}
		for g, vs := range under[l] {
			m.covered[l][g] = len(vs)
		}
	}
	return m
}

// measure returns the loss of releasing v for row, and the name of the
// level v is at.
func (m *cellMeter) measure(row int, v string) (float64, string) {
	if v == m.t.Value(row, m.q) {
		return 0, "value"
	}
	for l := 1; l < len(m.covered); l++ {
		if m.t.Generalize(row, m.q, l) == v {
			name := "level " + strconv.Itoa(l)
			if l-1 < len(m.levels) {
				name = m.levels[l-1]
			}
			if c := m.covered[l][v]; c > 1 {
				return float64(c) / m.size, name
			}
			return 0, name
		}
	}
	if v == "*" {
		return 1, "*"
	}
	if m.numeric && strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
		a, b, _ := strings.Cut(v[1:len(v)-1], ", ")
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if err1 == nil && err2 == nil && m.hi > m.lo {
			return (y - x) / (m.hi - m.lo), "range"
		}
	}
	// Verify has checked that every value covers its original: a value
	// that is none of the above cannot be written.
	return 1, "*"
}
