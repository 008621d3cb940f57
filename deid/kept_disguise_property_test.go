package deid

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/disguise"
	"github.com/deidkit/deidkit/internal/idnorm"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// For random records whose kept fields hold identifiers rewritten with
// random Unicode disguises (disguise.Of: fullwidth forms, combined
// accents, invisible and bidirectional controls, look-alike separators,
// digits of other scripts) — an e-mail address, a telephone number, an
// SSN, or the record's own surname or e-mail address, which dropped
// fields hold, themselves disguised at times — the default output never
// holds the identifier, spelled either way or anything that reads as it;
// with a quarantine, exactly the records holding one are quarantined.
func TestKeptDisguisedIdentifierNeverWrittenProperty(t *testing.T) {
	kept := []string{"device_model", "reading", "sleep_quality"}
	harmless := []string{"Pixel 7", "ok", "12.5", "caf\u00e9", "\uff11\uff12 steps", "Gr\u00fc\u00dfe\u2014gut", "\u4f53\u91cd", "Model Q"}
	surnames := []string{"Vantablack", "Quistorff", "M\u00fcller", "\u00d6berg", "Garc\u00eda", "Okonkwo"}
	props := properties()
	props.Property("no disguised identifier is written", prop.ForAll(func(seed uint64, n int, ndjson bool, quarantine bool) string {
		r := rand.New(rand.NewPCG(seed, 11))
		fields := append([]string{"user_id", "surname", "email"}, kept...)
		p := &Policy{Default: Keep, Fields: []Rule{{Field: "user_id", Action: Drop}, {Field: "surname", Action: Drop}, {Field: "email", Action: Drop}}}
		var in bytes.Buffer
		if !ndjson {
			in.WriteString(strings.Join(fields, ",") + "\n")
		}
		var planted [][2]string // the identifier, and its disguise
		bad := 0
		for i := range n {
			last := surnames[r.IntN(len(surnames))]
			email := fmt.Sprintf("%s.%d@example.org", strings.ToLower(last), r.IntN(100))
			row := []string{fmt.Sprintf("u-%d", i), last, email}
			if r.IntN(4) == 0 {
				row[1] = disguise.Of(r, last) // the dropped side disguised
			}
			hit := false
			for range kept {
				v := harmless[r.IntN(len(harmless))]
				if r.IntN(6) == 0 {
					var id string
					switch r.IntN(5) {
					case 0:
						id = fmt.Sprintf("zq%d@example.org", r.IntN(1000))
					case 1:
						id = fmt.Sprintf("415-555-%04d", 1000+r.IntN(9000))
					case 2:
						id = fmt.Sprintf("%03d-%02d-%04d", 100+r.IntN(500), 10+r.IntN(90), 1000+r.IntN(9000))
					case 3:
						id = email
					default:
						id = last
					}
					v = disguise.Of(r, id)
					planted, hit = append(planted, [2]string{id, v}), true
					v = "by " + v + " ok"
				}
				row = append(row, v)
			}
			if hit {
				bad++
			}
			appendKeptRecord(&in, fields, row, ndjson)
		}
		out, rep, err := runPlanted(p, in.Bytes(), Options{}, ndjson, quarantine)
		read := idnorm.AppendRead(nil, out.Bytes())
		for _, v := range planted {
			if bytes.Contains(out.Bytes(), []byte(v[1])) || bytes.Contains(read, idnorm.AppendRead(nil, []byte(v[0]))) {
				return fmt.Sprintf("%q (%q) written", v[1], v[0])
			}
		}
		return checkPlantedRun(rep, err, n, bad, quarantine)
	},
		gen.UInt64(), gen.IntRange(1, 40), gen.Bool(), gen.Bool(),
	))
	props.TestingRun(t)
}

// appendKeptRecord appends row, the values of fields, to in: a CSV line
// with every value quoted, or an NDJSON object. The records of the
// properties of kept values are written so.
func appendKeptRecord(in *bytes.Buffer, fields, row []string, ndjson bool) {
	if ndjson {
		m := map[string]string{}
		for j, f := range fields {
			m[f] = row[j]
		}
		line, _ := json.Marshal(m)
		in.Write(append(line, '\n'))
		return
	}
	for j, v := range row {
		if j > 0 {
			in.WriteByte(',')
		}
		in.WriteString(`"` + v + `"`)
	}
	in.WriteByte('\n')
}

// runPlanted runs p with opts over in, CSV or NDJSON, with a quarantine
// if asked, and returns the output, the report and the error of the run.
func runPlanted(p *Policy, in []byte, opts Options, ndjson, quarantine bool) (*bytes.Buffer, *Report, error) {
	opts.Input = CSV
	if ndjson {
		opts.Input = NDJSON
	}
	if quarantine {
		opts.Quarantine = new(bytes.Buffer)
	}
	var out bytes.Buffer
	tr, err := NewTransformer(p, Keys{}, opts)
	if err != nil {
		panic(err) // the properties' policies are valid
	}
	rep, err := tr.Run(context.Background(), bytes.NewReader(in), &out)
	return &out, rep, err
}

// checkPlantedRun returns what is wrong with the report and error of a
// run over n records, bad of which hold a planted identifier, or "":
// with a quarantine, exactly those are quarantined and the others
// written; without, the run fails if and only if there is one.
func checkPlantedRun(rep *Report, err error, n, bad int, quarantine bool) string {
	switch {
	case quarantine && err != nil:
		return fmt.Sprintf("with a quarantine: %v", err)
	case quarantine && (rep.Quarantined != int64(bad) || rep.Written != int64(n-bad) || !rep.Reconciles()):
		return fmt.Sprintf("%d planted records; report read %d written %d quarantined %d: %v", bad, rep.Read, rep.Written, rep.Quarantined, rep.QuarantineReasons)
	case !quarantine && (bad > 0) != (err != nil):
		return fmt.Sprintf("%d planted records; err %v", bad, err)
	}
	return ""
}
