package deid

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid/internal/csvrec"
	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// The direct CSV path (runs of kept fields copied from the input) writes
// exactly what Apply and the CSV encoder write, for fields with leading
// white space, bare carriage returns, `\.`, non-ASCII starts and empty
// values.
func TestDirectCSVMatchesApply(t *testing.T) {
	p := &Policy{Default: Keep, Fields: []Rule{
		{Field: "c1", Action: Drop},
		{Field: "c3", Action: Redact, Token: "a,b"}, // an output that needs quotes
		{Field: "c5", Action: Mask, KeepFirst: 1},
	}}
	fields := []string{"c0", "c1", "c2", "c3", "c4", "c5", "c6"}
	pl, err := Compile(p, fields, Keys{})
	if err != nil {
		t.Fatal(err)
	}
	value := testenv.OneOf(gen.AlphaString(), gen.NumString(),
		gen.OneConstOf("", " lead", "\tx", `\.`, "a\rb", "\u00a0nbsp", "é", "x y", "\v", "last\r"))
	props := properties()
	props.Property("direct path equals Apply + encoder", prop.ForAll(func(recs [][]string) string {
		all := append([][]string{fields}, recs...)
		// Fields are written unquoted whenever CSV allows it, leading white
		// space and bare carriage returns included, as other writers do.
		var in bytes.Buffer
		for _, r := range all {
			for i, f := range r {
				if i > 0 {
					in.WriteByte(',')
				}
				if strings.ContainsAny(f, ",\"\n") || strings.HasSuffix(f, "\r") {
					in.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
				} else {
					in.WriteString(f)
				}
			}
			in.WriteByte('\n')
		}
		// What the generic path writes for the records as encoding/csv
		// reads them back.
		back, err := csv.NewReader(bytes.NewReader(in.Bytes())).ReadAll()
		if err != nil {
			return err.Error()
		}
		a := pl.NewApplier(AllowKeptIdentifiers())
		want := []byte(strings.Join(pl.OutputFields(), ",") + "\n")
		var row Row
		for _, r := range back[1:] {
			row.Reset()
			if _, err := a.Apply(&row, bytesOf(r)); err != nil {
				return err.Error()
			}
			want = csvEncoder{comma: ','}.appendRow(want, &row)
		}
		out, _, err := run(t, p, Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, ChunkSize: 64}, in.String())
		if err != nil {
			return err.Error()
		}
		if out != string(want) {
			return fmt.Sprintf("direct %q\ngeneric %q", trunc(out), trunc(string(want)))
		}
		return ""
	}, gen.SliceOf(gen.SliceOfN(7, value))))
	props.TestingRun(t)
}

