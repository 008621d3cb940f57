package kanon

import "fmt"

// KMap describes how many people of a population each released class
// matches. A release is k-map (Sweeney, 2002, "k-anonymity: a model for
// protecting privacy", International Journal of Uncertainty, Fuzziness
// and Knowledge-Based Systems 10(5):557–570; El Emam and Dankar, 2008,
// "Protecting privacy using k-anonymity", Journal of the American Medical
// Informatics Association 15(5):627–637) when every released class matches
// at least k people of the population an attacker would link it with,
// rather than k rows of the data set: a data set may hold one person of a
// group of thousands and still be safe, or k people who are all of their
// group.
type KMap struct {
	// K is the threshold asked for.
	K int
	// Min is the smallest number of population people matching a released
	// class: the release is Min-map. 0 when nothing is released.
	Min int64
	// Below is the share of released people (individuals, or rows
	// without an individual column) in classes matching fewer than K, and
	// BelowPeople their number. With an individual column, a person
	// counts at the class holding its rows that matches the fewest.
	Below       float64
	BelowPeople int
	// Counts gives, by class number (see [Result.Class]), the population
	// people its released values match: the sum of the population cells
	// they cover, and never fewer than the class's own people, since the
	// population contains the data set.
	Counts []int64
	// Short is the number of classes that covered fewer population people
	// than they hold themselves: the population is coarser than the
	// release there, or does not contain the data set (a census of another
	// year). Their Counts are their own people, a lower bound.
	Short int
}

// KMap matches the release against a population (see [Population] for how
// released values cover population cells) and reports the population
// people each class matches and the people released in classes matching
// fewer than k. Counts are lower bounds: a population cell coarser than a
// class's released values counts for none. k must be at least 1.
func (r *Result) KMap(pop *Population, k int) (KMap, error) {
	if k < 1 {
		return KMap{}, fmt.Errorf("%w: k-map threshold %d is below 1", ErrConfig, k)
	}
	m, err := r.matchPopulation(pop)
	if err != nil {
		return KMap{}, err
	}
	km := KMap{K: k, Counts: m.counts}
	for c, n := range km.Counts {
		if n < int64(m.people[c]) {
			km.Counts[c] = int64(m.people[c])
			km.Short++
		}
		if c == 0 || km.Counts[c] < km.Min {
			km.Min = km.Counts[c]
		}
	}
	people := r.releasedPeople(func(c int) bool { return km.Counts[c] < int64(k) }, &km.BelowPeople)
	if people > 0 {
		km.Below = float64(km.BelowPeople) / float64(people)
	}
	return km, nil
}

// releasedPeople returns the number of released people (individuals with
// a released row, or released rows) and counts in *n those of them in a
// class for which flagged is true.
func (r *Result) releasedPeople(flagged func(class int) bool, n *int) int {
	t := r.Table()
	if t.Individuals() == 0 {
		released := 0
		for row := range r.Len() {
			if c := r.Class(row); c >= 0 {
				released++
				if flagged(c) {
					*n++
				}
			}
		}
		return released
	}
	const unseen, clear, hit = 0, 1, 2
	state := make([]uint8, t.Individuals())
	for row := range r.Len() {
		c := r.Class(row)
		if c < 0 {
			continue
		}
		e := t.IndividualOf(row)
		if flagged(c) {
			state[e] = hit
		} else if state[e] == unseen {
			state[e] = clear
		}
	}
	released := 0
	for _, s := range state {
		if s != unseen {
			released++
		}
		if s == hit {
			*n++
		}
	}
	return released
}
