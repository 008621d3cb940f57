package deid

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/deidkit/deidkit/internal/fieldname"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// The transformer's warnings about the values of kept fields are exactly
// those the detectors give when run on every kept value of the written
// output, read back as a consumer reads it (CSV decoded, JSON strings
// unescaped), on generated records that mix clean values (device names,
// numbers, timestamps, values met before) with identifiers of every kind
// the detectors know, in many forms: with text around them, quoted, with
// escaped quotes and line breaks, upper case, fullwidth, longer than a chunk, after white
// space, written with \u escapes in JSON, as JSON numbers; inputs with LF
// or CRLF line ends, cut into chunks of random sizes, through the direct
// CSV path and the other.
func TestWarningsEqualDetectorsOnWrittenValues(t *testing.T) {
	ids := []string{
		"zelda.quixote@example.com", "+1 415 555 0143", "(415) 555-0143", "203.0.113.41", "2001:db8::8a2e:370:7334",
		"0a:1b:2c:3d:4e:51", "https://example.org/p/42", "123-45-6789", "4111 1111 1111 1111", "March 3, 1961",
		"1961-03-03", "1600 Pennsylvania Avenue NW", "www.example.com",
	}
	clean := []string{"Scale-X2", "BPM Core", "Body Cardio BC-2", "ScanWatch 2", "CA", "F", "ok", "", "46.4", "-3", "120", "2025-03-01T00:00:03Z"}
	forms := []func(string, *rand.Rand) string{
		func(v string, _ *rand.Rand) string { return v },
		func(v string, _ *rand.Rand) string { return " " + v },
		func(v string, _ *rand.Rand) string { return "x, " + v },
		func(v string, _ *rand.Rand) string { return `say "` + v + `"` },
		func(v string, _ *rand.Rand) string { return "line\n" + v },
		func(v string, _ *rand.Rand) string { return strings.ToUpper(v) },
		func(v string, _ *rand.Rand) string { return v + "\u00a0é" },
		func(v string, r *rand.Rand) string { return strings.Repeat("lorem ", r.IntN(800)) + v }, // longer than a chunk
		func(v string, r *rand.Rand) string { // some ASCII turned fullwidth
			var b strings.Builder
			for _, c := range v {
				if c > ' ' && c < 0x7f && r.IntN(3) == 0 {
					c += 0xfee0
				}
				b.WriteRune(c)
			}
			return b.String()
		},
	}
	fields := []string{"model", "measured_at", "weight", "label"}
	p := &Policy{Default: Drop, Fields: []Rule{
		{Field: "model", Action: Keep}, {Field: "measured_at", Action: Keep}, {Field: "weight", Action: Keep}, {Field: "label", Action: Keep},
	}}
	sc := fieldname.NewValueScrubber()
	// want returns the warnings the detectors give for the kept values.
	want := func(recs [][]string) []warnKey {
		var ks []warnKey
		for _, rec := range recs {
			for i, v := range rec {
				for m := range sc.Matches([]byte(v)) {
					if m.Kind.String() == "date" && fields[i] == "measured_at" {
						continue
					}
					if k := (warnKey{fields[i], WarnIdentifierValues, valueCategory(m.Kind)}); !slices.Contains(ks, k) {
						ks = append(ks, k)
					}
				}
			}
		}
		return ks
	}
	valueWarnings := func(ws []Warning) []warnKey {
		var ks []warnKey
		for _, k := range warnKeys(ws) {
			if k.kind == WarnIdentifierValues {
				ks = append(ks, k)
			}
		}
		return ks
	}
	props := testenv.Properties(testenv.ForRace(150))
	props.Property("warnings = detectors on the written kept values", prop.ForAll(
		func(seed uint64) bool {
			r := rand.New(rand.NewPCG(seed, 99))
			n := 1 + r.IntN(60)
			recs := make([][]string, n)
			for i := range recs {
				recs[i] = make([]string, len(fields))
				for j := range fields {
					v := clean[r.IntN(len(clean))]
					switch {
					case j == 1 && r.IntN(4) > 0:
						v = fmt.Sprintf("2025-06-01T07:%02d:%02d.%dZ", r.IntN(60), r.IntN(60), r.IntN(1000))
					case r.IntN(10) == 0:
						v = forms[r.IntN(len(forms))](ids[r.IntN(len(ids))], r)
					}
					recs[i][j] = v
				}
			}
			ok := true
			// CSV in, CSV out: LF or CRLF, the direct path or not.
			var b strings.Builder
			w := csv.NewWriter(&b)
			w.UseCRLF = r.IntN(2) == 0
			w.Write(fields)
			w.WriteAll(recs)
			for _, opts := range []Options{
				{Input: CSV, Workers: 2, ChunkSize: 128 + r.IntN(1024)},
				{Input: CSV, Workers: 1, ChunkSize: 128 + r.IntN(1024), OutputComma: ';'},
			} {
				opts.AllowKeptIdentifiers = true
				out, rep, err := run(t, p, Keys{}, opts, b.String())
				if err != nil {
					t.Fatal(err)
				}
				rd := csv.NewReader(strings.NewReader(out))
				rd.Comma = rune(opts.OutputComma)
				if rd.Comma == 0 {
					rd.Comma = ','
				}
				written, err := rd.ReadAll()
				if err != nil {
					t.Fatalf("output: %v", err)
				}
				if got, want := valueWarnings(rep.Warnings), want(written[1:]); !sameKeys(got, want) {
					t.Logf("seed %d, CSV %+v: warnings %v, detectors on the output %v", seed, opts, got, want)
					ok = false
				}
			}
			// NDJSON in and out: strings with some runes \u-escaped,
			// numbers as numbers.
			var in bytes.Buffer
			for _, rec := range recs {
				in.WriteByte('{')
				for j, v := range rec {
					if j > 0 {
						in.WriteByte(',')
					}
					fmt.Fprintf(&in, "%q:", fields[j])
					if j == 2 && v != "" && plainNumber([]byte(v)) && !strings.HasSuffix(v, ".") && !strings.HasPrefix(v, "-0") && v != "-3" {
						in.WriteString(v)
						continue
					}
					in.WriteByte('"')
					for _, c := range v {
						switch {
						case c == '"' || c == '\\' || c < ' ' || r.IntN(4) == 0:
							if c > 0xffff {
								in.WriteRune(c)
								continue
							}
							fmt.Fprintf(&in, `\u%04x`, c)
						default:
							in.WriteRune(c)
						}
					}
					in.WriteByte('"')
				}
				in.WriteString("}\n")
			}
			out, rep, err := run(t, p, Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON, Workers: 2, ChunkSize: 128 + r.IntN(1024)}, in.String())
			if err != nil {
				t.Fatal(err)
			}
			var written [][]string
			dec := json.NewDecoder(strings.NewReader(out))
			dec.UseNumber()
			for dec.More() {
				var m map[string]any
				if err := dec.Decode(&m); err != nil {
					t.Fatalf("output: %v", err)
				}
				rec := make([]string, len(fields))
				for j, f := range fields {
					if v, ok := m[f]; ok && v != nil {
						rec[j] = fmt.Sprint(v)
					}
				}
				written = append(written, rec)
			}
			if len(written) != n {
				t.Fatalf("%d records written of %d", len(written), n)
			}
			if got, want := valueWarnings(rep.Warnings), want(written); !sameKeys(got, want) {
				t.Logf("seed %d, NDJSON: warnings %v, detectors on the output %v", seed, got, want)
				ok = false
			}
			return ok && utf8.ValidString(out)
		},
		gen.UInt64(),
	))
	props.TestingRun(t, gopter.ConsoleReporter(false))
}
