package kanon

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrPopulation reports an invalid description of the population a
// release is drawn from: a sampling fraction outside (0, 1], a population
// smaller than the release, or a population table that does not fit the
// release.
var ErrPopulation = errors.New("kanon: invalid population")

// A Sampling says how large the population is that the released people
// were drawn from, as a [SamplingFraction] or a [PopulationSize]. The
// uniqueness models assume a simple random sample of the population.
type Sampling interface {
	// scale returns the sampling fraction and the population size for a
	// sample of n people.
	scale(n int) (fraction, size float64, err error)
}

// SamplingFraction is the share of the population that the release holds,
// in (0, 1]: 0.1 when the data set is about one person in ten of the
// population an attacker could link it with. The population size is the
// number of released people divided by the fraction, rounded.
type SamplingFraction float64

func (f SamplingFraction) scale(n int) (float64, float64, error) {
	pi := float64(f)
	if !(pi > 0 && pi <= 1) {
		return 0, 0, fmt.Errorf("%w: sampling fraction %g is not in (0, 1]", ErrPopulation, pi)
	}
	N := max(float64(n), math.Round(float64(n)/pi))
	if math.IsInf(N, 0) {
		return 0, 0, fmt.Errorf("%w: sampling fraction %g is too small", ErrPopulation, pi)
	}
	return pi, N, nil
}

// PopulationSize is the number of people in the population the release is
// drawn from (for example the residents of the region a registry covers).
// It must be at least the number of released people.
type PopulationSize int64

func (s PopulationSize) scale(n int) (float64, float64, error) {
	if s < 1 || int64(s) < int64(n) {
		return 0, 0, fmt.Errorf("%w: population of %d people is smaller than the %d released", ErrPopulation, int64(s), n)
	}
	return float64(n) / float64(s), float64(s), nil
}

// A UniquenessModel is a statistical model of how the sizes of the
// equivalence classes in the population relate to those in a sample.
type UniquenessModel int

const (
	// Pitman fits Pitman's sampling formula, the law of the partition of
	// a sample from a Pitman–Yor process, to the class sizes by maximum
	// likelihood (Hoshino, 2001) and takes the expected number of
	// singletons in a partition of the population.
	Pitman UniquenessModel = iota + 1
	// Zayatz estimates, by Bayes' rule, the probability that a sample
	// unique is unique in the population, taking the population's class
	// size distribution to be the sample's and the sample to be drawn
	// without replacement (Zayatz, 1991).
	Zayatz
	// SNB fits the slide negative binomial model: population class sizes
	// are 1 plus a negative binomial variable, the sample takes each person
	// with the sampling fraction; its two parameters match the numbers of
	// sample uniques and pairs, the number of populated classes being
	// estimated from the sample (Chen and Keller-McNulty, 1998).
	SNB
)

func (m UniquenessModel) String() string {
	switch m {
	case Pitman:
		return "Pitman"
	case Zayatz:
		return "Zayatz"
	case SNB:
		return "SNB"
	}
	return fmt.Sprintf("UniquenessModel(%d)", int(m))
}

// MarshalText writes the model's name, for reports.
func (m UniquenessModel) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// An Estimate is one model's estimate of population uniqueness.
type Estimate struct {
	Model UniquenessModel
	// Valid is false when the model has no solution for these class sizes
	// (its equations have no root in the parameter space, as the Pitman
	// likelihood when no class has two people or the SNB equations
	// without sample pairs) or its estimate falls outside [0, population].
	// The numbers are then 0.
	Valid bool
	// Uniques is the estimated number of people in the population who
	// are unique on the released quasi-identifiers.
	Uniques float64
	// Share is Uniques divided by the population size.
	Share float64
	// InRelease is the estimated number of released people who are
	// unique in the population, whom an attacker holding the population
	// register can re-identify with certainty: each population unique
	// is in the sample with the sampling fraction's probability, and is
	// then a sample unique, so this is the fraction times Uniques, at
	// most the number of sample uniques.
	InRelease float64
}

