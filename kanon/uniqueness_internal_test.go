package kanon

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// The estimators' numerics are checked here against transcriptions of
// their definitions as plain sums and products: slower, and exposed to
// the cancellations the production code avoids, but obviously the
// formulas of the papers.

func TestDigammaDiffIsTheSum(t *testing.T) {
	for _, y := range []float64{1e-9, 0.3, 1, 7.5, 9.99, 10, 123.4, 1e5, 1e9} {
		for _, m := range []int{0, 1, 5, 16, 17, 100, 10_000, 300_000} {
			want := 0.0
			for i := m - 1; i >= 0; i-- { // smallest terms first
				want += 1 / (y + float64(i))
			}
			got := digammaDiff(y, m)
			if !closeTo(got, want, 1e-12) {
				t.Errorf("digammaDiff(%g, %d) = %.17g, sum %.17g", y, m, got, want)
			}
		}
	}
}

func TestLgammaShift(t *testing.T) {
	// Integer shifts are sums of logarithms.
	for _, y := range []float64{0.01, 0.5, 3, 999.5, 1000, 1e4, 1e8, 1e13} {
		for _, d := range []int{1, 2, 5} {
			want := 0.0
			for i := range d {
				want += math.Log(y + float64(i))
			}
			if got := lgammaShift(y, float64(d)); !closeTo(got, want, 1e-12) {
				t.Errorf("lgammaShift(%g, %d) = %.17g, want %.17g", y, d, got, want)
			}
		}
	}
	// Fractional shifts: Γ(y+d)/Γ(y) · Γ(y+1)/Γ(y+d) = y, on both sides
	// of the switch to Stirling's series.
	for _, y := range []float64{0.2, 40, 999.9, 1000.1, 5e6, 3e12} {
		for _, d := range []float64{0.001, 0.3, 0.5, 0.999} {
			got := lgammaShift(y, d) + lgammaShift(y+d, 1-d)
			if !closeTo(got, math.Log(y), 1e-12) {
				t.Errorf("lgammaShift(%g, %g) + lgammaShift(%g, %g) = %.17g, want ln %g", y, d, y+d, 1-d, got, y)
			}
		}
	}
	// Continuity across the switch.
	a, b := lgammaShift(999.9999999, 0.4), lgammaShift(1000.0000001, 0.4)
	if !closeTo(a, b, 1e-9) {
		t.Errorf("lgammaShift jumps at 1000: %.17g, %.17g", a, b)
	}
}

// pitmanLogLik is the log-likelihood of Pitman's sampling formula, up to
// the combinatorial factor, as the products of its definition.
func pitmanLogLik(h []classFreq, n, u int, theta, alpha float64) float64 {
	l := 0.0
	for i := 1; i < u; i++ {
		l += math.Log(theta + float64(i)*alpha)
	}
	for i := 1; i < n; i++ {
		l -= math.Log(theta + float64(i))
	}
	for _, c := range h {
		for i := 1; i < c.size; i++ {
			l += float64(c.count) * math.Log(float64(i)-alpha)
		}
	}
	return l
}

// pitmanGrid maximizes pitmanLogLik by brute force: α on a grid of step
// 0.01, θ by golden-section search on log(θ+α) for each.
func pitmanGrid(h []classFreq, n, u int) (theta, alpha, best float64) {
	best = math.Inf(-1)
	g := (math.Sqrt(5) - 1) / 2
	for a := 0.0; a < 0.999; a += 0.01 {
		f := func(ls float64) float64 { return pitmanLogLik(h, n, u, math.Exp(ls)-a, a) }
		lo, hi := math.Log(1e-6), math.Log(1e7)
		x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
		f1, f2 := f(x1), f(x2)
		for hi-lo > 1e-8 {
			if f1 < f2 {
				lo, x1, f1 = x1, x2, f2
				x2 = lo + g*(hi-lo)
				f2 = f(x2)
			} else {
				hi, x2, f2 = x2, x1, f1
				x1 = hi - g*(hi-lo)
				f1 = f(x1)
			}
		}
		if f1 > best {
			best, theta, alpha = f1, math.Exp(x1)-a, a
		}
	}
	return theta, alpha, best
}

