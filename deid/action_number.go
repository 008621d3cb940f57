package deid

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// round rounds a decimal to a number of decimals, half away from zero, on
// the decimal digits themselves: no binary floating point, so 2.675 rounds
// to 2.68 as written, not to 2.67 as its float64 would. The output always
// has exactly that many decimals. Coordinates rounded to 2 decimals keep a
// position to about a kilometre.
type round struct{ decimals int }

func (r round) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	point, ok := decimalSyntax(v)
	if !ok {
		return dst, ErrMalformedNumber
	}
	neg := v[0] == '-'
	start := 0
	if v[0] == '-' || v[0] == '+' {
		start = 1
	}
	intPart := v[start:point]
	var frac []byte
	if point < len(v) {
		frac = v[point+1:]
	}
	// digits: integer part, then exactly r.decimals fraction digits, in a
	// stack buffer; a longer value is out of range.
	var buf [64]byte
	n := copy(buf[:], intPart)
	if len(intPart)+r.decimals+1 > len(buf) {
		return dst, fmt.Errorf("%w: too many digits", ErrOutOfRange)
	}
	for k := 0; k < r.decimals; k++ {
		if k < len(frac) {
			buf[n] = frac[k]
		} else {
			buf[n] = '0'
		}
		n++
	}
	digitsBuf := buf[:n]
	if len(frac) > r.decimals && frac[r.decimals] >= '5' {
		// carry
		i := n - 1
		for ; i >= 0; i-- {
			if digitsBuf[i] == '9' {
				digitsBuf[i] = '0'
				continue
			}
			digitsBuf[i]++
			break
		}
		if i < 0 {
			copy(buf[1:n+1], buf[:n])
			buf[0] = '1'
			n++
			digitsBuf = buf[:n]
		}
	}
	ip := n - r.decimals // digits of the integer part
	// strip leading zeros of the integer part, keeping one
	lead := 0
	for lead < ip-1 && digitsBuf[lead] == '0' {
		lead++
	}
	allZero := true
	for _, c := range digitsBuf {
		if c != '0' {
			allZero = false
			break
		}
	}
	if neg && !allZero {
		dst = append(dst, '-')
	}
	dst = append(dst, digitsBuf[lead:ip]...)
	if r.decimals > 0 {
		dst = append(dst, '.')
		dst = append(dst, digitsBuf[ip:]...)
	}
	return dst, nil
}

// bucket replaces a number with the label of its interval: fixed-width
// intervals [origin + k*width, origin + (k+1)*width) labelled "[lo, hi)"
// with as many decimals as width and origin have, or explicit ranges with
// their own labels. A number outside every explicit range, or too large
// to bucket exactly, is an error, not a pass-through.
type bucket struct {
	width, origin float64
	decimals      int
	ranges        []Range
}

func newBucket(r *Rule) *bucket {
	return &bucket{width: r.Width, origin: r.Origin, decimals: max(decimalsOf(r.Width), decimalsOf(r.Origin)), ranges: r.Ranges}
}

// decimalsOf returns the number of decimals of x's shortest decimal form.
func decimalsOf(x float64) int {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// maxBucketed bounds the numbers fixed-width buckets take: beyond, float64
// no longer tells neighbouring bounds apart at the decimals of a label.
const maxBucketed = 1e15

func (b *bucket) apply(dst, v []byte, _ *applyCtx) ([]byte, error) {
	f, err := parseNumber(v)
	if err != nil {
		return dst, err
	}
	if b.width > 0 {
		if math.Abs(f) > maxBucketed {
			return dst, fmt.Errorf("%w: too large to bucket", ErrOutOfRange)
		}
		k := math.Floor((f - b.origin) / b.width)
		lo := b.origin + k*b.width
		dst = append(dst, '[')
		dst = strconv.AppendFloat(dst, lo, 'f', b.decimals, 64)
		dst = append(dst, ", "...)
		dst = strconv.AppendFloat(dst, lo+b.width, 'f', b.decimals, 64)
		return append(dst, ')'), nil
	}
	for _, rg := range b.ranges {
		if (rg.Min == nil || f >= *rg.Min) && (rg.Max == nil || f < *rg.Max) {
			return append(dst, rg.Label...), nil
		}
	}
	return dst, fmt.Errorf("%w: in no bucket", ErrOutOfRange)
}
