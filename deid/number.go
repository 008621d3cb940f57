package deid

import (
	"math"
	"strconv"
)

// decimalSyntax checks v is a plain decimal: an optional sign, digits, and
// an optional fraction ("-122.4194", "72", ".5" is refused). It returns the
// position of the point (len(v) without one).
func decimalSyntax(v []byte) (point int, ok bool) {
	i := 0
	if len(v) > 0 && (v[0] == '-' || v[0] == '+') {
		i++
	}
	start := i
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	if i == start {
		return 0, false
	}
	point = i
	if i < len(v) && v[i] == '.' {
		i++
		fs := i
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		if i == fs {
			return 0, false
		}
	}
	return point, i == len(v)
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber reads a number. Plain decimals of up to 15 significant
// digits take an exact path without allocating (mantissa and power of ten
// are both exact float64s, so one division rounds correctly); anything else
// (exponents, long mantissas) goes through strconv.
func parseNumber(v []byte) (float64, error) {
	point, ok := decimalSyntax(v)
	if ok {
		var mant uint64
		nd, frac := 0, 0
		neg := v[0] == '-'
		for i, c := range v {
			if c < '0' || c > '9' {
				continue
			}
			if mant == 0 && c == '0' {
				if i > point {
					frac++
				}
				continue
			}
			mant = mant*10 + uint64(c-'0')
			nd++
			if i > point {
				frac++
			}
		}
		if nd <= 15 && frac < len(pow10) {
			f := float64(mant) / pow10[frac]
			if neg {
				f = -f
			}
			return f, nil
		}
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, ErrMalformedNumber
	}
	return f, nil
}
