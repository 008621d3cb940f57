package kanon_test

import (
	"context"
	"errors"
	"maps"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func TestEstimateUniquenessRefusesBadInput(t *testing.T) {
	h := map[int]int{1: 10, 2: 5}
	for _, c := range []struct {
		name    string
		classes map[int]int
		s       kanon.Sampling
		want    error
	}{
		{"fraction 0", h, kanon.SamplingFraction(0), kanon.ErrPopulation},
		{"negative fraction", h, kanon.SamplingFraction(-0.1), kanon.ErrPopulation},
		{"fraction above 1", h, kanon.SamplingFraction(1.5), kanon.ErrPopulation},
		{"NaN fraction", h, kanon.SamplingFraction(math.NaN()), kanon.ErrPopulation},
		{"infinite fraction", h, kanon.SamplingFraction(math.Inf(1)), kanon.ErrPopulation},
		{"fraction too small for a population", h, kanon.SamplingFraction(5e-324), kanon.ErrPopulation},
		{"population smaller than the sample", h, kanon.PopulationSize(19), kanon.ErrPopulation},
		{"empty population", map[int]int{}, kanon.PopulationSize(0), kanon.ErrPopulation},
		{"class size 0", map[int]int{0: 3}, kanon.SamplingFraction(0.5), kanon.ErrInput},
		{"negative count", map[int]int{1: 4, 2: -1}, kanon.SamplingFraction(0.5), kanon.ErrInput},
	} {
		_, err := kanon.EstimateUniqueness(c.classes, c.s)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
	}
}

func TestUniquenessEdges(t *testing.T) {
	// No sample uniques: no released person is unique in the population.
	u, err := kanon.EstimateUniqueness(map[int]int{2: 40, 5: 3}, kanon.SamplingFraction(0.05))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []kanon.Estimate{u.Pitman, u.Zayatz, u.SNB, u.Chosen} {
		if !e.Valid || e.Uniques != 0 || e.InRelease != 0 {
			t.Errorf("without sample uniques: %+v", e)
		}
	}
	if u.People != 95 || u.Population != 1900 {
		t.Errorf("people %d, population %g; want 95, 1900", u.People, u.Population)
	}
	// The whole population: the sample uniques are the population uniques.
	u, err = kanon.EstimateUniqueness(map[int]int{1: 7, 2: 4, 9: 1}, kanon.PopulationSize(24))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []kanon.Estimate{u.Pitman, u.Zayatz, u.SNB, u.Chosen} {
		if !e.Valid || e.Uniques != 7 || e.InRelease != 7 || e.Share != 7.0/24 {
			t.Errorf("whole population: %+v", e)
		}
	}
	// An empty release.
	u, err = kanon.EstimateUniqueness(nil, kanon.SamplingFraction(0.2))
	if err != nil || u.Chosen.Uniques != 0 || !u.Chosen.Valid || u.Chosen.Share != 0 {
		t.Errorf("empty release: %+v, %v", u, err)
	}
	// All unique: Pitman's likelihood has no maximum; the rule falls back
	// on Zayatz, which says every sample unique is a population unique
	// when the sample shows no class of two.
	u, err = kanon.EstimateUniqueness(map[int]int{1: 50}, kanon.SamplingFraction(0.05))
	if err != nil {
		t.Fatal(err)
	}
	if u.Pitman.Valid || u.SNB.Valid || u.Chosen.Model != kanon.Zayatz || u.Chosen.Uniques != 1000 || u.Chosen.InRelease != 50 {
		t.Errorf("all unique: %+v", u)
	}
	// The same where N/n·f₁ rounds above N.
	u, err = kanon.EstimateUniqueness(map[int]int{1: 1289}, kanon.PopulationSize(4007))
	if err != nil {
		t.Fatal(err)
	}
	if !u.Chosen.Valid || u.Chosen.Uniques != 4007 || u.Chosen.InRelease != 1289 {
		t.Errorf("all unique: %+v", u.Chosen)
	}
}

// TestUniquenessIsFinite checks, on arbitrary histograms and fractions,
// that no estimate is NaN or infinite and that each stays within what it
// can be.
func TestUniquenessIsFinite(t *testing.T) {
	p := prop.ForAll(func(seed uint64, sizes, pi float64) (bool, error) {
		r := rand.New(rand.NewPCG(seed, 1))
		h := map[int]int{}
		for range 1 + r.IntN(int(sizes)) {
			size := 1 + int(math.Pow(2, r.Float64()*12))
			if r.IntN(4) == 0 {
				size = 1 // often all unique, or nearly
			}
			h[size] += r.IntN(1 + r.IntN(3000))
		}
		u, err := kanon.EstimateUniqueness(h, kanon.SamplingFraction(pi))
		if err != nil {
			return false, err
		}
		finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
		if !finite(u.Fraction) || !finite(u.Population) || u.Population < float64(u.People) {
			return false, errors.New("bad population")
		}
		for _, e := range []kanon.Estimate{u.Pitman, u.Zayatz, u.SNB, u.Chosen} {
			if !finite(e.Uniques) || !finite(e.Share) || !finite(e.InRelease) {
				return false, errors.New("not finite")
			}
			if e.Uniques < 0 || e.Uniques > u.Population || e.InRelease < 0 || e.InRelease > float64(u.SampleUniques) {
				return false, errors.New("out of bounds")
			}
			if !e.Valid && (e.Uniques != 0 || e.Share != 0 || e.InRelease != 0) {
				return false, errors.New("an invalid estimate has numbers")
			}
		}
		if !u.Zayatz.Valid || !u.Chosen.Valid {
			return false, errors.New("no chosen estimate")
		}
		return true, nil
	}, gen.UInt64(), gen.Float64Range(1, 40), gen.Float64Range(1e-6, 1))
	props := gopter.NewProperties(kanontest.Parameters(200))
	props.Property("estimates are finite and bounded", p)
	props.TestingRun(t)
}

// zipfPopulation draws a population of N people with d categorical
// quasi-identifiers, each with Zipf-distributed values (value v of card
// with probability ∝ v^−s), and samples each person with probability pi.
// It returns the histogram of the sample's class sizes and the number of
// sample uniques that are unique in the population.
func zipfPopulation(r *rand.Rand, N int, card []int, s []float64, pi float64) (hist map[int]int, n, tau int) {
	cdf := make([][]float64, len(card))
	cells := 1
	for a, m := range card {
		c := make([]float64, m)
		tot := 0.0
		for v := range c {
			tot += math.Pow(float64(v+1), -s[a])
			c[v] = tot
		}
		for v := range c {
			c[v] /= tot
		}
		cdf[a] = c
		cells *= m
	}
	pop, sample := make([]int32, cells), make([]int32, cells)
	for range N {
		cell := 0
		for a := range card {
			cell = cell*card[a] + min(sort.SearchFloat64s(cdf[a], r.Float64()), card[a]-1)
		}
		pop[cell]++
		if r.Float64() < pi {
			sample[cell]++
			n++
		}
	}
	hist = map[int]int{}
	for c, f := range sample {
		if f > 0 {
			hist[int(f)]++
		}
		if f == 1 && pop[c] == 1 {
			tau++
		}
	}
	return hist, n, tau
}

// TestUniquenessOnSyntheticPopulations compares the chosen estimate with
// the truth on populations whose quasi-identifiers have Zipf-distributed
// values (2 to 4 of them, 2 to 1000 values each, exponents 0 to 1.5, the
// shapes of age, ZIP code, sex or diagnosis counts), sampled with
// fractions from 1% to 50% (log-uniform) into samples of 1,000 to 2,500
// people.
//
// The quantity compared is the share of sample uniques that are unique in
// the population: estimate InRelease / SampleUniques, truth counted. The
// models are approximations of how such populations are made, so a single
// population is held to a wide band. Over 6,000 draws of this generator
// the chosen estimate's error ranged from −0.28 to +0.56, with 5% and 95%
// quantiles of −0.10 and +0.22 and a median of +0.05: it errs mostly
// upwards, on the safe side (by Pitman's model below fractions of 3%, by
// the SNB's and Zayatz's above 10%; the largest errors are on near-uniform
// values, whose Poisson-like cells the models, made for skewed data, take
// for more unique than they are). Each draw must fall in [−0.35, +0.65],
// and the mean error of a run's draws in [−0.05, +0.17] (about five
// standard errors around the mean seen): an estimator off by a factor of
// two, or a model evaluated with the wrong fraction, moves the mean well
// out of it, since the truth spans 0.19 to 0.96 (5% and 95% quantiles)
// across these populations. Models fitted to their own law are held
// closer: see TestPitmanOnPitmanPopulations.
func TestUniquenessOnSyntheticPopulations(t *testing.T) {
	var errs []float64
	p := prop.ForAll(func(seed uint64) (bool, error) {
		r := rand.New(rand.NewPCG(seed, 2))
		pi := math.Exp(math.Log(0.01) + r.Float64()*(math.Log(0.5)-math.Log(0.01)))
		N := int(float64(1000+r.IntN(1500)) / pi)
		d := 2 + r.IntN(3)
		card, s := make([]int, d), make([]float64, d)
		room := 1_000_000
		for a := range card {
			card[a] = 2 + r.IntN(max(1, min(1000, int(math.Pow(float64(room), 1/float64(d-a))))-1))
			room /= card[a]
			s[a] = 1.5 * r.Float64()
		}
		hist, _, tau := zipfPopulation(r, N, card, s, pi)
		u, err := kanon.EstimateUniqueness(hist, kanon.PopulationSize(N))
		if err != nil {
			return false, err
		}
		if u.SampleUniques < 50 {
			return true, nil // too few for the truth to be measured
		}
		f1 := float64(u.SampleUniques)
		truth, est := float64(tau)/f1, u.Chosen.InRelease/f1
		errs = append(errs, est-truth)
		if est-truth < -0.35 || est-truth > 0.65 {
			t.Logf("π=%.3f N=%d card=%v s=%.2f: %v says %.3f of the sample uniques are population uniques, truth %.3f",
				u.Fraction, N, card, s, u.Chosen.Model, est, truth)
			return false, nil
		}
		return true, nil
	}, gen.UInt64())
	props := gopter.NewProperties(kanontest.Parameters(20))
	props.Property("the chosen estimate is near the share of population uniques", p)
	props.TestingRun(t)
	if len(errs) < 10 {
		t.Fatalf("%d populations with enough sample uniques", len(errs))
	}
	mean := 0.0
	for _, e := range errs {
		mean += e / float64(len(errs))
	}
	if mean < -0.05 || mean > 0.17 {
		t.Errorf("mean error %.3f over %d populations, want within [−0.05, +0.17]", mean, len(errs))
	}
}

// TestPopulationUniquenessOfARelease checks that a release's estimates
// are those of its class sizes, counted in people.
func TestPopulationUniquenessOfARelease(t *testing.T) {
	schema := kanon.Schema{QuasiIdentifiers: []kanon.Attribute{{Name: "zip", Type: kanon.Categorical}}, Individual: "user"}
	rows := [][]string{
		{"10001", "a"}, {"10001", "a"}, {"10001", "a"}, // one person, three rows: a unique
		{"10002", "b"}, {"10002", "c"}, // two people
		{"10003", "d"},                                 // a unique
		{"10004", "e"}, {"10004", "f"}, {"10004", "e"}, // two people
	}
	tab, err := kanon.NewTable(schema, rows)
	if err != nil {
		t.Fatal(err)
	}
	res, err := kanon.Mondrian(context.Background(), tab, kanon.Config{Models: []kanon.Model{kanon.KAnonymity(1)}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]int{1: 2, 2: 2}
	if got := res.ClassSizes(); !maps.Equal(got, want) {
		t.Fatalf("class sizes %v, want %v", got, want)
	}
	got, err := res.PopulationUniqueness(kanon.SamplingFraction(0.01))
	if err != nil {
		t.Fatal(err)
	}
	direct, err := kanon.EstimateUniqueness(want, kanon.SamplingFraction(0.01))
	if err != nil {
		t.Fatal(err)
	}
	if got != direct || got.People != 6 || got.SampleUniques != 2 || got.Population != 600 {
		t.Errorf("release: %+v\nhistogram: %+v", got, direct)
	}
}
