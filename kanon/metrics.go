package kanon

import "fmt"

// Metric is a measure of information loss that Optimal minimizes.
type Metric int

const (
	// Loss is the global certainty penalty (GCP): the average normalized
	// certainty penalty (NCP) of the released cells, a suppressed cell
	// counting 1.
	Loss Metric = iota
	// Discernibility is the sum over classes of the squared class size,
	// plus the number of rows times the number of suppressed rows.
	Discernibility
	// AverageClassSize is C_avg: released rows per class divided by k;
	// with an individual column, the distinct individuals per class.
	AverageClassSize
)

func (m Metric) String() string {
	switch m {
	case Loss:
		return "loss"
	case Discernibility:
		return "discernibility"
	case AverageClassSize:
		return "average class size"
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// Metrics describes the utility and the risk of a release.
//
// With an individual column, the privacy measures (K, CAvg and the
// prosecutor risks) count distinct individuals, as k-anonymity does, while
// the utility measures (NCP, Discernibility) and the row counts stay in
// rows: they describe the cells released.
type Metrics struct {
	Rows       int // rows of the table
	Classes    int // equivalence classes
	Suppressed int // suppressed rows
	// Individuals is the number of distinct individuals with at least one
	// released row, or 0 when the table has no individual column.
	Individuals int

	// K is the size of the smallest class in what k-anonymity counts:
	// distinct individuals with an individual column, rows otherwise. The
	// release is K-anonymous.
	K int
	// MinClassRows is the number of rows of the smallest class (fewest
	// rows); without an individual column it equals K.
	MinClassRows int
	// L is the smallest number of distinct values of a sensitive attribute
	// in a class (0 without sensitive attributes).
	L int

	// NCP is the global certainty penalty in percent: 0 releases the data
	// unchanged, 100 releases nothing. A cell's penalty is 0 for an
	// original value, the share of the attribute's range covered by a
	// numeric range, the share of the attribute's values covered by a
	// hierarchy node (0 for a single value), and 1 for a suppressed cell.
	NCP float64
	// Discernibility is the sum of squared class sizes in rows plus Rows
	// for each suppressed row.
	Discernibility float64
	// CAvg is the average class size, in what K counts, divided by the
	// largest k required (1 without k-anonymity): 1 is ideal.
	CAvg float64

	// ProsecutorMax is the highest re-identification risk when the
	// attacker knows the target is in the data: 1/K. It is the risk of a
	// row, or with an individual column of an individual.
	ProsecutorMax float64
	// ProsecutorAvg is the prosecutor risk averaged over released rows,
	// Classes / (Rows - Suppressed); with an individual column, averaged
	// over released individuals, each at the risk of the class with the
	// fewest individuals among those holding its rows.
	ProsecutorAvg float64
}

// Metrics computes the utility and risk measures of the release.
func (r *Result) Metrics() Metrics {
	t := r.t
	n, d := t.n, len(t.qi)
	m := Metrics{Rows: n, Classes: len(r.sizes), Suppressed: r.suppressed}
	released := n - r.suppressed
	pen := float64(r.suppressed * d)
	disc := float64(r.suppressed) * float64(n)
	for c, s := range r.sizes {
		if m.MinClassRows == 0 || int(s) < m.MinClassRows {
			m.MinClassRows = int(s)
		}
		disc += float64(s) * float64(s)
		sum := 0.0
		for a := range d {
			sum += r.ncp(c, a)
		}
		pen += sum * float64(s)
	}
	if n > 0 && d > 0 {
		m.NCP = 100 * pen / float64(n*d)
	}
	m.Discernibility = disc
	var byClass *classRows
	if len(r.sizes) > 0 && (len(t.sens) > 0 || t.ind.codes != nil) {
		byClass = r.rowsByClass()
	}
	if len(r.sizes) > 0 {
		if t.ind.codes == nil {
			m.K = m.MinClassRows
			m.CAvg = float64(released) / float64(len(r.sizes)) / float64(r.chk.k)
			m.ProsecutorMax = 1 / float64(m.K)
			m.ProsecutorAvg = float64(len(r.sizes)) / float64(released)
		} else {
			perClass := r.classIndividuals(byClass)
			sum := 0
			for _, e := range perClass {
				if m.K == 0 || int(e) < m.K {
					m.K = int(e)
				}
				sum += int(e)
			}
			m.CAvg = float64(sum) / float64(len(r.sizes)) / float64(r.chk.k)
			m.ProsecutorMax = 1 / float64(m.K)
			risk := 0.0
			for _, f := range r.fewestPerIndividual(perClass) {
				if f > 0 {
					m.Individuals++
					risk += 1 / float64(f)
				}
			}
			m.ProsecutorAvg = risk / float64(m.Individuals)
		}
	}
	m.L = r.minDistinct(byClass)
	return m
}

// classIndividuals counts the distinct individuals of each class.
func (r *Result) classIndividuals(byClass *classRows) []int32 {
	ind := r.t.ind.codes
	perClass := make([]int32, len(r.sizes))
	stamp := make([]int32, r.t.ind.count) // class+1 that last counted the individual
	for c := range r.sizes {
		for _, row := range byClass.rows(c) {
			if e := ind[row]; stamp[e] != int32(c)+1 {
				stamp[e] = int32(c) + 1
				perClass[c]++
			}
		}
	}
	return perClass
}

// fewestPerIndividual returns, for every individual, the smallest value of
// per over the classes that hold its rows; 0 when all of them are
// suppressed.
func (r *Result) fewestPerIndividual(per []int32) []int32 {
	ind := r.t.ind.codes
	fewest := make([]int32, r.t.ind.count)
	for row, c := range r.classOf {
		if c < 0 {
			continue
		}
		if e := ind[row]; fewest[e] == 0 || per[c] < fewest[e] {
			fewest[e] = per[c]
		}
	}
	return fewest
}

// minDistinct is the smallest number of distinct sensitive values in a
// class, over all sensitive attributes.
func (r *Result) minDistinct(byClass *classRows) int {
	if len(r.t.sens) == 0 || len(r.sizes) == 0 {
		return 0
	}
	best := -1
	for i := range r.t.sens {
		codes := r.t.sens[i].codes
		stamp := make([]int32, r.t.sens[i].dom.size())
		for c := range r.sizes {
			distinct := 0
			for _, row := range byClass.rows(c) {
				if stamp[codes[row]] != int32(c)+1 {
					stamp[codes[row]] = int32(c) + 1
					distinct++
				}
			}
			if best < 0 || distinct < best {
				best = distinct
			}
		}
	}
	return best
}

// classRows lists the rows of each class contiguously.
type classRows struct {
	start []int32 // per class, offset in list; one extra entry at the end
	list  []int32
}

func (cr *classRows) rows(c int) []int32 { return cr.list[cr.start[c]:cr.start[c+1]] }

func (r *Result) rowsByClass() *classRows {
	cr := &classRows{start: make([]int32, len(r.sizes)+1)}
	for c, s := range r.sizes {
		cr.start[c+1] = cr.start[c] + s
	}
	cr.list = make([]int32, cr.start[len(r.sizes)])
	next := append([]int32(nil), cr.start[:len(r.sizes)]...)
	for row, c := range r.classOf {
		if c >= 0 {
			cr.list[next[c]] = int32(row)
			next[c]++
		}
	}
	return cr
}
