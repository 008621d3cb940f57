package release

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A release does not depend on the order of the input's records: the
// same records, shuffled, release the same records (in their new order),
// whatever the algorithm. The hierarchies built from the values, and the
// domains of the algorithms, order values by themselves, not by where
// they first appear.
func TestReleaseIgnoresRecordOrder(t *testing.T) {
	lines, err := csv.NewReader(bytes.NewReader(sample(t, 3000, 0))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, lines := lines[0], lines[1:]
	keys := testKeys(t)
	for _, a := range []Algorithm{TopDown, Mondrian, MondrianRelaxed} {
		var want []string
		for seed := range uint64(3) {
			shuffled := slices.Clone(lines)
			if seed > 0 {
				rand.New(rand.NewPCG(seed, 0)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			}
			cfg := Config{Profile: research, Keys: keys, Privacy: &Privacy{QuasiIdentifiers: sampleQIs, K: 5, Person: "user_id", Algorithm: a}}
			var in bytes.Buffer
			w := csv.NewWriter(&in)
			w.Write(header)
			w.WriteAll(shuffled)
			recs, _ := runCSV(t, in.Bytes(), cfg)
			got := make([]string, 0, len(recs))
			for _, r := range recs {
				got = append(got, strings.Join(r, "\x00"))
			}
			slices.Sort(got)
			if seed == 0 {
				want = got
			} else if !slices.Equal(got, want) {
				t.Errorf("%v: the records shuffled (seed %d) release other records", a, seed)
			}
		}
	}
}
