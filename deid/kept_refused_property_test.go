package deid

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// For random records with identifiers planted in random kept fields (an
// e-mail address, a telephone number, an SSN, a URL, or the record's own
// dropped last name), the default output never holds a planted value,
// whatever the format and the number of workers; with a quarantine, the
// records holding one are quarantined and the others written.
func TestKeptIdentifierNeverWrittenProperty(t *testing.T) {
	kept := []string{"device_model", "steps", "heart_rate", "sleep_quality", "reading"}
	harmless := []string{"Pixel 7", "blue", "ok", "12.5", "73", "fine", "Galaxy S23", "", "Model Q"}
	surnames := []string{"Vantablack", "Quistorff", "Okonkwo", "Abernathy", "Szymanski", "Halvorsen"}
	plant := func(r *rand.Rand, last string) string {
		switch r.IntN(5) {
		case 0:
			return fmt.Sprintf("%s.%d@example.org", strings.ToLower(surnames[r.IntN(len(surnames))]), r.IntN(1000))
		case 1:
			return fmt.Sprintf("call +1 415-555-%04d", 1000+r.IntN(9000))
		case 2:
			return fmt.Sprintf("%03d-%02d-%04d", 100+r.IntN(500), 10+r.IntN(90), 1000+r.IntN(9000))
		case 3:
			return fmt.Sprintf("see https://example.org/u/%d", r.IntN(100000))
		}
		return last // the record's own, which a dropped field holds
	}
	props := properties()
	props.Property("no planted identifier is written", prop.ForAll(func(seed uint64, n int, ndjson bool, workers int, quarantine bool) string {
		r := rand.New(rand.NewPCG(seed, 9))
		fields := append([]string{"user_id", "last_name"}, kept...)
		p := &Policy{Default: Keep, Fields: []Rule{{Field: "user_id", Action: Drop}, {Field: "last_name", Action: Drop}}}
		var in bytes.Buffer
		if !ndjson {
			in.WriteString(strings.Join(fields, ",") + "\n")
		}
		var planted []string
		bad := 0
		for i := range n {
			row := []string{fmt.Sprintf("u-%d", i), surnames[r.IntN(len(surnames))]}
			hit := false
			for range kept {
				v := harmless[r.IntN(len(harmless))]
				if r.IntN(8) == 0 {
					v = plant(r, row[1])
					planted, hit = append(planted, v), true
				}
				row = append(row, v)
			}
			if hit {
				bad++
			}
			appendKeptRecord(&in, fields, row, ndjson)
		}
		out, rep, err := runPlanted(p, in.Bytes(), Options{Workers: workers, ChunkSize: 64 + r.IntN(512)}, ndjson, quarantine)
		for _, v := range planted {
			if bytes.Contains(out.Bytes(), []byte(v)) {
				return fmt.Sprintf("planted %q written", v)
			}
		}
		return checkPlantedRun(rep, err, n, bad, quarantine)
	},
		gen.UInt64(), gen.IntRange(1, 60), gen.Bool(), gen.IntRange(1, 3), gen.Bool(),
	))
	props.TestingRun(t)
}