func randomHistogram(r *rand.Rand, classes int, tail float64) (h []classFreq, n, u int) {
	counts := map[int]int{}
	for range classes {
		s := int(math.Floor(math.Pow(1-r.Float64(), -1/tail)))
		counts[min(s, 100)]++
	}
	for s := 1; s <= 100; s++ {
		if c := counts[s]; c > 0 {
			h = append(h, classFreq{s, c})
			n += s * c
			u += c
		}
	}
	return h, n, u
}

func TestPitmanFitMaximizesLikelihood(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	cases := [][]classFreq{
		{{1, 3}, {2, 1}, {3, 1}},
		{{1, 40}, {2, 12}, {3, 5}, {7, 2}, {20, 1}},
		{{1, 1}, {5, 10}},        // α at the boundary 0 (Ewens)
		{{1, 90}, {2, 1}},        // nearly all unique
		{{1, 200}, {30, 3}},      // few large classes
		{{1, 5}, {2, 5}, {3, 5}}, // flat
	}
	for range 4 {
		h, _, _ := randomHistogram(r, 30+r.IntN(100), 0.5+2*r.Float64())
		cases = append(cases, h)
	}
	for _, h := range cases {
		n, u := 0, 0
		for _, c := range h {
			n += c.size * c.count
			u += c.count
		}
		s, alpha, ok := pitmanFit(h, n, u)
		if !ok {
			t.Errorf("%v: no fit", h)
			continue
		}
		theta := s - alpha
		got := pitmanLogLik(h, n, u, theta, alpha)
		gt, ga, best := pitmanGrid(h, n, u)
		// The fit is at least as likely as the best grid point, and near it.
		if got < best-1e-7 {
			t.Errorf("%v: fit θ=%g α=%g has log-likelihood %.10g, grid θ=%g α=%g has %.10g", h, theta, alpha, got, gt, ga, best)
		}
		if math.Abs(alpha-ga) > 0.015 || !closeTo(theta, gt, 0.1) {
			t.Errorf("%v: fit θ=%g α=%g, grid θ=%g α=%g", h, theta, alpha, gt, ga)
		}
		// The score equations hold, as plain sums, where α is inside.
		var dt, da float64
		for i := 1; i < u; i++ {
			dt += 1 / (theta + float64(i)*alpha)
			da += float64(i) / (theta + float64(i)*alpha)
		}
		var rt float64
		for i := 1; i < n; i++ {
			rt += 1 / (theta + float64(i))
		}
		var ra float64
		for _, c := range h {
			for i := 1; i < c.size; i++ {
				ra += float64(c.count) / (float64(i) - alpha)
			}
		}
		if !closeTo(dt, rt, 1e-9) {
			t.Errorf("%v: ∂θ: %.15g ≠ %.15g", h, dt, rt)
		}
		if alpha > 0 && !closeTo(da, ra, 1e-7) {
			t.Errorf("%v: ∂α: %.15g ≠ %.15g", h, da, ra)
		}
		if alpha == 0 && da > ra {
			t.Errorf("%v: α = 0 but the likelihood rises with α (%g > %g)", h, da, ra)
		}
	}
}

func TestPitmanNoFit(t *testing.T) {
	for _, h := range [][]classFreq{
		{{1, 10}}, // all unique: the likelihood rises forever
		{{1, 1}},
		{{5, 1}}, // one class
	} {
		n, u := 0, 0
		for _, c := range h {
			n += c.size * c.count
			u += c.count
		}
		if _, _, ok := pitmanFit(h, n, u); ok {
			t.Errorf("%v: fit, want none", h)
		}
	}
}

