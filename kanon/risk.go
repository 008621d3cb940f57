package kanon

import (
	"fmt"
	"slices"
	"strings"
)

// Risk measures re-identification risk under three attacker models (El
// Emam's terminology):
//   - the prosecutor knows that the target is in the released data;
//   - the journalist does not, and matches the released classes against a
//     population that contains the data;
//   - the marketer wants to re-identify as many rows as possible.
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
// journalist and marketer risks equal the prosecutor risks.
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
	for c, s := range r.sizes {
		f := max(groups[c], int(s))
		rk.JournalistMax = max(rk.JournalistMax, 1/float64(f))
		rk.JournalistAvg += float64(s) / float64(f)
	}
	rk.JournalistAvg /= float64(released)
	rk.Marketer = rk.JournalistAvg
	return rk, nil
}

// populationGroups counts for each class the population rows it covers.
func (r *Result) populationGroups(pop *Table) []int {
	d := len(r.t.qi)
	groups := make([]int, len(r.sizes))
	// Condense the population into distinct rows.
	type tuple struct {
		row   int
		count int
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
				groups[c] += tp.count
			}
		}
		return groups
	}
	// Local recoding: test each class's box.
	for _, k := range order {
		tp := distinct[k]
		for c := range r.sizes {
			if r.boxCovers(c, pop, tp.row) {
				groups[c] += tp.count
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
