package kanon_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// numberSpelling writes a random number as a person or a program might:
// magnitudes from 1e-6 to 1e12, 0 to 9 decimals, negative values, "-0",
// and now and then superfluous zeros ("007", "1.50").
func numberSpelling(rng *rand.Rand, mags []int) string {
	if rng.IntN(25) == 0 {
		return []string{"-0", "0", "0.0", "-0.000"}[rng.IntN(4)]
	}
	decimals := rng.IntN(10)
	mag := mags[rng.IntN(len(mags))] // the value is below 10^mag
	var b strings.Builder
	if rng.IntN(3) == 0 {
		b.WriteByte('-')
	}
	intDigits := max(mag, 0)
	if intDigits == 0 {
		b.WriteByte('0')
	} else {
		if rng.IntN(10) == 0 {
			b.WriteString("00")
		}
		b.WriteByte(byte('1' + rng.IntN(9)))
		for range intDigits - 1 {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
	}
	if mag < 0 {
		decimals = max(decimals, -mag+1)
	}
	if decimals > 0 {
		b.WriteByte('.')
		for i := range decimals {
			if mag < 0 && i < -mag {
				b.WriteByte('0')
				continue
			}
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		if rng.IntN(5) == 0 {
			b.WriteString("00")
		}
	}
	return b.String()
}

// numericTable draws a table of three numeric quasi-identifiers without
// hierarchies and one with a hierarchy of decimal interval widths; each
// column draws from a few magnitudes so that values both crowd and spread.
func numericTable(n int, seed uint64) (*kanon.Table, error) {
	rng := rand.New(rand.NewPCG(seed, 17))
	w := []float64{0.001, 0.002, 0.005, 0.25, 1.5, 10}[rng.IntN(6)]
	h, err := kanon.Intervals(w, 3*w, 6*w)
	if err != nil {
		return nil, err
	}
	schema := kanon.Schema{QuasiIdentifiers: []kanon.Attribute{
		{Name: "a", Type: kanon.Numeric}, {Name: "b", Type: kanon.Numeric},
		{Name: "c"}, {Name: "d", Type: kanon.Numeric, Hierarchy: h},
	}}
	cols := make([][]string, len(schema.QuasiIdentifiers))
	for q := range cols {
		m := rng.IntN(19) - 6
		mags := []int{m, min(m+1+rng.IntN(3), 12)}
		if q == 3 {
			mags = []int{rng.IntN(3), rng.IntN(3)}
		}
		for range 2 + rng.IntN(12) {
			cols[q] = append(cols[q], numberSpelling(rng, mags))
		}
	}
	rows := make([][]string, n)
	for r := range rows {
		for q := range cols {
			rows[r] = append(rows[r], cols[q][rng.IntN(len(cols[q]))])
		}
	}
	return kanon.NewTable(schema, rows)
}

// exactNumber parses a number in decimal notation with math/big,
// independently of package kanon.
func exactNumber(s string) (*big.Rat, error) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || strings.ContainsAny(s, "xXpP_/ ") {
		return nil, fmt.Errorf("%q is not a decimal number", s)
	}
	return r, nil
}

// oneSpelling checks that a bound printed by the library is the one
// spelling of its number: no sign on zero or positive numbers, no leading
// or trailing zeros, no exponent for magnitudes from 1e-6 to 1e12.
func oneSpelling(s string, r *big.Rat) error {
	want := r.FloatString(40)
	want = strings.TrimRight(want, "0")
	want = strings.TrimSuffix(want, ".")
	if want == "-0" || want == "" {
		want = "0"
	}
	if s != want {
		return fmt.Errorf("bound %q is spelled %q", want, s)
	}
	return nil
}

// coversValue checks that a released label is truthful for an original
// numeric value: the value itself (as a number), "*", or an interval
// "[lo, hi)" or "[lo, hi]" that holds it, with bounds in their one
// spelling.
func coversValue(label, value string) error {
	x, err := exactNumber(value)
	if err != nil {
		return err
	}
	if label == "*" {
		return nil
	}
	if !strings.HasPrefix(label, "[") {
		y, err := exactNumber(label)
		if err != nil {
			return err
		}
		if x.Cmp(y) != 0 {
			return fmt.Errorf("%q released as %q", value, label)
		}
		return nil
	}
	closed := strings.HasSuffix(label, "]")
	if !closed && !strings.HasSuffix(label, ")") {
		return fmt.Errorf("label %q is not an interval", label)
	}
	a, b, ok := strings.Cut(label[1:len(label)-1], ", ")
	if !ok {
		return fmt.Errorf("label %q is not an interval", label)
	}
	lo, err := exactNumber(a)
	if err != nil {
		return err
	}
	hi, err := exactNumber(b)
	if err != nil {
		return err
	}
	if err := errors.Join(oneSpelling(a, lo), oneSpelling(b, hi)); err != nil {
		return fmt.Errorf("label %q: %w", label, err)
	}
	if lo.Cmp(x) > 0 || hi.Cmp(x) < 0 || (!closed && hi.Cmp(x) == 0) || lo.Cmp(hi) >= 0 {
		return fmt.Errorf("%q released as %q", value, label)
	}
	return nil
}

// TestNumericLabelsAreTruthful releases random numeric columns with every
// algorithm and checks every released label, and every label of every
// hierarchy level, against the original value with an independent
// parser.
func TestNumericLabelsAreTruthful(t *testing.T) {
	algs := []struct {
		name string
		run  func(context.Context, *kanon.Table, kanon.Config) (*kanon.Result, error)
		cfg  kanon.Config
	}{
		{"Mondrian", kanon.Mondrian, kanon.Config{}},
		{"relaxed Mondrian", kanon.Mondrian, kanon.Config{Relaxed: true}},
		{"Optimal", kanon.Optimal, kanon.Config{}},
		{"Optimal with 10% suppression", kanon.Optimal, kanon.Config{Suppression: 0.1}},
	}
	p := prop.ForAll(func(n int, seed uint64, k int) (bool, error) {
		tab, err := numericTable(n, seed)
		if err != nil {
			return false, err
		}
		for row := range tab.Len() {
			for q := range tab.QuasiIdentifiers() {
				for level := range tab.Levels(q) + 1 {
					if err := coversValue(tab.Generalize(row, q, level), tab.Value(row, q)); err != nil {
						return false, fmt.Errorf("level %d: %w", level, err)
					}
				}
			}
		}
		for _, alg := range algs {
			cfg := alg.cfg
			cfg.Models = []kanon.Model{kanon.KAnonymity(min(k, n))}
			res, err := alg.run(context.Background(), tab, cfg)
			if err != nil {
				return false, fmt.Errorf("%s: %w", alg.name, err)
			}
			for row, vals := range res.Rows() {
				for q, v := range vals {
					if err := coversValue(v, tab.Value(row, q)); err != nil {
						return false, fmt.Errorf("%s: %w", alg.name, err)
					}
				}
			}
		}
		return true, nil
	}, gen.IntRange(1, 150), gen.UInt64(), gen.IntRange(1, 12))
	props := gopter.NewProperties(kanontest.Parameters(150))
	props.Property("every released label covers its value", p)
	props.TestingRun(t)
}
