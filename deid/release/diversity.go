package release

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/deidkit/deidkit/kanon"
)

// diversity measures what a release reveals of the sensitive column: the
// fewest distinct values of a class (the l reached) and the largest Earth
// Mover's Distance between a class's distribution of values and the whole
// table's (the t reached), as kanon's models define them: each person
// counts once per value they have in a class (in the table), the distance
// is ordered for numbers and equal for other values, and the table
// includes the records withheld.
func diversity(t *kanon.Table, rel released) (l int, tReached float64) {
	type pair struct{ c, e int }
	person := func(row int) int {
		if e := t.IndividualOf(row); e >= 0 {
			return e
		}
		return row
	}
	index := map[string]int{}
	var values []string
	code := func(v string) int {
		i, ok := index[v]
		if !ok {
			i = len(values)
			index[v] = i
			values = append(values, v)
		}
		return i
	}
	inTable := map[[2]int]bool{} // (person, value)
	var total []float64
	byClass := map[int]map[int]float64{}
	inClass := map[[3]int]bool{} // (class, person, value)
	for row := range t.Len() {
		v, e := code(t.SensitiveValue(row, 0)), person(row)
		for len(total) <= v {
			total = append(total, 0)
		}
		if k := [2]int{e, v}; !inTable[k] {
			inTable[k] = true
			total[v]++
		}
		if rel.Suppressed(row) {
			continue
		}
		c := rel.Class(row)
		if k := [3]int{c, e, v}; !inClass[k] {
			inClass[k] = true
			if byClass[c] == nil {
				byClass[c] = map[int]float64{}
			}
			byClass[c][v]++
		}
	}
	// Values in order: by number when all are numbers.
	order := make([]int, len(values))
	nums := make([]float64, len(values))
	numeric := len(values) > 1
	for i, v := range values {
		order[i] = i
		x, err := strconv.ParseFloat(v, 64)
		numeric = numeric && err == nil && !math.IsNaN(x)
		nums[i] = x
	}
	if numeric {
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(nums[a], nums[b]) })
	}
	sum := 0.0
	for _, n := range total {
		sum += n
	}
	for _, counts := range byClass {
		if l == 0 || len(counts) < l {
			l = len(counts)
		}
		n := 0.0
		for _, c := range counts {
			n += c
		}
		d, cum := 0.0, 0.0
		for _, v := range order {
			diff := counts[v]/n - total[v]/sum
			if numeric {
				cum += diff
				d += math.Abs(cum)
			} else {
				d += math.Abs(diff) / 2
			}
		}
		if numeric {
			d /= float64(len(order) - 1)
		}
		tReached = max(tReached, d)
	}
	return l, tReached
}
