package kanon_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/deidkit/deidkit/kanon"
	"github.com/deidkit/deidkit/kanon/kanontest"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
)

// TestRelaxedRefinesStrict checks what relaxed Mondrian promises: it
// makes the strict splits and, where no strict cut is allowed, relaxed
// ones, so every relaxed class lies inside a strict class and the
// release loses no more than the strict one.
func TestRelaxedRefinesStrict(t *testing.T) {
	shape := kanontest.DefaultShape()
	shape.QuasiIdentifiers = append(shape.QuasiIdentifiers, kanontest.Column{Name: "weight", Numeric: true, Values: 6})
	for _, m := range []kanontest.Models{{}, {Extra: []kanon.Model{kanon.DistinctLDiversity(2)}}} {
		p := prop.ForAll(func(c kanontest.Case) (bool, error) {
			strict, err := kanon.Mondrian(context.Background(), c.Table, c.Config)
			if errors.Is(err, kanon.ErrUnsatisfiable) {
				return true, nil
			}
			if err != nil {
				return false, err
			}
			cfg := c.Config
			cfg.Relaxed = true
			relaxed, err := kanon.Mondrian(context.Background(), c.Table, cfg)
			if err != nil {
				return false, err
			}
			inside := map[int]int{} // relaxed class -> strict class
			for row := range c.Table.Len() {
				r, s := relaxed.Class(row), strict.Class(row)
				if prev, ok := inside[r]; ok && prev != s {
					return false, fmt.Errorf("relaxed class %d holds rows of strict classes %d and %d", r, prev, s)
				}
				inside[r] = s
			}
			if r, s := relaxed.Metrics().NCP, strict.Metrics().NCP; r > s+1e-9 {
				return false, fmt.Errorf("relaxed NCP %g%% above strict %g%%", r, s)
			}
			return true, nil
		}, kanontest.Cases(shape, m))
		props := gopter.NewProperties(kanontest.Parameters(100))
		props.Property("relaxed Mondrian refines strict Mondrian", p)
		props.TestingRun(t)
	}
}
