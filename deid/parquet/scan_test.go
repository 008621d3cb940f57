package parquet

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// recordEnds returns the offsets where encoding/csv ends the records of
// text, blank lines aside.
func recordEnds(t *testing.T, text string) []int {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	var ends []int
	for {
		if _, err := r.Read(); err == io.EOF {
			return ends
		} else if err != nil {
			t.Fatalf("reference reader: %v", err)
		}
		ends = append(ends, int(r.InputOffset()))
	}
}

// TestPropertyBoundaries: on well-formed CSV, for every prefix and every
// quote state carried from a cut, lastBoundary finds the end of the last
// record that the prefix holds whole, and firstBoundary the end of the
// first record.
func TestPropertyBoundaries(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 300
	params.MaxSize = 20 // every prefix is scanned: keep the texts short
	props := gopter.NewProperties(params)
	props.Property("boundaries", prop.ForAll(func(recs [][]string, cut int) bool {
		var b strings.Builder
		w := csv.NewWriter(&b)
		_ = w.WriteAll(recs)
		text := b.String()
		ends := recordEnds(t, text)
		if len(ends) > 0 && firstBoundary([]byte(text)) != ends[0] {
			return false
		}
		want, next := -1, 0
		for k := 0; k <= len(text); k++ {
			for next < len(ends) && ends[next] <= k {
				want = ends[next]
				next++
			}
			// Scan the prefix in two pieces, carrying the quote state.
			c := min(cut, k)
			end1, q := lastBoundary([]byte(text[:c]), false)
			end2, _ := lastBoundary([]byte(text[c:k]), q)
			got := end1
			if end2 >= 0 {
				got = c + end2
			}
			if got != want {
				t.Logf("prefix %q: got %d, want %d", text[:k], got, want)
				return false
			}
		}
		return true
	}, gen.SliceOf(gen.SliceOfN(3, fieldGen())), gen.IntRange(0, 200)))
	props.TestingRun(t)
}
