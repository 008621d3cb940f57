package kanon

import (
	"fmt"
	"strconv"
	"strings"
)

// A Release is a released table as Verify sees it: for every row of the
// original table, in the same order, either suppression or the released
// value of each quasi-identifier. *Result implements it; so can a release
// read back from a file.
type Release interface {
	Len() int
	Suppressed(row int) bool
	Released(row, qi int) string
}

// A Report is the outcome of Verify.
type Report struct {
	// Holds is true when every class satisfies every model and every
	// released value generalizes the original one.
	Holds      bool
	Rows       int
	Classes    int
	Suppressed int
	// Failures lists the classes that violate a model.
	Failures []ClassFailure
	// Untruthful lists released cells that do not generalize the original
	// value (at most 100 are listed; UntruthfulCells counts them all).
	Untruthful      []Cell
	UntruthfulCells int
}

// A ClassFailure is an equivalence class that violates models.
type ClassFailure struct {
	Rows   []int    // the rows of the class, in table order
	Models []string // the violated models
	// Individuals is the number of distinct individuals in the class, or
	// 0 when the table has no individual column.
	Individuals int
}

// A Cell locates a released value.
type Cell struct{ Row, QI int }

func (r *Report) String() string {
	if r.Holds {
		return fmt.Sprintf("holds: %d rows, %d classes, %d suppressed", r.Rows, r.Classes, r.Suppressed)
	}
	return fmt.Sprintf("fails: %d of %d classes violate a model, %d untruthful cells",
		len(r.Failures), r.Classes, r.UntruthfulCells)
}

// Verify checks a release of t independently of how it was made. It forms
// the equivalence classes from the released strings (rows whose released
// quasi-identifiers are equal, suppressed rows excluded), checks every
// model on each class with the sensitive values of t, and checks that every
// released value generalizes the original one: it is the value itself, "*",
// a label of the value in its hierarchy, or a numeric range "[lo, hi]" that
// contains it.
//
// With an individual column in t, k-anonymity requires k distinct
// individuals in every class, counted from the table's individual of each
// row; a release computed without that column (one row, one individual)
// fails wherever a class holds fewer than k people.
func Verify(t *Table, rel Release, models ...Model) (*Report, error) {
	chk, err := newChecker(t, models)
	if err != nil {
		return nil, err
	}
	if rel.Len() != t.n {
		return nil, fmt.Errorf("%w: release has %d rows, table %d", ErrInput, rel.Len(), t.n)
	}
	rep := &Report{Rows: t.n}
	classes := map[string][]int{}
	var order []string
	var sb strings.Builder
	for row := range t.n {
		if rel.Suppressed(row) {
			rep.Suppressed++
			continue
		}
		sb.Reset()
		for q := range t.qi {
			v := rel.Released(row, q)
			if !covers(t, q, row, v) {
				rep.UntruthfulCells++
				if len(rep.Untruthful) < 100 {
					rep.Untruthful = append(rep.Untruthful, Cell{Row: row, QI: q})
				}
			}
			sb.WriteString(strconv.Itoa(len(v)))
			sb.WriteByte(':')
			sb.WriteString(v)
		}
		k := sb.String()
		if _, ok := classes[k]; !ok {
			order = append(order, k)
		}
		classes[k] = append(classes[k], row)
	}
	rep.Classes = len(classes)
	h := chk.newHist()
	members := make([]int32, 0, 64)
	for _, k := range order {
		rows := classes[k]
		h.reset()
		if chk.needScan() {
			members = members[:0]
			for _, r := range rows {
				members = append(members, int32(r))
			}
			chk.addRows(h, members)
		} else {
			h.n = len(rows)
		}
		if !chk.holds(h) {
			rep.Failures = append(rep.Failures, ClassFailure{Rows: rows, Models: chk.failing(h), Individuals: h.inds})
		}
	}
	rep.Holds = len(rep.Failures) == 0 && rep.UntruthfulCells == 0
	return rep, nil
}

// covers reports whether v is a truthful generalization of quasi-identifier
// q in row.
func covers(t *Table, q, row int, v string) bool {
	c := &t.qi[q]
	code := c.codes[row]
	d := c.dom
	if v == d.values[code] || v == "*" {
		return true
	}
	for j := 1; j <= d.depth; j++ {
		if d.labels[j][d.gen[j][code]] == v {
			return true
		}
	}
	if d.numeric && len(v) > 2 && v[0] == '[' && v[len(v)-1] == ']' {
		lo, hi, ok := strings.Cut(v[1:len(v)-1], ", ")
		if !ok {
			return false
		}
		a, err1 := strconv.ParseFloat(lo, 64)
		b, err2 := strconv.ParseFloat(hi, 64)
		x := d.nums[code]
		return err1 == nil && err2 == nil && a <= x && x <= b
	}
	return false
}