func TestPitmanSingletons(t *testing.T) {
	// The product of the chances that each later element avoids the
	// first one's class, times N.
	for _, p := range []struct{ theta, alpha, N float64 }{
		{5, 0.5, 10}, {100, 0.3, 5000}, {0.5, 0.9, 20000}, {-0.2, 0.4, 300}, {1e4, 0, 1e5},
	} {
		prod := p.N
		for i := 0.0; i <= p.N-2; i++ {
			prod *= (p.theta + p.alpha + i) / (p.theta + 1 + i)
		}
		if got := pitmanSingletons(p.theta+p.alpha, p.alpha, p.N); !closeTo(got, prod, 1e-9) {
			t.Errorf("%+v: %.15g, product %.15g", p, got, prod)
		}
	}
	// Ewens (α = 0): Nθ/(θ+N−1), at a population size where the product
	// above would take long.
	if got, want := pitmanSingletons(300, 0, 3e8), 3e8*300/(300+3e8-1); !closeTo(got, want, 1e-10) {
		t.Errorf("Ewens: %.15g, want %.15g", got, want)
	}
	// Monte Carlo: the Chinese restaurant process draws partitions from
	// Pitman's law; their mean number of singletons.
	r := rand.New(rand.NewPCG(5, 6))
	const theta, alpha, N, runs = 3.0, 0.6, 200, 4000
	sum, sum2 := 0.0, 0.0
	for range runs {
		sizes := chineseRestaurant(r, N, theta, alpha)
		s := 0.0
		for _, x := range sizes {
			if x == 1 {
				s++
			}
		}
		sum += s
		sum2 += s * s
	}
	mean := sum / runs
	se := math.Sqrt((sum2/runs - mean*mean) / runs)
	if want := pitmanSingletons(theta+alpha, alpha, N); math.Abs(mean-want) > 4*se {
		t.Errorf("Monte Carlo mean %g ± %g singletons, formula %g", mean, se, want)
	}
}

// chineseRestaurant draws the class sizes of a partition of N elements
// from the Pitman–Yor process: element i opens a class with probability
// (θ + αK)/(θ + i), or joins class j with probability (n_j − α)/(θ + i).
// A class is picked in proportion to n_j − α by picking a random earlier
// element's class (in proportion to n_j) and keeping it with probability
// (n_j − α)/n_j.
func chineseRestaurant(r *rand.Rand, N int, theta, alpha float64) []int {
	var sizes []int
	of := make([]int32, 0, N)
	for i := range N {
		k := float64(len(sizes))
		if i == 0 || r.Float64()*(theta+float64(i)) < theta+alpha*k {
			of = append(of, int32(len(sizes)))
			sizes = append(sizes, 1)
			continue
		}
		for {
			c := of[r.IntN(i)]
			if r.Float64()*float64(sizes[c]) < float64(sizes[c])-alpha {
				sizes[c]++
				of = append(of, c)
				break
			}
		}
	}
	return sizes
}

// TestPitmanOnPitmanPopulations draws populations from Pitman's own law
// (the Chinese restaurant process, θ from 10 to 2,000 log-uniform, α from
// 0 to 0.9), samples each person with a fraction from 1% to 50% into 1,000
// to 4,000 people, and compares Pitman's estimate of the share of sample
// uniques that are population uniques with the count. Over 2,825 draws
// the error was unbiased (median 0.000) within [−0.16, +0.17], 5% and 95%
// quantiles ±0.05: what is left is the sampling noise of fitting two
// parameters to a sample. The property allows ±0.25. Below θ = 10 with α
// above 0.7 the population's number of uniques is itself far from its
// expectation (a few early classes take most people, and the count of
// singletons divided by N^α does not settle), which the estimate, an
// expectation, cannot follow: errors there reached +0.31.
func TestPitmanOnPitmanPopulations(t *testing.T) {
	p := prop.ForAll(func(seed uint64) (bool, error) {
		r := rand.New(rand.NewPCG(seed, 3))
		pi := math.Exp(math.Log(0.01) + r.Float64()*(math.Log(0.5)-math.Log(0.01)))
		N := int(float64(1000+r.IntN(3000)) / pi)
		theta := 10 * math.Exp(r.Float64()*math.Log(200))
		alpha := 0.9 * r.Float64()
		hist := map[int]int{}
		tau := 0
		for _, F := range chineseRestaurant(r, N, theta, alpha) {
			f := 0
			for range F {
				if r.Float64() < pi {
					f++
				}
			}
			if f > 0 {
				hist[f]++
			}
			if F == 1 && f == 1 {
				tau++
			}
		}
		u, err := EstimateUniqueness(hist, PopulationSize(N))
		if err != nil {
			return false, err
		}
		if u.SampleUniques < 50 {
			return true, nil // too few for the truth to be measured
		}
		f1 := float64(u.SampleUniques)
		if e := u.Pitman.InRelease/f1 - float64(tau)/f1; !u.Pitman.Valid || math.Abs(e) > 0.25 {
			t.Logf("θ=%g α=%g π=%g N=%d: Pitman %+v, truth %d of %d sample uniques", theta, alpha, u.Fraction, N, u.Pitman, tau, u.SampleUniques)
			return false, nil
		}
		return true, nil
	}, gen.UInt64())
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 40
	props := gopter.NewProperties(params)
	props.Property("Pitman's estimate is near the truth on Pitman populations", p)
	props.TestingRun(t)
}

