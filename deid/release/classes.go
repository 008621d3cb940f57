package release

import (
	"fmt"
	"slices"

	"github.com/deidkit/deidkit/kanon"
)

// A ClassSize is one bar of the histogram of class sizes: the classes of
// People people (records, without a person column) and their records.
type ClassSize struct {
	People  int `json:"people"`
	Classes int `json:"classes"`
	Records int `json:"records"`
}

// A RiskBand counts the released records whose prosecutor risk is in
// (Above, AtMost], and their classes.
type RiskBand struct {
	Above   float64 `json:"above"`
	AtMost  float64 `json:"at_most"`
	Records int     `json:"records"`
	Classes int     `json:"classes"`
}

// RiskBands returns the bands of the risk distribution, lowest first:
// their bounds are the risks of classes of 100, 50, 20, 10, 5, 4, 3, 2
// and 1, so that a band above 1/k holds no record of a k-anonymous
// release.
func RiskBands() []RiskBand {
	sizes := []int{100, 50, 20, 10, 5, 4, 3, 2, 1}
	bands := make([]RiskBand, len(sizes))
	above := 0.0
	for i, s := range sizes {
		bands[i] = RiskBand{Above: above, AtMost: 1 / float64(s)}
		above = bands[i].AtMost
	}
	return bands
}

// A PopulationReport holds the estimates of how many people are unique in
// the population on the quasi-identifiers (see kanon.EstimateUniqueness):
// of the release, and of the field policy's output before generalization,
// which says what the k-anonymity stage bought.
type PopulationReport struct {
	Released UniquenessReport `json:"released"`
	Before   UniquenessReport `json:"before_generalization"`
}

// A UniquenessReport is kanon.Uniqueness, for JSON readers.
type UniquenessReport struct {
	People        int     `json:"people"`
	SampleUniques int     `json:"sample_uniques"`
	Fraction      float64 `json:"sampling_fraction"`
	Population    float64 `json:"population"`
	// Estimates are Pitman's, Zayatz's and the SNB model's.
	Estimates []EstimateReport `json:"estimates"`
	// Chosen names the estimate Dankar et al.'s rule selects; empty when
	// it is not valid.
	Chosen string `json:"chosen,omitempty"`
}

// An EstimateReport is kanon.Estimate, for JSON readers.
type EstimateReport struct {
	Model   string  `json:"model"`
	Valid   bool    `json:"valid"`
	Uniques float64 `json:"population_uniques"`
	Share   float64 `json:"population_unique_share"`
	// InRelease are the released people estimated to be unique in the
	// population.
	InRelease float64 `json:"released_population_uniques"`
}

// A tally describes the classes of a release: the people (records,
// without a person column), the records and the first record of each
// class, by class number; a class of no record has none.
type tally struct {
	people  []int
	records []int
	first   []int
}

// newTally tallies the classes of t's records; class returns -1 for a
// record of none.
func newTally(t *kanon.Table, class func(row int) int) *tally {
	ta := &tally{}
	// A person counts once per class. Their records are mostly in one
	// class: the class of their last record decides most, a set of the
	// pairs the others.
	last := make([]int32, t.Individuals())
	for i := range last {
		last[i] = -1
	}
	pairs := map[[2]int]bool{}
	for row := range t.Len() {
		c := class(row)
		if c < 0 {
			continue
		}
		for c >= len(ta.records) {
			ta.people, ta.records, ta.first = append(ta.people, 0), append(ta.records, 0), append(ta.first, -1)
		}
		if ta.records[c] == 0 {
			ta.first[c] = row
		}
		ta.records[c]++
		if e := t.IndividualOf(row); e >= 0 {
			prev := int(last[e])
			if prev == c {
				continue
			}
			last[e] = int32(c)
			// Counted in a class: the one of the person's last record, or
			// one of the set.
			if prev >= 0 {
				pairs[[2]int{prev, e}] = true
				if pairs[[2]int{c, e}] {
					continue
				}
			}
		}
		ta.people[c]++
	}
	return ta
}