// The direct path equals Apply + encoder also for plans that read other
// fields (a suppress rule, a date shift by person), for other delimiters,
// and in the per-field counts of the report.
func TestDirectCSVMatchesApplyReads(t *testing.T) {
	below := 3.0
	p := &Policy{Default: Keep, ReferenceDate: "2026-01-01", Fields: []Rule{
		{Field: "c1", Action: Drop},
		{Field: "c2", Action: DateShift, Person: "c0", Domain: "shift", MaxDays: 30},
		{Field: "c0", Action: Pseudonymize, Domain: "ids"},
		{Field: "c6", Action: Drop},
	}, Suppress: []Condition{{Field: "c4", Below: &below}, {Field: "c5", In: []string{"x y"}}}}
	keys := testKeys(t)
	fields := []string{"c0", "c1", "c2", "c3", "c4", "c5", "c6"}
	pl, err := Compile(p, fields, keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.reads) != 3 {
		t.Fatalf("reads = %v, want c0, c4, c5", pl.reads)
	}
	text := testenv.OneOf(gen.AlphaString(), gen.OneConstOf("", " lead", "x y", "é", `\.`))
	// Columns c0, c2 and c4 take values the rules read: their random
	// text picks one.
	ids := []string{"u1", "u2", "u3"} // an empty person with a date is a record error
	dates := []string{"2020-01-31", "1999-12-31T08:00:00Z", ""}
	nums := []string{"1", "2.5", "7", "10"} // an empty number is a record error
	shape := func(r []string) []string {
		out := append([]string(nil), r...)
		out[0], out[2], out[4] = ids[len(r[0])%len(ids)], dates[len(r[2])%len(dates)], nums[len(r[4])%len(nums)]
		return out
	}
	props := properties()
	props.Property("direct path equals Apply + encoder", prop.ForAll(func(recs [][]string, semi bool) string {
		comma := byte(',')
		if semi {
			comma = ';'
		}
		for i := range recs {
			recs[i] = shape(recs[i])
		}
		var in bytes.Buffer
		for _, r := range append([][]string{fields}, recs...) {
			for i, f := range r {
				if i > 0 {
					in.WriteByte(comma)
				}
				in.WriteString(f)
			}
			in.WriteByte('\n')
		}
		a := pl.NewApplier()
		want := []byte(strings.Join(pl.OutputFields(), string(comma)) + "\n")
		var row Row
		written := 0
		for _, r := range recs {
			row.Reset()
			o, err := a.Apply(&row, bytesOf(r))
			if err != nil {
				return err.Error()
			}
			if !o.Suppressed {
				want = csvEncoder{comma: comma}.appendRow(want, &row)
				written++
			}
		}
		out, rep, err := run(t, p, keys, Options{Input: CSV, Comma: comma, OutputComma: comma, ChunkSize: 64}, in.String())
		if err != nil {
			return err.Error()
		}
		if out != string(want) {
			return fmt.Sprintf("direct %q\ngeneric %q", trunc(out), trunc(string(want)))
		}
		if rep.Written != int64(written) {
			return fmt.Sprintf("written %d, want %d", rep.Written, written)
		}
		for i, f := range rep.Fields {
			if f.Values != a.Count(i) {
				return fmt.Sprintf("field %s: %d values, Apply counted %d", f.Field, f.Values, a.Count(i))
			}
		}
		return ""
	}, gen.SliceOf(gen.SliceOfN(7, text)), gen.Bool()))
	props.TestingRun(t)
}

// A transform that claims CSV-plain output never writes a value CSV would
// quote: the direct path trusts the claim.
func TestPlainOutputClaims(t *testing.T) {
	keys := testKeys(t)
	rules := []Rule{
		{Field: "f", Action: Pseudonymize, Domain: "d"},
		{Field: "f", Action: Pseudonymize, Domain: "d", Encoding: "base64url", KeyVersion: true},
		{Field: "f", Action: Pseudonymize, Domain: "d", Encoding: "base32", Bits: 64},
		{Field: "f", Action: Year},
		{Field: "f", Action: Month, Label: "ninety or more"},
		{Field: "f", Action: ZIP3},
	}
	inputs := map[Action][]string{
		Pseudonymize: {"a", "u-1", " x", "é,\"", "\r\n"},
		Year:         {"1920-01-01", "2000-02-29", "1999-12-31T23:59:59Z"},
		Month:        {"1920-01-01", "2000-02-29"},
		ZIP3:         {"03601", "94110-1234"},
	}
	for _, r := range rules {
		b, err := bind(&Policy{ReferenceDate: "2026-01-01", Fields: []Rule{r}}, keys)
		if err != nil {
			t.Fatal(err)
		}
		tr := b.ts[0]
		p, ok := tr.(plainer)
		if !ok || !p.plainOutput(',') {
			t.Fatalf("%+v: no plain claim", r)
		}
		pl, _ := b.plan([]string{"f"}, true)
		a := pl.NewApplier()
		for _, in := range inputs[r.Action] {
			out, err := tr.apply(nil, []byte(in), &a.s.Get().ctx)
			if err != nil {
				t.Fatal(err)
			}
			if csvrec.NeedsQuotes(out, ',') {
				t.Fatalf("%+v on %q wrote %q, which needs quotes", r, in, out)
			}
		}
	}
	comma, _ := bind(&Policy{ReferenceDate: "2026-01-01", Fields: []Rule{{Field: "f", Action: Year, Label: "90, or more"}}}, keys)
	if comma.ts[0].(plainer).plainOutput(',') {
		t.Fatal("a label with the delimiter claimed plain")
	}
	if (pseudonymize{}).plainOutput('-') || (zip3{}).plainOutput('0') {
		t.Fatal("a delimiter inside the output alphabet claimed plain")
	}
}
