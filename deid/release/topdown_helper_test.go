package release

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/deidkit/deidkit/kanon"
)

// TopDown with a helper judging half of a large class's candidate splits
// makes the release it makes alone: the same splits, classes, withheld
// atoms and order, the order of every class included.
func TestTopDownHelperChangesNothing(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var doms []*domain
	var remap [][]int32
	for _, width := range []int{3, 4, 2} {
		h, err := kanon.Masking(width)
		if err != nil {
			t.Fatal(err)
		}
		var values []string
		for v := range 300 {
			values = append(values, fmt.Sprintf("%0*d", width, v*7%(pow10(width))))
		}
		d, codeOf, err := newDomain(values, h)
		if err != nil {
			t.Fatal(err)
		}
		doms, remap = append(doms, d), append(remap, codeOf)
	}
	for _, tc := range []struct{ atoms, k int }{{3 * helpedAtoms, 5}, {helpedAtoms + 100, 10}, {helpedAtoms / 2, 5}} {
		a := &atoms{d: len(doms), people: tc.atoms / 2}
		for i := range tc.atoms {
			for q := range doms {
				// Skewed: some values common, most rare.
				v := r.IntN(1 + r.IntN(300))
				a.codes = append(a.codes, remap[q][v])
			}
			a.person = append(a.person, int32(i/2))
			a.rows = append(a.rows, int32(1+r.IntN(3)))
		}
		budget := int64(tc.atoms / 50)
		alone := newTopDown(doms, a, tc.k, 0, budget)
		helped := newTopDown(doms, a, tc.k, 0, budget).withHelper()
		for _, td := range []*topDown{alone, helped} {
			if err := td.run(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if len(alone.classes) < 10 {
			t.Fatalf("%d atoms: %d classes, too few to tell", tc.atoms, len(alone.classes))
		}
		if !reflect.DeepEqual(alone.order, helped.order) || !reflect.DeepEqual(alone.classes, helped.classes) ||
			!reflect.DeepEqual(alone.nodes, helped.nodes) || !reflect.DeepEqual(alone.held, helped.held) || alone.budget != helped.budget {
			t.Fatalf("%d atoms, k=%d: helped: %d classes, %d withheld; alone: %d classes, %d withheld",
				tc.atoms, tc.k, len(helped.classes), len(helped.held), len(alone.classes), len(alone.held))
		}
	}
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}
