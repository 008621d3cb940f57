package kanon

import (
	"math/big"
	"strconv"
	"strings"
)

// A decimal is a number as written in decimal notation, kept exactly:
// ±0.d₁d₂…dₙ × 10^exp. Numeric quasi-identifiers are ordered, and their
// ranges and intervals computed and printed, on these digits rather than
// on float64 values, so that a released bound is the number a reader
// parses back and always covers the value it stands for: 1000000.070 lies
// in [1000000.07, 1000000.075), not in [1.0000000700000001e+06, …).
type decimal struct {
	neg    bool
	digits string // significant digits without leading or trailing zeros; "" for zero
	exp    int    // the value is 0.digits × 10^exp
}

// maxExponent bounds the exponent written in a number: beyond it a value
// is not taken for a number (its float64 would be 0 or infinite anyway).
const maxExponent = 100_000

// parseDecimal parses a decimal number: an optional sign, digits with an
// optional fraction, and an optional exponent ("-12", "0.50", ".5", "1e-6").
// Hexadecimal, infinities, NaN, underscores and spaces are not numbers.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		d.neg = s[i] == '-'
		i++
	}
	var mant []byte
	point, sawDigit, sawPoint := 0, false, false
scan:
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			sawDigit = true
			if c == '0' && len(mant) == 0 {
				if sawPoint {
					point-- // a leading zero after the point
				}
				continue
			}
			mant = append(mant, c)
			if !sawPoint {
				point++
			}
		case c == '.' && !sawPoint:
			sawPoint = true
		default:
			break scan
		}
	}
	if !sawDigit {
		return decimal{}, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		start, e := i, 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if e = e*10 + int(s[i]-'0'); e > maxExponent {
				return decimal{}, false
			}
		}
		if i == start {
			return decimal{}, false
		}
		if eneg {
			e = -e
		}
		point += e
	}
	if i != len(s) {
		return decimal{}, false
	}
	d.digits = strings.TrimRight(string(mant), "0")
	d.exp = point
	if d.digits == "" {
		return decimal{}, true // -0 is 0
	}
	return d, true
}

// isZero reports whether d is 0.
func (d decimal) isZero() bool { return d.digits == "" }

// cmpDecimal compares a and b exactly: -1, 0 or +1.
func cmpDecimal(a, b decimal) int {
	switch {
	case a.isZero() && b.isZero():
		return 0
	case a.isZero():
		return b.sign() * -1
	case b.isZero():
		return a.sign()
	case a.neg != b.neg:
		return a.sign()
	}
	r := cmpMagnitude(a, b)
	if a.neg {
		return -r
	}
	return r
}

func (d decimal) sign() int {
	switch {
	case d.isZero():
		return 0
	case d.neg:
		return -1
	}
	return 1
}

// cmpMagnitude compares |a| and |b|, both non-zero.
func cmpMagnitude(a, b decimal) int {
	if a.exp != b.exp {
		if a.exp < b.exp {
			return -1
		}
		return 1
	}
	// Without trailing zeros, the digit strings compare as the fractions.
	return strings.Compare(a.digits, b.digits)
}

// String spells d one way: plain notation without superfluous zeros for
// magnitudes from 1e-20 to below 1e21 ("1000000.07", "-0.5", "0.00005",
// "0"), and otherwise one digit before the point and an exponent
// ("1.5e+21", "2e-21").
func (d decimal) String() string {
	if d.isZero() {
		return "0"
	}
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	n := len(d.digits)
	switch {
	case d.exp > 21 || d.exp < -19:
		b.WriteByte(d.digits[0])
		if n > 1 {
			b.WriteByte('.')
			b.WriteString(d.digits[1:])
		}
		b.WriteByte('e')
		if d.exp-1 >= 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(d.exp - 1))
	case d.exp <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -d.exp))
		b.WriteString(d.digits)
	case d.exp >= n:
		b.WriteString(d.digits)
		b.WriteString(strings.Repeat("0", d.exp-n))
	default:
		b.WriteString(d.digits[:d.exp])
		b.WriteByte('.')
		b.WriteString(d.digits[d.exp:])
	}
	return b.String()
}

// float returns the float64 nearest to d.
func (d decimal) float() float64 { return float(d.String()) }