// Uniqueness holds the population-uniqueness estimates of a release.
type Uniqueness struct {
	// People is the sample size: the sum of the class sizes.
	People int
	// SampleUniques is the number of classes of size 1.
	SampleUniques int
	// Fraction is the sampling fraction and Population the population
	// size: one is given, the other follows (People / Fraction, rounded,
	// or People / Population).
	Fraction   float64
	Population float64
	// The estimate of each model.
	Pitman, Zayatz, SNB Estimate
	// Chosen is the estimate that Dankar et al.'s decision rule selects
	// (a copy of Pitman, Zayatz or SNB): Pitman's when the sampling
	// fraction is at most 10% (Zayatz's if Pitman's is not valid),
	// otherwise the smaller of Zayatz's and the SNB's (Zayatz's if the
	// SNB's is not valid).
	Chosen Estimate
}

// PopulationUniqueness estimates how many people are unique in the
// population on the released quasi-identifiers, from the sizes of the
// release's equivalence classes alone (see [EstimateUniqueness]). Class
// sizes count people as k-anonymity does: individuals when the table has
// an individual column, rows otherwise. Suppressed rows are not part of
// the release and do not count.
//
// A release without sample uniques (every k-anonymous release with k ≥ 2)
// releases nobody unique in the population, since a population unique in
// the sample is a sample unique: every estimate is 0 then.
func (r *Result) PopulationUniqueness(s Sampling) (Uniqueness, error) {
	return EstimateUniqueness(r.ClassSizes(), s)
}

// ClassSizes returns the histogram of the release's equivalence class
// sizes: the number of classes of each size. Sizes count individuals when
// the table has an individual column (each class counts the distinct
// individuals among its rows), rows otherwise.
func (r *Result) ClassSizes() map[int]int {
	h := map[int]int{}
	for _, s := range r.classPeople() {
		h[s]++
	}
	return h
}

