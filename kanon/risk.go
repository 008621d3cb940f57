package kanon

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
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
//
// The population is condensed to its distinct rows, which a full-domain
// release looks up by their generalized labels and a local recoding
// (Mondrian) finds with a k-d tree over their codes: the cost grows as
// n log n in the population's rows plus, for each class, the rows its box
// covers.
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
	tuples, counts := condense(pop, byInd)
	if r.levels != nil {
		// Full-domain recoding: a population row belongs to the class whose
		// nodes carry its generalized labels. toSample maps the population's
		// nodes at the released level to the table's, -1 for labels the
		// table lacks.
		toSample := make([][]int32, d)
		for q := range d {
			j := r.levels[q]
			sd, pd := r.t.qi[q].dom, pop.qi[q].dom
			byLabel := make(map[string]int32, sd.nodes(j))
			for node := range sd.nodes(j) {
				byLabel[sd.label(j, int32(node))] = int32(node)
			}
			m := make([]int32, pd.nodes(j))
			for node := range m {
				s, ok := byLabel[pd.label(j, int32(node))]
				if !ok {
					s = -1
				}
				m[node] = s
			}
			toSample[q] = m
		}
		key := make([]byte, 4*d)
		index := make(map[string]int, len(r.sizes))
		for c := range r.sizes {
			for q := range d {
				binary.LittleEndian.PutUint32(key[4*q:], uint32(r.gen[c*d+q].a))
			}
			index[string(key)] = c
		}
		seen := map[[2]int32]bool{} // (class, individual) counted
	next:
		for i, row := range tuples {
			for q := range d {
				j := r.levels[q]
				s := toSample[q][pop.qi[q].dom.node(j, pop.qi[q].codes[row])]
				if s < 0 {
					continue next
				}
				binary.LittleEndian.PutUint32(key[4*q:], uint32(s))
			}
			c, ok := index[string(key)]
			switch {
			case !ok:
			case !byInd:
				groups[c] += int(counts[i])
			case !seen[[2]int32{int32(c), pop.ind.codes[row]}]:
				seen[[2]int32{int32(c), pop.ind.codes[row]}] = true
				groups[c]++
			}
		}
		return groups
	}
	// Local recoding: the population rows inside each class's box of
	// released values, found with a k-d tree over the distinct rows.
	points := make([]int32, 0, len(tuples)*d)
	for _, row := range tuples {
		for q := range d {
			points = append(points, pop.qi[q].codes[row])
		}
	}
	tree := newKDTree(points, d)
	boxes := r.populationBoxes(pop)
	var stamp []int32 // by population individual: 1 + the last class that counted it
	if byInd {
		stamp = make([]int32, pop.ind.count)
	}
	for c := range r.sizes {
		tree.inside(boxes[2*c*d:2*(c+1)*d], func(p int32) {
			if !byInd {
				groups[c] += int(counts[p])
				return
			}
			if e := pop.ind.codes[tuples[p]]; stamp[e] != int32(c)+1 {
				stamp[e] = int32(c) + 1
				groups[c]++
			}
		})
	}
	return groups
}

// condense lists a row of each distinct combination of quasi-identifiers
// of t (and individual, with byInd) and counts the rows of each.
func condense(t *Table, byInd bool) (rows, counts []int32) {
	d := len(t.qi)
	width := d
	if byInd {
		width++
	}
	key := make([]byte, 4*width)
	index := map[string]int32{}
	for row := range t.n {
		for q := range d {
			binary.LittleEndian.PutUint32(key[4*q:], uint32(t.qi[q].codes[row]))
		}
		if byInd {
			binary.LittleEndian.PutUint32(key[4*d:], uint32(t.ind.codes[row]))
		}
		if i, ok := index[string(key)]; ok {
			counts[i]++
			continue
		}
		index[string(key)] = int32(len(rows))
		rows = append(rows, int32(row))
		counts = append(counts, 1)
	}
	return rows, counts
}

// populationBoxes translates the box of released values of every class
// into ranges of population codes: for class c and quasi-identifier q,
// boxes[2(c·d+q)] and boxes[2(c·d+q)+1] are the first and last population
// code inside, first > last when none is. Numeric codes follow the numbers,
// and categorical codes the hierarchy depth-first, so that every range of
// values and every hierarchy node covers a range of codes.
func (r *Result) populationBoxes(pop *Table) []int32 {
	d := len(r.t.qi)
	boxes := make([]int32, 2*len(r.sizes)*d)
	// Per quasi-identifier and level: population node by label, and the
	// first and last code of each node.
	type levelIndex struct {
		node        map[string]int32
		first, last []int32
	}
	indexes := make([]map[int32]*levelIndex, d)
	index := func(q int, j int32) *levelIndex {
		if indexes[q] == nil {
			indexes[q] = map[int32]*levelIndex{}
		}
		if ix := indexes[q][j]; ix != nil {
			return ix
		}
		pd := pop.qi[q].dom
		nodes := pd.nodes(int(j))
		ix := &levelIndex{node: make(map[string]int32, nodes), first: make([]int32, nodes), last: make([]int32, nodes)}
		for node := range nodes {
			ix.node[pd.label(int(j), int32(node))] = int32(node)
			ix.first[node] = -1
		}
		for code := range pd.size() {
			node := pd.node(int(j), int32(code))
			if ix.first[node] < 0 {
				ix.first[node] = int32(code)
			}
			ix.last[node] = int32(code)
		}
		indexes[q][j] = ix
		return ix
	}
	for c := range r.sizes {
		for q := range d {
			g := r.gen[c*d+q]
			sd, pd := r.t.qi[q].dom, pop.qi[q].dom
			lo, hi := int32(0), int32(-1)
			if g.level < 0 {
				// Exactly on the decimals, as the codes are ordered.
				x, _ := parseDecimal(sd.canon[g.a])
				y, _ := parseDecimal(sd.canon[g.b])
				at := func(i int) decimal { p, _ := parseDecimal(pd.canon[i]); return p }
				lo = int32(sort.Search(pd.size(), func(i int) bool { return cmpDecimal(at(i), x) >= 0 }))
				hi = int32(sort.Search(pd.size(), func(i int) bool { return cmpDecimal(at(i), y) > 0 })) - 1
			} else {
				ix := index(q, g.level)
				if node, ok := ix.node[sd.label(int(g.level), g.a)]; ok {
					lo, hi = ix.first[node], ix.last[node]
				}
			}
			boxes[2*(c*d+q)], boxes[2*(c*d+q)+1] = lo, hi
		}
	}
	return boxes
}