// releasedClass returns the class of a released record, -1 for a withheld
// one.
func releasedClass(rel released) func(row int) int {
	return func(row int) int {
		if rel.Suppressed(row) {
			return -1
		}
		return rel.Class(row)
	}
}

// describeClasses fills in the histogram of class sizes, the risk
// distribution and, with a population, the uniqueness estimates, from the
// released classes.
func describeClasses(t *kanon.Table, classes *tally, p *Privacy, r *KAnonymityReport) error {
	hist := map[int]*ClassSize{}
	for c, s := range classes.people {
		if s == 0 {
			continue
		}
		h := hist[s]
		if h == nil {
			h = &ClassSize{People: s}
			hist[s] = h
		}
		h.Classes++
		h.Records += classes.records[c]
	}
	r.setClassSizes(hist)
	if p.Population == nil {
		return nil
	}
	var err error
	r.Population = &PopulationReport{}
	if r.Population.Released, err = uniqueness(classes.people, p.Population); err != nil {
		return err
	}
	r.Population.Before, err = uniqueness(newTally(t, valueClasses(t)).people, p.Population)
	return err
}

// setClassSizes sets the histogram of class sizes from bySize, fewest
// people first, and the risk distribution drawn from it.
func (r *KAnonymityReport) setClassSizes(bySize map[int]*ClassSize) {
	r.ClassSizes = make([]ClassSize, 0, len(bySize))
	for _, s := range bySize {
		r.ClassSizes = append(r.ClassSizes, *s)
	}
	slices.SortFunc(r.ClassSizes, func(a, b ClassSize) int { return a.People - b.People })
	r.Risk = RiskBands()
	for _, s := range r.ClassSizes {
		if s.People == 0 {
			continue
		}
		// The band whose bounds hold the class's risk, 1/People.
		risk := 1 / float64(s.People)
		i := slices.IndexFunc(r.Risk, func(b RiskBand) bool { return risk > b.Above && risk <= b.AtMost })
		r.Risk[i].Records += s.Records
		r.Risk[i].Classes += s.Classes
	}
}

// valueClasses returns the class of every record on the values of its
// quasi-identifiers as the field policy made them.
func valueClasses(t *kanon.Table) func(row int) int {
	ids := map[string]int{}
	class := make([]int32, t.Len())
	d := len(t.QuasiIdentifiers())
	var key []byte
	for row := range t.Len() {
		key = key[:0]
		for q := range d {
			key = append(key, t.Value(row, q)...)
			key = append(key, 0)
		}
		id, ok := ids[string(key)]
		if !ok {
			id = len(ids)
			ids[string(key)] = id
		}
		class[row] = int32(id)
	}
	return func(row int) int { return int(class[row]) }
}

// uniqueness estimates population uniqueness from the people of each
// class (0 for no class).
func uniqueness(people []int, s kanon.Sampling) (UniquenessReport, error) {
	hist := map[int]int{}
	for _, n := range people {
		if n > 0 {
			hist[n]++
		}
	}
	u, err := kanon.EstimateUniqueness(hist, s)
	if err != nil {
		return UniquenessReport{}, fmt.Errorf("%w: Privacy.Population: %w", ErrConfig, err)
	}
	r := UniquenessReport{People: u.People, SampleUniques: u.SampleUniques, Fraction: u.Fraction, Population: u.Population}
	for _, e := range []kanon.Estimate{u.Pitman, u.Zayatz, u.SNB} {
		r.Estimates = append(r.Estimates, EstimateReport{Model: e.Model.String(), Valid: e.Valid, Uniques: e.Uniques, Share: e.Share, InRelease: e.InRelease})
	}
	if u.Chosen.Valid {
		r.Chosen = u.Chosen.Model.String()
	}
	return r, nil
}