func TestZayatzIsTheHypergeometricRule(t *testing.T) {
	// Exact hypergeometric probabilities C(j,1)C(N−j,n−1)/C(N,n) in
	// rational arithmetic.
	binom := func(a, b int) *big.Int { return new(big.Int).Binomial(int64(a), int64(b)) }
	for _, c := range []struct {
		h    []classFreq
		N    int
		frac float64
	}{
		{[]classFreq{{1, 10}, {2, 5}, {3, 2}, {9, 1}}, 400, 0},
		{[]classFreq{{1, 1}, {2, 1}}, 7, 0},
		{[]classFreq{{1, 30}, {4, 10}, {40, 2}}, 2000, 0},
		{[]classFreq{{1, 30}, {4, 10}, {40, 2}}, 151, 0}, // classes too large to leave one
	} {
		n, u := 0, 0
		for _, x := range c.h {
			n += x.size * x.count
			u += x.count
		}
		num, den := new(big.Rat), new(big.Rat)
		all := binom(c.N, n)
		for _, x := range c.h {
			p := new(big.Rat).SetFrac(new(big.Int).Mul(binom(x.size, 1), binom(c.N-x.size, n-1)), all)
			w := new(big.Rat).Mul(p, big.NewRat(int64(x.count), int64(u)))
			den.Add(den, w)
			if x.size == 1 {
				num.Set(w)
			}
		}
		cond, _ := new(big.Rat).Quo(num, den).Float64()
		want := float64(c.h[0].count) * cond * float64(c.N) / float64(n)
		if got := zayatzUniques(c.h, n, u, float64(c.N)); !closeTo(got, want, 1e-12) {
			t.Errorf("%v, N=%d: %.15g, want %.15g", c.h, c.N, got, want)
		}
	}
}

// snbLaw returns P(f=1) and P(f=2) under the SNB model by summing over the
// population class size F = 1 + X: P(X=x) = Γ(x+α)/(Γ(α)x!)·β^α(1−β)^x and
// P(f=k | F) = C(F,k)π^k(1−π)^(F−k).
func snbLaw(alpha, beta, pi float64) (p1, p2 float64) {
	for x := 0; x < 1_000_000; x++ {
		fx := float64(x)
		lg1, _ := math.Lgamma(fx + alpha)
		lg2, _ := math.Lgamma(alpha)
		lg3, _ := math.Lgamma(fx + 1)
		px := math.Exp(lg1 - lg2 - lg3 + alpha*math.Log(beta) + fx*math.Log1p(-beta))
		F := fx + 1
		t1 := px * F * pi * math.Pow(1-pi, F-1)
		t2 := px * F * (F - 1) / 2 * pi * pi * math.Pow(1-pi, F-2)
		p1 += t1
		p2 += t2
		if x > 100 && t1 < p1*1e-18 && t2 < p2*1e-18 && fx > alpha*(1-beta)/beta {
			break
		}
	}
	return p1, p2
}

