package kanon

import "math"

// pitmanUniques is the Pitman model's estimate of the number of population
// uniques for the class size histogram h of a sample of n people in u
// classes, and a population of N. ok is false when the likelihood has no
// maximum with finite parameters.
//
// Pitman's sampling formula gives a partition of n into u classes, s_j of
// size j, the probability
//
//	Π_{i=1}^{u−1}(θ+iα) / Π_{i=1}^{n−1}(θ+i) · Π_j [Π_{i=1}^{j−1}(i−α)]^{s_j} · (combinatorial factor),
//
// for 0 ≤ α < 1 and θ > −α. The likelihood equations are
//
//	∂θ: Σ_{i=1}^{u−1} 1/(θ+iα) = Σ_{i=1}^{n−1} 1/(θ+i)
//	∂α: Σ_{i=1}^{u−1} i/(θ+iα) = Σ_j s_j Σ_{i=1}^{j−1} 1/(i−α)
//
// For a given α the first has a root θ(α), bracketed and bisected (the
// left side falls from +∞ at θ = −α, and is below the right side for
// large θ when u < n); the
// second, along θ(α), is the derivative of the profile likelihood in α,
// which goes to −∞ as α → 1 when a class has two people or more: its root
// is found by bisection, or α = 0 (Ewens' formula) when the derivative is
// already negative there.
func pitmanUniques(h []classFreq, n, u int, N float64) (float64, bool) {
	s, alpha, ok := pitmanFit(h, n, u)
	if !ok {
		return 0, false
	}
	return pitmanSingletons(s, alpha, N), true
}

// pitmanFit returns the maximum-likelihood parameters of Pitman's sampling
// formula as s = θ+α and α.
func pitmanFit(h []classFreq, n, u int) (s, alpha float64, ok bool) {
	if u < 2 || u >= n {
		return 0, 0, false
	}
	// theta returns θ(α) as s = θ+α > 0, bracketed on a geometric scale:
	// s keeps its relative precision when θ is close to −α.
	theta := func(alpha float64) (s float64, ok bool) {
		g := func(s float64) float64 {
			return recipSum(s, alpha, u-1) - recipSum(s+(1-alpha), 1, n-1)
		}
		lo := 1.0
		if g(lo) > 0 {
			for g(lo*16) > 0 {
				if lo *= 16; lo > 1e280 {
					return 0, false
				}
			}
		} else {
			for g(lo) <= 0 {
				if lo /= 16; lo < 1e-280 {
					return 0, false
				}
			}
		}
		return bisect(g, lo, lo*16, true), true
	}
	score := func(alpha float64) (float64, bool) {
		s, ok := theta(alpha)
		if !ok {
			return 0, false
		}
		right := 0.0
		for _, c := range h {
			if c.size > 1 {
				right += float64(c.count) * digammaDiff(1-alpha, c.size-1)
			}
		}
		return linSum(s-alpha, alpha, u-1) - right, true
	}
	s0, ok := score(0)
	if !ok {
		return 0, 0, false
	}
	if s0 > 0 {
		const top = 1 - 1e-12
		s1, ok := score(top)
		if !ok || s1 >= 0 {
			return 0, 0, false
		}
		failed := false
		alpha = bisect(func(a float64) float64 {
			s, ok := score(a)
			if !ok {
				failed = true
			}
			return s
		}, 0, top, false)
		if failed {
			return 0, 0, false
		}
	}
	s, ok = theta(alpha)
	return s, alpha, ok
}

// pitmanSingletons is the expected number of singletons of a partition of
// N under Pitman's formula with s = θ+α: N·Γ(θ+1)Γ(θ+α+N−1) /
// (Γ(θ+α)Γ(θ+N)), the chance that a given element is alone being
// Π_{i=0}^{N−2} (θ+α+i)/(θ+1+i).
func pitmanSingletons(s, alpha, N float64) float64 {
	return math.Exp(math.Log(N) + lgammaShift(s, 1-alpha) - lgammaShift(s+N-1, 1-alpha))
}

// recipSum returns Σ_{i=0}^{m−1} 1/(s+i·a) for a ≥ 0 and s > 0.
func recipSum(s, a float64, m int) float64 {
	if m == 0 {
		return 0
	}
	if a == 0 {
		return float64(m) / s
	}
	return digammaDiff(s/a, m) / a
}

// linSum returns Σ_{i=1}^{m} i/(θ+i·a) for a ≥ 0 and θ+a > 0. It equals
// (m − θ·Σ 1/(θ+i·a))/a, which cancels when a·m is small next to θ: there the
// sum is expanded in powers of a/θ instead, with the power sums S_p of the
// integers 1..m (the truncation error is below (a·m/θ)⁴ relative).
func linSum(theta, a float64, m int) float64 {
	if m == 0 {
		return 0
	}
	fm := float64(m)
	if r := a / theta; a == 0 || (theta > 0 && r*fm < 1e-3) {
		s1 := fm * (fm + 1) / 2
		s2 := s1 * (2*fm + 1) / 3
		s3 := s1 * s1
		s4 := s2 * (3*fm*fm + 3*fm - 1) / 5
		return (s1 - r*s2 + r*r*s3 - r*r*r*s4) / theta
	}
	return (fm - theta*recipSum(theta+a, a, m)) / a
}
