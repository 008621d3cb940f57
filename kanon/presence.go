package kanon

// Presence describes δ-presence (Nergiz, Atzori and Clifton, 2007, "Hiding
// the presence of individuals from shared databases", Proceedings of ACM
// SIGMOD, 665–676): what the release tells an attacker about whether a
// person of a known population is in the data set at all, which matters
// when being in it is itself sensitive (a register of patients with a
// given disease). A person of the population whose values a released
// class covers is in the data set with probability (the class's people) /
// (the population people it matches); a person no class covers, with
// probability 0. The release is (Min, Max)-present.
type Presence struct {
	// Min and Max are the smallest and largest probability over the
	// released classes, δ_min and δ_max. Max is the risk to bound: 1 means
	// that everybody with some class's values is in the data set.
	Min, Max float64
	// Unmatched is the number of population people in cells that no class
	// covers: the release shows they are not in it (unless their cell is
	// coarser than the release, see [Population]).
	Unmatched int64
	// Short is the number of classes that covered fewer population people
	// than they hold: their probability is taken as 1.
	Short int
}

// Presence matches the release, a subset of the population, against the
// population (see [Population] for how released values cover population
// cells) and reports the range of the probabilities that a population
// person is in the data set. Population counts are lower bounds, so the
// probabilities are upper bounds: conservative for Max.
func (r *Result) Presence(pop *Population) (Presence, error) {
	m, err := r.matchPopulation(pop)
	if err != nil {
		return Presence{}, err
	}
	p := Presence{Unmatched: m.unmatched}
	for c, n := range m.counts {
		own := int64(m.people[c])
		if n < own {
			n = own
			p.Short++
		}
		delta := 1.0
		if n > 0 {
			delta = float64(own) / float64(n)
		}
		if c == 0 || delta < p.Min {
			p.Min = delta
		}
		if c == 0 || delta > p.Max {
			p.Max = delta
		}
	}
	return p, nil
}