// float returns the float64 nearest to s, a number parseDecimal accepts
// (its syntax is a part of strconv.ParseFloat's), ±Inf beyond the range
// of float64.
func float(s string) float64 {
	x, _ := strconv.ParseFloat(s, 64)
	return x
}

// decimalOfFloat is the decimal of the shortest spelling of x that reads
// back as x: the number a caller means by a float64 literal such as 0.1.
func decimalOfFloat(x float64) decimal {
	d, _ := parseDecimal(strconv.FormatFloat(x, 'e', -1, 64))
	return d
}

// unit is the exponent of d's last digit: d = coefficient × 10^unit.
func (d decimal) unit() int { return d.exp - len(d.digits) }

// scaled returns d × 10^-e as an integer, for e ≤ d.unit().
func (d decimal) scaled(e int) *big.Int {
	if d.isZero() {
		return new(big.Int)
	}
	x, _ := new(big.Int).SetString(d.digits+strings.Repeat("0", d.unit()-e), 10)
	if d.neg {
		x.Neg(x)
	}
	return x
}

// decimalOf is x × 10^e.
func decimalOf(x *big.Int, e int) decimal { return decimalOfDigits(x.String(), e) }

// decimalOfDigits is the integer written s (an optional '-' and digits)
// times 10^e.
func decimalOfDigits(s string, e int) decimal {
	if strings.TrimLeft(s, "-0") == "" {
		return decimal{}
	}
	d := decimal{}
	if s[0] == '-' {
		d.neg, s = true, s[1:]
	}
	d.exp = e + len(s)
	d.digits = strings.TrimRight(s, "0")
	return d
}

// smallInt is the largest coefficient the fast paths below compute with
// in int64 without overflow.
const smallInt = 1e17

// floorStep returns the multiple of w at or below x and the next one:
// the interval [lo, hi) of width w > 0 that holds x.
func floorStep(x, w decimal) (lo, hi decimal) {
	if x.isZero() || cmpMagnitude(x, w) < 0 {
		// |x| < w: the interval is [0, w) or [-w, 0).
		if x.neg {
			return decimal{neg: true, digits: w.digits, exp: w.exp}, decimal{}
		}
		return decimal{}, w
	}
	e := min(x.unit(), w.unit())
	if xs, ws, ok := smallScaled(x, w, e); ok {
		q := xs / ws
		if xs%ws != 0 && xs < 0 {
			q--
		}
		return decimalOfDigits(strconv.FormatInt(q*ws, 10), e), decimalOfDigits(strconv.FormatInt((q+1)*ws, 10), e)
	}
	xs, ws := x.scaled(e), w.scaled(e)
	q := new(big.Int)
	m := new(big.Int)
	q.DivMod(xs, ws, m) // Euclidean: m ≥ 0, so q is the floor for ws > 0
	l := new(big.Int).Mul(q, ws)
	return decimalOf(l, e), decimalOf(new(big.Int).Add(l, ws), e)
}

// smallScaled returns x and w times 10^-e as int64 when both stay below
// smallInt.
func smallScaled(x, w decimal, e int) (xs, ws int64, ok bool) {
	xs, ok1 := smallCoefficient(x, e)
	ws, ok2 := smallCoefficient(w, e)
	return xs, ws, ok1 && ok2
}

func smallCoefficient(d decimal, e int) (int64, bool) {
	zeros := d.unit() - e
	if len(d.digits)+zeros > 17 {
		return 0, false
	}
	v, err := strconv.ParseInt(d.digits, 10, 64)
	if err != nil {
		return 0, false
	}
	for range zeros {
		v *= 10
	}
	if v >= smallInt {
		return 0, false
	}
	if d.neg {
		v = -v
	}
	return v, true
}

// isMultiple reports whether a is a whole multiple of b > 0.
func isMultiple(a, b decimal) bool {
	e := min(a.unit(), b.unit())
	m := new(big.Int)
	new(big.Int).DivMod(a.scaled(e), b.scaled(e), m)
	return m.Sign() == 0
}

// twice is 2d.
func (d decimal) twice() decimal {
	if d.isZero() {
		return d
	}
	x := d.scaled(d.unit())
	return decimalOf(x.Lsh(x, 1), d.unit())
}