func TestSNBSolvesItsEquations(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	solved := 0
	for range 12 {
		h, n, u := randomHistogram(r, 500+r.IntN(3000), 1+2*r.Float64())
		pi := []float64{0.02, 0.1, 0.3, 0.6}[r.IntN(4)]
		N := float64(n) / pi
		f1, f2 := 0, 0
		for _, c := range h {
			switch c.size {
			case 1:
				f1 = c.count
			case 2:
				f2 = c.count
			}
		}
		alpha, beta, K, ok := snbFit(h, u, f1, pi, N)
		if !ok {
			continue
		}
		solved++
		p1, p2 := snbLaw(alpha, beta, pi)
		if !closeTo(K*p1, float64(f1), 1e-8) || !closeTo(K*p2, float64(f2), 1e-8) {
			t.Errorf("π=%g α=%g β=%g K=%g: K·P(f=1) = %g (f₁ = %d), K·P(f=2) = %g (f₂ = %d)", pi, alpha, beta, K, K*p1, f1, K*p2, f2)
		}
		if got, _ := snbUniques(h, u, f1, pi, N); !closeTo(got, K*math.Pow(beta, alpha), 1e-12) {
			t.Errorf("estimate %g, K·β^α = %g", got, K*math.Pow(beta, alpha))
		}
	}
	if solved < 8 {
		t.Errorf("the SNB equations were solved for %d histograms of 12", solved)
	}
}

func TestShlosser(t *testing.T) {
	h := []classFreq{{1, 50}, {2, 20}, {3, 7}, {10, 2}}
	u, f1, q := 79, 50, 0.2
	var a1, a2, a3, a4 float64
	for _, c := range h {
		i, s := float64(c.size), float64(c.count)
		a1 += i * q * q * math.Pow(1-q*q, i-1) * s
		a2 += math.Pow(1-q, i) * (math.Pow(1+q, i) - 1) * s
		a3 += math.Pow(1-q, i) * s
		a4 += i * q * math.Pow(1-q, i-1) * s
	}
	want := float64(u) + float64(f1)*a1/a2*(a3/a4)*(a3/a4)
	if got := shlosser(h, u, f1, q); !closeTo(got, want, 1e-12) {
		t.Errorf("shlosser = %.15g, want %.15g", got, want)
	}
}

// closeTo reports whether a and b agree to the relative tolerance tol.
func closeTo(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))
}

func TestDankarRule(t *testing.T) {
	est := func(m UniquenessModel, x float64, ok bool) Estimate {
		return Estimate{Model: m, Valid: ok, Uniques: x}
	}
	for _, c := range []struct {
		pi                  float64
		pitman, zayatz, snb Estimate
		want                UniquenessModel
	}{
		{0.05, est(Pitman, 10, true), est(Zayatz, 5, true), est(SNB, 1, true), Pitman},
		{0.1, est(Pitman, 10, true), est(Zayatz, 5, true), est(SNB, 1, true), Pitman},
		{0.05, est(Pitman, 0, false), est(Zayatz, 5, true), est(SNB, 1, true), Zayatz},
		{0.2, est(Pitman, 1, true), est(Zayatz, 5, true), est(SNB, 3, true), SNB},
		{0.2, est(Pitman, 1, true), est(Zayatz, 3, true), est(SNB, 5, true), Zayatz},
		{0.2, est(Pitman, 1, true), est(Zayatz, 5, true), est(SNB, 5, true), SNB},
		{0.2, est(Pitman, 1, true), est(Zayatz, 5, true), est(SNB, 0, false), Zayatz},
	} {
		u := Uniqueness{Pitman: c.pitman, Zayatz: c.zayatz, SNB: c.snb}
		if got := dankar(u, c.pi); got.Model != c.want {
			t.Errorf("π=%g %+v: chose %v, want %v", c.pi, u, got.Model, c.want)
		}
	}
}
