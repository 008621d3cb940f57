package deid

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

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
	value := gen.OneGenOf(gen.AlphaString(), gen.NumString(),
		gen.OneConstOf("", " lead", "\tx", `\.`, "a\rb", "\u00a0nbsp", "é", "x y", "\v", "last\r"))
	props := properties()
	props.Property("direct path equals Apply + encoder", prop.ForAll(func(recs [][]string) string {
		all := [][]string{fields}
		for _, r := range recs {
			all = append(all, r)
		}
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
		a := pl.NewApplier()
		want := []byte(strings.Join(pl.OutputFields(), ",") + "\n")
		var row Row
		for _, r := range back[1:] {
			row.Reset()
			if _, err := a.Apply(&row, bytesOf(r)); err != nil {
				return err.Error()
			}
			want = csvEncoder{comma: ','}.appendRow(want, &row)
		}
		out, _, err := run(t, p, Keys{}, Options{Input: CSV, ChunkSize: 64}, in.String())
		if err != nil {
			return err.Error()
		}
		if out != string(want) {
			return fmt.Sprintf("direct %q\ngeneric %q", trunc(out), trunc(string(want)))
		}
		return ""
	}, gen.SliceOf(gen.SliceOfN(7, value)).SuchThat(func(rs [][]string) bool { return len(rs) > 0 })))
	props.TestingRun(t)
}
