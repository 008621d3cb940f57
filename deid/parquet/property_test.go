package parquet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// fieldGen produces text rich in the bytes that matter to CSV.
func fieldGen() gopter.Gen {
	return gen.SliceOf(gen.OneConstOf(
		"a", "Z", "7", ",", ";", "\t", "|", `"`, `""`, "\n", "\r\n", " ", "é", "😀", "\u00a0", `\.`, "90+",
	)).Map(func(parts []string) string { return strings.Join(parts, "") })
}

// table is a generated CSV stream, and how to write it.
type table struct {
	Header  []string
	Types   []Type
	Records [][]string
	Comma   byte
	Opts    Options
	Pieces  []int // sizes of the Write calls, cycled
}

func (tb table) String() string {
	return fmt.Sprintf("header=%q types=%v comma=%q opts=%+v pieces=%v records=%q", tb.Header, tb.Types, tb.Comma, tb.Opts, tb.Pieces, tb.Records)
}

func (tb table) csv() string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = rune(tb.Comma)
	_ = w.Write(tb.Header)
	_ = w.WriteAll(tb.Records)
	return b.String()
}

// valueGen produces the text of a value of type t, empty a fifth of the
// time.
func valueGen(t Type) gopter.Gen {
	var g gopter.Gen
	switch t {
	case Int64:
		g = gen.OneGenOf(gen.Int64(), gen.Int64Range(-1000, 1000), gen.OneConstOf(int64(math.MaxInt64), int64(math.MinInt64))).
			Map(func(n int64) string { return strconv.FormatInt(n, 10) })
	case Double:
		g = gen.Float64().Map(func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) })
	default:
		g = fieldGen()
	}
	return gen.Weighted([]gen.WeightedGen{{Weight: 4, Gen: g}, {Weight: 1, Gen: gen.Const("")}})
}

func tableGen() gopter.Gen {
	return gen.SliceOfN(5, gen.IntRange(0, 2)).FlatMap(func(v any) gopter.Gen {
		var types []Type
		for _, k := range v.([]int) {
			types = append(types, Type(k))
		}
		return gen.IntRange(1, 5).FlatMap(func(v any) gopter.Gen {
			types := types[:v.(int)]
			row := make([]gopter.Gen, len(types))
			for i, t := range types {
				row[i] = valueGen(t)
			}
			return gopter.CombineGens(
				gen.SliceOfN(len(types), fieldGen()),
				gen.SliceOf(gopter.CombineGens(row...)),
				gen.OneConstOf(byte(','), byte(';'), byte('\t'), byte('|')),
				gen.IntRange(1, 7),
				gen.Bool(),
				gen.SliceOfN(4, gen.IntRange(1, 40)),
			).Map(func(vs []any) table {
				tb := table{Types: types, Comma: vs[2].(byte), Pieces: vs[5].([]int)}
				// Names are made unique and non-empty by their position. A
				// quoted "\r\n" reads as "\n", which would make the names
				// of Types differ from the header's as read.
				for i, name := range vs[0].([]string) {
					tb.Header = append(tb.Header, strings.ReplaceAll(name, "\r", "")+"#"+strconv.Itoa(i))
				}
				for _, r := range vs[1].([][]any) {
					rec := make([]string, len(r))
					for i, f := range r {
						rec[i] = f.(string)
					}
					tb.Records = append(tb.Records, rec)
				}
				tb.Opts = Options{Comma: tb.Comma, RowGroupRows: vs[3].(int), EmptyStrings: vs[4].(bool), Types: map[string]Type{}}
				for i, t := range types {
					if t != String || i%2 == 0 { // declare some strings too
						tb.Opts.Types[tb.Header[i]] = t
					}
					if t == String && i%2 == 1 {
						tb.Opts.Dictionary = append(tb.Opts.Dictionary, tb.Header[i])
					}
				}
				return tb
			})
		}, reflectTable)
	}, reflectTable)
}

var reflectTable = reflect.TypeFor[table]()

// TestPropertyRoundTrip: whatever the values, delimiter, types, row group
// size and cuts of the stream, the file holds the header's columns in
// order and every record's values as encoding/csv reads them, in row
// groups of exactly RowGroupRows rows but the last.
func TestPropertyRoundTrip(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 300
	if testenv.Race {
		params.MinSuccessfulTests = 40
	}
	props := gopter.NewProperties(params)
	props.Property("round trip", prop.ForAll(func(tb table) string {
		csvText := tb.csv()
		data := convertCSV(t, csvText, tb.Opts, func(b []byte) [][]byte {
			var pieces [][]byte
			for i := 0; len(b) > 0; i++ {
				n := min(len(b), tb.Pieces[i%len(tb.Pieces)])
				pieces = append(pieces, b[:n])
				b = b[n:]
			}
			return pieces
		})
		f := readParquet(t, data)
		header, want := expected(t, csvText, tb.Opts)
		if !slices.Equal(f.names, header) {
			return fmt.Sprintf("columns %q, want %q", f.names, header)
		}
		if err := compareFloats(f.rows, want); err != nil {
			return err.Error()
		}
		for i, g := range f.groups {
			if g > int64(tb.Opts.RowGroupRows) || (i < len(f.groups)-1 && g != int64(tb.Opts.RowGroupRows)) {
				return fmt.Sprintf("row groups %v for RowGroupRows %d", f.groups, tb.Opts.RowGroupRows)
			}
		}
		return ""
	}, tableGen()))
	props.TestingRun(t)
}

// compareFloats is compareRows with NaN equal to itself.
func compareFloats(got, want [][]any) error {
	nan := func(v any) bool { x, ok := v.(float64); return ok && math.IsNaN(x) }
	for _, rows := range [][][]any{got, want} {
		for _, r := range rows {
			for j, v := range r {
				if nan(v) {
					r[j] = "NaN"
				}
			}
		}
	}
	return compareRows(got, want)
}
