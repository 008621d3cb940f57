package kanon

import "math"

// The population-uniqueness models need sums such as Σ 1/(θ+i) over
// millions of terms, and ratios of gamma functions of large arguments.
// They are computed here as differences of the digamma and log-gamma
// functions, each written in a form that cancels no large terms, so that
// the result keeps its relative precision whatever the size of the
// arguments.

// psiCoef are the coefficients c_k of the asymptotic series
// ψ(x) ~ ln x − 1/(2x) − Σ c_k x^(−2k) (Bernoulli numbers B_2k / 2k).
var psiCoef = [...]float64{1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132}

// digammaDiff returns ψ(y+m) − ψ(y) = Σ_{i=0}^{m−1} 1/(y+i) for y > 0 and
// m ≥ 0. Few terms are summed directly; otherwise the asymptotic series
// of the two digammas is subtracted term by term (ln(z/y) as log1p), so
// the difference keeps full precision even when it is tiny next to
// ψ(y) itself.
func digammaDiff(y float64, m int) float64 {
	s := 0.0
	if m <= 16 {
		for i := range m {
			s += 1 / (y + float64(i))
		}
		return s
	}
	for y < 10 {
		s += 1 / y
		y++
		m--
	}
	z := y + float64(m)
	d := math.Log1p(float64(m)/y) + float64(m)/(2*y*z)
	iy2, iz2 := 1/(y*y), 1/(z*z)
	py, pz := iy2, iz2
	for _, c := range psiCoef {
		d += c * (py - pz)
		py *= iy2
		pz *= iz2
	}
	return s + d
}

// lgammaShift returns ln Γ(y+d) − ln Γ(y) for y > 0 and d ≥ 0. For large
// y it subtracts Stirling's series term by term, since the two
// log-gammas are then huge and nearly equal.
func lgammaShift(y, d float64) float64 {
	if y < 1000 {
		a, _ := math.Lgamma(y + d)
		b, _ := math.Lgamma(y)
		return a - b
	}
	z := y + d
	// ln Γ(x) ~ (x−½) ln x − x + ½ ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵).
	s := (y-0.5)*math.Log1p(d/y) + d*math.Log(z) - d
	s += (1/z - 1/y) / 12
	s -= (1/(z*z*z) - 1/(y*y*y)) / 360
	return s
}

// bisect finds a root of f between lo and hi, where f(lo) and f(hi) have
// opposite signs (f(lo) > 0 > f(hi) or the reverse), to the precision of
// float64. With geometric it halves the interval in ratio rather than in
// length, for positive bounds spanning orders of magnitude.
func bisect(f func(float64) float64, lo, hi float64, geometric bool) float64 {
	flo := f(lo)
	for range 2000 {
		m := (lo + hi) / 2
		if geometric {
			m = math.Sqrt(lo) * math.Sqrt(hi)
		}
		if m <= lo || m >= hi {
			break
		}
		fm := f(m)
		if fm == 0 {
			return m
		}
		if (fm > 0) == (flo > 0) {
			lo, flo = m, fm
		} else {
			hi = m
		}
	}
	return (lo + hi) / 2
}
