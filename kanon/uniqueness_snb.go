package kanon

import "math"

// snbUniques is the slide negative binomial model's estimate of the number
// of population uniques for the class size histogram h of a sample (u
// classes, f1 of them unique) drawn with fraction pi from a population of
// N, with 0 < pi < 1. ok is false when the model's equations have no
// solution, as without sample pairs.
//
// Population class sizes are F = 1 + X with X negative binomial,
// P(X=x) = Γ(x+α)/(Γ(α)x!)·β^α(1−β)^x, over K populated classes; the sample
// keeps each person with probability π. With q = 1−β and d = (1−π)q, the
// probability generating function of F thinned by π gives
//
//	P(f=1) = π·(β/(1−d))^α·(1 + αd/(1−d))
//	P(f=2) = (π²/2)·α·β^α·q·(1−d)^(−α−2)·(2 − (1−α)d)
//
// and α, β solve K·P(f=1) = f₁, K·P(f=2) = f₂. Their ratio,
// P(f=2)/P(f=1) = (π/2)·α·q·(2−(1−α)d) / ((1−d)(1−d+αd)), does not depend
// on K and falls from its value at β = 0 to 0 at β = 1: for each α above
// the one where that value is f₂/f₁, one β(α) matches the ratio, found by
// bisection. Along β(α), K·P(f=1) rises from 0: the α where it reaches f₁
// is found by bisection too, and the estimate is K·P(F=1) = K·β^α.
func snbUniques(h []classFreq, u, f1 int, pi, N float64) (float64, bool) {
	alpha, beta, K, ok := snbFit(h, u, f1, pi, N)
	if !ok {
		return 0, false
	}
	uniques := math.Exp(math.Log(K) + alpha*math.Log(beta))
	if math.IsNaN(uniques) || math.IsInf(uniques, 0) {
		return 0, false
	}
	return uniques, true
}

// snbFit solves the SNB model's equations for α and β, with K estimated.
func snbFit(h []classFreq, u, f1 int, pi, N float64) (alpha, b, K float64, ok bool) {
	f2 := 0
	for _, c := range h {
		if c.size == 2 {
			f2 = c.count
		}
	}
	if f2 == 0 {
		return 0, 0, 0, false
	}
	K = shlosser(h, u, f1, pi)
	rho := float64(f2) / float64(f1)
	ratio := func(alpha, beta float64) float64 {
		q := 1 - beta
		d := (1 - pi) * q
		return pi / 2 * alpha * q * (2 - (1-alpha)*d) / ((1 - d) * (1 - d + alpha*d))
	}
	// β(α), or 0 below the smallest α that has one.
	beta := func(alpha float64) float64 {
		if ratio(alpha, 0) <= rho {
			return 0
		}
		return bisect(func(b float64) float64 { return ratio(alpha, b) - rho }, 0, 1, false)
	}
	// log(K·P(f=1)) − log f₁ along β(α).
	fit := func(alpha float64) float64 {
		b := beta(alpha)
		d := (1 - pi) * (1 - b)
		return math.Log(K*pi) + alpha*(math.Log(b)-math.Log1p(-d)) + math.Log1p(alpha*d/(1-d)) - math.Log(float64(f1))
	}
	const lowest, highest = 1e-12, 1e12
	// The smallest α with a β(α): the ratio at β = 0 rises with α.
	r0 := func(alpha float64) float64 { return ratio(alpha, 0) - rho }
	if r0(highest) <= 0 {
		return 0, 0, 0, false
	}
	a0 := lowest
	if r0(a0) < 0 {
		a0 = bisect(r0, lowest, highest, true)
	}
	// Step up from a0, where the fit is −∞, until K·P(f=1) exceeds f₁.
	lo, hi := a0, a0
	for {
		hi *= 2
		if hi > highest {
			return 0, 0, 0, false
		}
		if fit(hi) > 0 {
			break
		}
		lo = hi
	}
	alpha = bisect(fit, lo, hi, true)
	b = beta(alpha)
	// A root where β vanishes is a corner of the parameter space, not a
	// fit: there the model puts more people in the population, K·E[F] =
	// K·(1 + α(1−β)/β), than N by orders of magnitude. Such roots appear
	// when K·π exceeds f₁ all along β(α), and would report almost no
	// uniques. Roots whose implied population is within a factor of 100
	// of N are kept: on heavy-tailed class sizes, which the model fits
	// poorly, the implied population of good fits ranges from a tenth to
	// a few times N.
	if implied := K * (1 + alpha*(1-b)/b); !(implied <= 100*N && implied >= N/100) {
		return 0, 0, 0, false
	}
	return alpha, b, K, true
}

// shlosser estimates the number of populated classes K from the class size
// histogram of a sample of u classes, f1 of them unique, drawn with
// fraction pi < 1: Haas and Stokes' modified Shlosser estimator
//
//	K = u + f₁ · Σ i·π²(1−π²)^(i−1)s_i / Σ ((1−π²)^i − (1−π)^i)s_i · (Σ (1−π)^i s_i / Σ i·π(1−π)^(i−1)s_i)²
//
// (the second sum is Σ (1−π)^i((1+π)^i − 1)s_i, written without the large
// factor (1+π)^i).
func shlosser(h []classFreq, u, f1 int, pi float64) float64 {
	var a1, a2, a3, a4 float64
	p2 := pi * pi
	for _, c := range h {
		i, s := float64(c.size), float64(c.count)
		a1 += i * p2 * math.Pow(1-p2, i-1) * s
		a2 += (math.Pow(1-p2, i) - math.Pow(1-pi, i)) * s
		a3 += math.Pow(1-pi, i) * s
		a4 += i * pi * math.Pow(1-pi, i-1) * s
	}
	r := a3 / a4
	return float64(u) + float64(f1)*(a1/a2)*r*r
}
