package kanon

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// truthJudge decides for Verify whether a released value is true of an
// original one, from the definitions of the hierarchies and the text of
// the released value alone, never from the labels the algorithms
// computed. It remembers its verdicts per quasi-identifier, since a
// release repeats the same pairs of values.
type truthJudge struct {
	t       *Table
	verdict []map[[2]string]bool // per quasi-identifier: (value, released) -> true
	numbers map[string]*big.Rat  // parsed numbers; nil for text that is not one
}

func newTruthJudge(t *Table) *truthJudge {
	j := &truthJudge{t: t, verdict: make([]map[[2]string]bool, len(t.qi)), numbers: map[string]*big.Rat{}}
	for q := range j.verdict {
		j.verdict[q] = map[[2]string]bool{}
	}
	return j
}

// number parses s with exactNumber, once.
func (j *truthJudge) number(s string) (*big.Rat, bool) {
	x, seen := j.numbers[s]
	if !seen {
		x, _ = exactNumber(s)
		j.numbers[s] = x
	}
	return x, x != nil
}

// holds reports whether released is true of value, the original value of
// quasi-identifier q.
func (j *truthJudge) holds(q int, value, released string) bool {
	if released == value || released == "*" {
		return true
	}
	key := [2]string{value, released}
	v, ok := j.verdict[q][key]
	if !ok {
		v = j.judge(q, value, released)
		j.verdict[q][key] = v
	}
	return v
}

func (j *truthJudge) judge(q int, value, released string) bool {
	c := &j.t.qi[q]
	h := c.hier
	if c.dom.numeric || (h != nil && h.kind == "intervals") {
		if x, ok := j.number(value); ok {
			if y, ok := j.number(released); ok && c.dom.numeric && x.Cmp(y) == 0 {
				return true // the same number, spelled otherwise
			}
			if j.intervalHolds(released, x) {
				return true
			}
		}
	}
	if h == nil {
		return false
	}
	switch h.kind {
	case "explicit":
		return slices.Contains(h.rows[value].labels, released)
	case "masking":
		return masks(value, released)
	case "dates":
		return datePart(h.layout, value, released)
	}
	return false
}

// exactNumber parses a finite decimal number ("-1.50", ".5", "2e-3")
// exactly. Exponents beyond ±100,000 are refused, so that a forged value
// cannot make a huge number.
func exactNumber(s string) (*big.Rat, bool) {
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	mant = strings.TrimPrefix(strings.TrimPrefix(mant, "-"), "+")
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart+frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return nil, false
	}
	if hasExp {
		e := strings.TrimPrefix(strings.TrimPrefix(exp, "-"), "+")
		if e == "" || len(e) > 6 || !allDigits(e) {
			return nil, false
		}
		if n, _ := strconv.Atoi(e); n > 100_000 {
			return nil, false
		}
	}
	return new(big.Rat).SetString(s)
}

func allDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// intervalHolds reports whether label is a range "[lo, hi]" or an
// interval "[lo, hi)" of finite decimal bounds, not reversed, that holds
// x.
func (j *truthJudge) intervalHolds(label string, x *big.Rat) bool {
	if len(label) < 2 || label[0] != '[' {
		return false
	}
	closing := label[len(label)-1]
	if closing != ']' && closing != ')' {
		return false
	}
	a, b, ok := strings.Cut(label[1:len(label)-1], ", ")
	if !ok {
		return false
	}
	lo, ok1 := j.number(a)
	hi, ok2 := j.number(b)
	if !ok1 || !ok2 || lo.Cmp(x) > 0 {
		return false
	}
	if closing == ']' {
		return x.Cmp(hi) <= 0
	}
	return x.Cmp(hi) < 0
}

// masks reports whether label is value with one or more of its last
// characters replaced by '*', one '*' for each.
func masks(value, label string) bool {
	if utf8.RuneCountInString(label) != utf8.RuneCountInString(value) {
		return false
	}
	prefix := strings.TrimRight(label, "*")
	return prefix != label && strings.HasPrefix(value, prefix)
}

// datePart reports whether label is the month ("2006-01"), the year or
// the decade ("2000s") of value, a date in layout.
func datePart(layout, value, label string) bool {
	d, err := time.Parse(layout, value)
	if err != nil {
		return false
	}
	y := d.Year()
	decade := y - ((y%10)+10)%10
	return label == d.Format("2006-01") || label == strconv.Itoa(y) || label == strconv.Itoa(decade)+"s"
}