// classPeople counts the people of each class: its distinct individuals
// when the table has an individual column, its rows otherwise.
func (r *Result) classPeople() []int {
	t := r.Table()
	size := make([]int, r.Classes())
	seen := map[[2]int]bool{}
	for row := range r.Len() {
		c := r.Class(row)
		if c < 0 {
			continue
		}
		if t.Individuals() > 0 {
			k := [2]int{c, t.IndividualOf(row)}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		size[c]++
	}
	return size
}

// classFreq is one entry of a class size histogram: count classes of size
// people.
type classFreq struct{ size, count int }

// EstimateUniqueness estimates population uniqueness from a histogram of
// equivalence class sizes (classes[k] is the number of classes of k
// people) of a sample drawn from a population of the given size. It needs
// no population data: each model extrapolates the sample's class sizes to
// the population.
//
// The models, and the rule choosing between them, are those evaluated by
// Dankar, El Emam, Neisa and Roffey (2012), "Estimating the
// re-identification risk of clinical data sets", BMC Medical Informatics
// and Decision Making 12:66, as ARX implements them:
//
//   - Hoshino, N. (2001), "Applying Pitman's sampling formula to microdata
//     disclosure risk assessment", Journal of Official Statistics
//     17(4):499–520. θ and α are the maximum-likelihood estimates under
//     Pitman's sampling formula, and the estimate is the expected number
//     of singletons of a population of N under the fitted law,
//     N·Γ(θ+1)Γ(θ+α+N−1) / (Γ(θ+α)Γ(θ+N)), whose limit for large N,
//     Γ(θ+1)/Γ(θ+α)·N^α, is Hoshino's.
//   - Zayatz, L. V. (1991), "Estimation of the number of unique population
//     elements using a sample", Proceedings of the Section on Survey
//     Research Methods, American Statistical Association. The share of
//     sample uniques that are population uniques is
//     P(F=1|f=1) = p₁P(f=1|F=1) / Σ_j p_j P(f=1|F=j), the p_j being the
//     sample's class size proportions and P(f=1|F=j) hypergeometric; the
//     estimate is f₁·P(F=1|f=1)·N/n.
//   - Chen, G. and Keller-McNulty, S. (1998), "Estimation of
//     identification disclosure risk in microdata", Journal of Official
//     Statistics 14(1):79–95. Population class sizes are 1 + NB(α, β) over
//     K populated classes; α and β solve K·P(f=1) = f₁ and K·P(f=2) = f₂
//     under binomial sampling, and the estimate is K·β^α. K is estimated
//     with the modified Shlosser estimator of Haas and Stokes (1998),
//     "Estimating the number of classes in a finite population", Journal
//     of the American Statistical Association 93(444):1475–1487.
//
// The decision rule is Dankar et al.'s: see [Uniqueness].Chosen.
//
// When the sampling fraction is 1 the sample is the population and every
// estimate is the number of sample uniques.
//
// The models suppose a simple random sample of the population: a data set
// that over-represents some groups (a clinic's patients among a city's
// residents) is not one, and the estimates are then only indicative. The
// solvers bracket every root and bisect it, in closed forms of the digamma
// and log-gamma functions that keep their precision for populations of
// any size; the cost grows with the number of distinct class sizes and
// the largest class, not with the number of people.
func EstimateUniqueness(classes map[int]int, s Sampling) (Uniqueness, error) {
	h := make([]classFreq, 0, len(classes))
	n, u, f1 := 0, 0, 0
	for size, count := range classes {
		if size < 1 || count < 0 {
			return Uniqueness{}, fmt.Errorf("%w: class size histogram: %d classes of size %d", ErrInput, count, size)
		}
		if count == 0 {
			continue
		}
		if size > math.MaxInt32 || count > math.MaxInt32 || n > math.MaxInt-size*count {
			return Uniqueness{}, fmt.Errorf("%w: class size histogram: too many people", ErrInput)
		}
		h = append(h, classFreq{size, count})
		n += size * count
		u += count
		if size == 1 {
			f1 = count
		}
	}
	slices.SortFunc(h, func(a, b classFreq) int { return a.size - b.size })
	pi, N, err := s.scale(n)
	if err != nil {
		return Uniqueness{}, err
	}
	res := Uniqueness{People: n, SampleUniques: f1, Fraction: pi, Population: N}
	est := func(m UniquenessModel, uniques float64, ok bool) Estimate {
		if uniques > N && uniques <= N*(1+1e-9) {
			uniques = N // rounding: everybody unique
		}
		if !ok || !(uniques >= 0 && uniques <= N) {
			return Estimate{Model: m}
		}
		e := Estimate{Model: m, Valid: true, Uniques: uniques, InRelease: min(float64(f1), pi*uniques)}
		if N > 0 {
			e.Share = uniques / N
		}
		return e
	}
	switch {
	case f1 == 0:
		res.Pitman, res.Zayatz, res.SNB = est(Pitman, 0, true), est(Zayatz, 0, true), est(SNB, 0, true)
	case pi == 1:
		x := float64(f1)
		res.Pitman, res.Zayatz, res.SNB = est(Pitman, x, true), est(Zayatz, x, true), est(SNB, x, true)
	default:
		p, ok := pitmanUniques(h, n, u, N)
		res.Pitman = est(Pitman, p, ok)
		res.Zayatz = est(Zayatz, zayatzUniques(h, n, u, N), true)
		sn, ok := snbUniques(h, u, f1, pi, N)
		res.SNB = est(SNB, sn, ok)
	}
	res.Chosen = dankar(res, pi)
	return res, nil
}

// dankar applies Dankar et al.'s decision rule.
func dankar(u Uniqueness, pi float64) Estimate {
	if pi <= 0.1 {
		if u.Pitman.Valid {
			return u.Pitman
		}
		return u.Zayatz
	}
	if u.SNB.Valid && u.SNB.Uniques <= u.Zayatz.Uniques {
		return u.SNB
	}
	return u.Zayatz
}
