package kanon

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Risk measures re-identification risk under three attacker models (El
// Emam's terminology):
//   - the prosecutor knows that the target is in the released data;
//   - the journalist does not, and matches the released classes against a
//     population that contains the data;
//   - the marketer wants to re-identify as many rows as possible.
//
// With an individual column the targets are individuals instead of rows:
// class and population group sizes count distinct individuals, and
// averages are over released individuals, each at the highest risk among
// the classes holding its rows.
type Risk struct {
	ProsecutorMax float64 // 1 / smallest class
	ProsecutorAvg float64 // classes / released rows
	JournalistMax float64 // 1 / smallest matching population group
	JournalistAvg float64 // average over released rows of 1 / matching population group
	Marketer      float64 // expected share of released rows re-identified: Σ |class| / |population group| / released rows
}

// Risk computes re-identification risks. The population is a table with
// the same quasi-identifiers and hierarchies whose rows include the
// released ones; each class's population group is the set of population
// rows its generalized values cover (never counted below the class size).
// Without a population (nil) the data is its own population and the
// journalist and marketer risks equal the prosecutor risks. When the
// released table has an individual column, a population group counts the
// distinct individuals of the population's individual column, or its rows
// when it has none (a register with one row per person).
func (r *Result) Risk(population *Table) (Risk, error) {
	m := r.Metrics()
	rk := Risk{ProsecutorMax: m.ProsecutorMax, ProsecutorAvg: m.ProsecutorAvg}
	released := r.t.n - r.suppressed
	if population == nil {
		rk.JournalistMax, rk.JournalistAvg, rk.Marketer = rk.ProsecutorMax, rk.ProsecutorAvg, rk.ProsecutorAvg
		return rk, nil
	}
	if !slices.Equal(population.QuasiIdentifiers(), r.t.QuasiIdentifiers()) {
		return Risk{}, fmt.Errorf("%w: population quasi-identifiers differ from the table's", ErrSchema)
	}
	for q := range r.t.qi {
		if population.qi[q].dom.numeric != r.t.qi[q].dom.numeric || population.qi[q].dom.depth != r.t.qi[q].dom.depth {
			return Risk{}, fmt.Errorf("%w: population column %q differs in type or hierarchy", ErrSchema, r.t.qi[q].name)
		}
	}
	groups := r.populationGroups(population)
	if released == 0 {
		return rk, nil
	}
	if r.t.ind.codes != nil {
		perClass := r.classIndividuals(r.rowsByClass())
		f := make([]int32, len(r.sizes))
		for c, e := range perClass {
			f[c] = int32(max(groups[c], int(e)))
			rk.JournalistMax = max(rk.JournalistMax, 1/float64(f[c]))
		}
		n := 0
		for _, g := range r.fewestPerIndividual(f) {
			if g > 0 {
				n++
				rk.JournalistAvg += 1 / float64(g)
			}
		}
		rk.JournalistAvg /= float64(n)
		rk.Marketer = rk.JournalistAvg
		return rk, nil
	}
	for c, s := range r.sizes {
		f := max(groups[c], int(s))
		rk.JournalistMax = max(rk.JournalistMax, 1/float64(f))
		rk.JournalistAvg += float64(s) / float64(f)
	}
	rk.JournalistAvg /= float64(released)
	rk.Marketer = rk.JournalistAvg
	return rk, nil
}

// populationGroups counts for each class the population rows it covers,
// or the population individuals when both tables have an individual
// column.
func (r *Result) populationGroups(pop *Table) []int {
	d := len(r.t.qi)
	groups := make([]int, len(r.sizes))
	byInd := r.t.ind.codes != nil && pop.ind.codes != nil
	// Condense the population into distinct rows (of one individual, when
	// individuals are counted).
	type tuple struct {
		row   int
		count int
	}
	seen := map[[2]int32]bool{} // (class, individual) counted, when byInd
	add := func(c int, tp *tuple) {
		if !byInd {
			groups[c] += tp.count
			return
		}
		key := [2]int32{int32(c), pop.ind.codes[tp.row]}
		if !seen[key] {
			seen[key] = true
			groups[c]++
		}
	}
	distinct := map[string]*tuple{}
	var order []string
	var sb strings.Builder
	for row := range pop.n {
		sb.Reset()
		for q := range d {
			sb.WriteString(pop.Value(row, q))
			sb.WriteByte(0)
		}
		if byInd {
			sb.WriteString(strconv.Itoa(int(pop.ind.codes[row])))
		}
		k := sb.String()
		if tp, ok := distinct[k]; ok {
			tp.count++
			continue
		}
		distinct[k] = &tuple{row: row, count: 1}
		order = append(order, k)
	}
	if r.levels != nil {
		// Full-domain recoding: a population row belongs to the class with
		// its generalized labels.
		index := map[string]int{}
		for c := range r.sizes {
			sb.Reset()
			for q := range d {
				g := r.gen[c*d+q]
				sb.WriteString(r.t.qi[q].dom.label(int(g.level), g.a))
				sb.WriteByte(0)
			}
			index[sb.String()] = c
		}
		for _, k := range order {
			tp := distinct[k]
			sb.Reset()
			for q := range d {
				pd := pop.qi[q].dom
				code := pop.qi[q].codes[tp.row]
				sb.WriteString(pd.label(r.levels[q], pd.node(r.levels[q], code)))
				sb.WriteByte(0)
			}
			if c, ok := index[sb.String()]; ok {
				add(c, tp)
			}
		}
		return groups
	}
	// Local recoding: test each class's box.
	for _, k := range order {
		tp := distinct[k]
		for c := range r.sizes {
			if r.boxCovers(c, pop, tp.row) {
				add(c, tp)
			}
		}
	}
	return groups
}

func (r *Result) boxCovers(c int, pop *Table, row int) bool {
	d := len(r.t.qi)
	for q := range d {
		g := r.gen[c*d+q]
		sd, pd := r.t.qi[q].dom, pop.qi[q].dom
		code := pop.qi[q].codes[row]
		if g.level < 0 {
			x := pd.nums[code]
			if x < sd.nums[g.a] || x > sd.nums[g.b] {
				return false
			}
			continue
		}
		j := int(g.level)
		if pd.label(j, pd.node(j, code)) != sd.label(j, g.a) {
			return false
		}
	}
	return true
}
