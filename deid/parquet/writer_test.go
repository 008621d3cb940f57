package parquet

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deidkit/deidkit/internal/testenv"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// convertCSV writes csvText through a Writer in pieces cut by split and
// returns the Parquet file.
func convertCSV(t testing.TB, csvText string, opts Options, split func([]byte) [][]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := NewWriter(&out, opts)
	for _, piece := range split([]byte(csvText)) {
		n, err := w.Write(piece)
		if err != nil {
			t.Fatalf("Write: %v", err)
		}
		if n != len(piece) {
			t.Fatalf("Write returned %d, want %d", n, len(piece))
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return out.Bytes()
}

// splits are the ways a CSV stream reaches the Writer.
var splits = []struct {
	name  string
	split func([]byte) [][]byte
}{
	{"whole", func(b []byte) [][]byte { return [][]byte{b} }},
	{"bytes", func(b []byte) [][]byte {
		pieces := make([][]byte, len(b))
		for i := range b {
			pieces[i] = b[i : i+1]
		}
		return pieces
	}},
	{"lines", func(b []byte) [][]byte { return bytes.SplitAfter(b, []byte("\n")) }},
	{"random", func(b []byte) [][]byte {
		r := rand.New(rand.NewPCG(uint64(len(b)), 7))
		var pieces [][]byte
		for len(b) > 0 {
			n := min(len(b), 1+r.IntN(64))
			if r.IntN(8) == 0 {
				n = min(len(b), 1+r.IntN(8<<10))
			}
			pieces = append(pieces, b[:n])
			b = b[n:]
		}
		return pieces
	}},
}

func TestRoundTrip(t *testing.T) {
	big := strings.Repeat("déjà \"vu\", \nline\r\n", 1<<16) // over 1 MB, every special byte
	tests := []struct {
		name string
		csv  string
		opts Options
	}{
		{"simple", "user_id,year,zip3\nu1,1980,941\nu2,1975,100\n", Options{}},
		{"unicode", "名前,ville\n山田 太郎,Zürich\n😀,\u00a0nbsp\n", Options{}},
		{"empty fields as null", "a,b,c\n,x,\n,,\ny,,z\n", Options{}},
		{"empty strings kept", "a,b,c\n,x,\n,,\ny,,z\n", Options{EmptyStrings: true}},
		{"quotes commas newlines", "note,n\n\"say \"\"hi\"\"\",1\n\"a,b\",2\n\"multi\nline\",3\n\"\"\"\",4\n", Options{}},
		{"crlf", "a,b\r\n1,2\r\n\"x\r\ny\",3\r\n", Options{}},
		{"no final newline", "a,b\n1,2\n3,4", Options{}},
		{"blank lines", "\na,b\n\n1,2\n\n3,4\n", Options{}},
		{"semicolon", "a;b\n1,5;x\n\"p;q\";\n", Options{Comma: ';'}},
		{"header only", "a,b,c\n", Options{}},
		{"value over 1 MB", "id,note,tail\n1,\"" + strings.ReplaceAll(big, `"`, `""`) + "\",end\n2,,x\n", Options{}},
		{"typed", "id,weight_kg,steps,label\n1,72.5,10000,a\n2,,,\n-3,-1e-3,7,\n9223372036854775807,0,-9223372036854775808,z\n",
			Options{Types: map[string]Type{"id": Int64, "weight_kg": Double, "steps": Int64, "label": String}}},
		{"snappy", "a,b\n1,2\n3,4\n", Options{Compression: Snappy}},
		{"dictionary", "a,b,c\nx,1,\ny,1,é\nx,2,\n,,é\n", Options{Dictionary: []string{"a", "c"}, Types: map[string]Type{"b": Int64}}},
		{"uncompressed", "a,b\n1,2\n3,4\n", Options{Compression: Uncompressed}},
		{"small row groups", "a\n1\n2\n3\n4\n5\n", Options{RowGroupRows: 2}},
	}
	for _, tc := range tests {
		header, want := expected(t, tc.csv, tc.opts)
		for _, sp := range splits {
			if tc.name == "value over 1 MB" && sp.name == "bytes" && (testing.Short() || testenv.Race) {
				continue
			}
			t.Run(tc.name+"/"+sp.name, func(t *testing.T) {
				got := readParquet(t, convertCSV(t, tc.csv, tc.opts, sp.split))
				if !slices.Equal(got.names, header) {
					t.Fatalf("columns %q, want %q", got.names, header)
				}
				if err := compareRows(got.rows, want); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func TestColumnsFollowHeader(t *testing.T) {
	header := []string{"zip3", "user_id", "year", "Ängel", "a", "measured_at", "b"}
	csvText := strings.Join(header, ",") + "\n941,u1,1980,x,,2025-01-01,1.5\n"
	opts := Options{Types: map[string]Type{"year": Int64, "b": Double}}
	f := readParquet(t, convertCSV(t, csvText, opts, splits[0].split))
	if !slices.Equal(f.names, header) {
		t.Fatalf("columns %q, want the header's order %q", f.names, header)
	}
	_, want := expected(t, csvText, opts)
	if err := compareRows(f.rows, want); err != nil {
		t.Fatal(err)
	}
	for i, name := range header {
		want := "string"
		switch opts.Types[name] {
		case Int64:
			want = "int64"
		case Double:
			want = "double"
		}
		var got string
		switch {
		case f.kinds[i].String() == "BYTE_ARRAY" && f.utf8[i]:
			got = "string"
		case f.kinds[i].String() == "INT64" && !f.utf8[i]:
			got = "int64"
		case f.kinds[i].String() == "DOUBLE" && !f.utf8[i]:
			got = "double"
		default:
			got = fmt.Sprintf("%v utf8=%v", f.kinds[i], f.utf8[i])
		}
		if got != want {
			t.Errorf("column %q is %s, want %s", name, got, want)
		}
	}
}

// measurementCSV returns a header and n rows of a measurement-like table
// with 24 columns.
func measurementCSV(n int) string {
	var b strings.Builder
	b.WriteString("user_pseudonym,birth_year,sex,zip3,state,height_cm,device_type,device_model,measured_at,weight_kg,fat_ratio,fat_mass_kg,muscle_mass_kg,bone_mass_kg,hydration_kg,heart_rate,systolic,diastolic,spo2,steps,sleep_minutes,deep_sleep_minutes,timezone,note\n")
	r := rand.New(rand.NewPCG(1, 2))
	devices := []string{"scale,Body+", "scale,Body Comp", "bpm,BPM Connect", "watch,ScanWatch 2", "sleep,Sleep Analyzer"}
	zones := []string{"America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/Paris"}
	for i := range n {
		user := i / 50
		dev := devices[user%len(devices)]
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*97*time.Second + time.Duration(r.IntN(60))*time.Second)
		fmt.Fprintf(&b, "%016x,%d,%c,%03d,%s,%d,%s,%s,%.1f,%.1f,%.2f,%.2f,%.2f,%.2f,%d,%d,%d,%d,%d,%d,%d,%s,%s\n",
			uint64(user)*0x9e3779b97f4a7c15, 1940+user%60, "FM"[user%2], 100+user%800, []string{"CA", "NY", "TX", "WA"}[user%4], 150+user%50,
			dev, at.Format(time.RFC3339),
			50+r.Float64()*60, 10+r.Float64()*30, 5+r.Float64()*30, 30+r.Float64()*40, 2+r.Float64()*2, 30+r.Float64()*20,
			50+r.IntN(60), 100+r.IntN(60), 60+r.IntN(40), 90+r.IntN(10), r.IntN(20000), 300+r.IntN(240), r.IntN(120),
			zones[user%len(zones)], []string{"", "", "", "after run", "\"felt ok\""}[r.IntN(5)])
	}
	return b.String()
}

func TestRowGroupsBounded(t *testing.T) {
	n, tinyRows := 10_000, 60
	if testenv.Race {
		n, tinyRows = 2_000, 12 // a row group costs much more under the detector
	}
	full := measurementCSV(n)
	// A row group costs a millisecond or more, whatever its size: short
	// tables make the point of tiny ones.
	head := func(rows int) string {
		lines := strings.SplitAfter(full, "\n")
		return strings.Join(lines[:rows+1], "")
	}
	short, tiny := head(300), head(tinyRows)
	size := func(row []any) int { // field bytes of a record
		s := 0
		for _, v := range row {
			s += len(v.(string))
		}
		return s
	}
	tests := []struct {
		name   string
		csv    string
		opts   Options
		groups int // 0: do not check
	}{
		{"rows", full, Options{RowGroupRows: n / 10}, 10},
		{"uneven rows", full, Options{RowGroupRows: 3 * n / 10}, 4},
		{"one row", tiny, Options{RowGroupRows: 1}, tinyRows},
		{"two rows", tiny, Options{RowGroupRows: 2}, tinyRows / 2},
		{"bytes", short, Options{RowGroupBytes: 4000}, 0},
		{"bytes and rows", short, Options{RowGroupBytes: 4000, RowGroupRows: 20}, 0},
		{"one byte", tiny, Options{RowGroupBytes: 1}, tinyRows},
		{"default", full, Options{}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.EmptyStrings = true
			csvText := tc.csv
			header, rows := expected(t, csvText, tc.opts)
			f := readParquet(t, convertCSV(t, csvText, tc.opts, splits[3].split))
			if !slices.Equal(f.names, header) {
				t.Fatalf("columns %q", f.names)
			}
			if err := compareRows(f.rows, rows); err != nil {
				t.Fatal(err)
			}
			if tc.groups > 0 && len(f.groups) != tc.groups {
				t.Fatalf("%d row groups, want %d", len(f.groups), tc.groups)
			}
			maxRows := int64(cmp.Or(tc.opts.RowGroupRows, DefaultRowGroupRows))
			maxBytes := cmp.Or(tc.opts.RowGroupBytes, DefaultRowGroupBytes)
			first := 0 // index of the group's first row
			for i, g := range f.groups {
				last := i == len(f.groups)-1
				bytes := 0
				for _, row := range rows[first : first+int(g)] {
					bytes += size(row)
				}
				// A group ends when it reaches either bound, and not before.
				full := g == maxRows || bytes >= maxBytes
				if g > maxRows || bytes-size(rows[first+int(g)-1]) >= maxBytes || (!last && !full) {
					t.Fatalf("row group %d: %d rows, %d field bytes; bounds %d rows, %d bytes", i, g, bytes, maxRows, maxBytes)
				}
				first += int(g)
			}
		})
	}
}

// countingWriter records how many bytes reached it.
type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// TestStreams checks that the Writer holds only the current row group:
// each completed row group reaches the underlying writer during Write,
// long before Close, and the output grows with the input.
func TestStreams(t *testing.T) {
	csvText := measurementCSV(20_000)
	header, body, _ := strings.Cut(csvText, "\n")
	lines := strings.SplitAfter(body, "\n")
	var out countingWriter
	w := NewWriter(&out, Options{RowGroupRows: 1000})
	if _, err := io.WriteString(w, header+"\n"); err != nil {
		t.Fatal(err)
	}
	prev, before := 0, 0
	for i, line := range lines {
		if _, err := io.WriteString(w, line); err != nil {
			t.Fatal(err)
		}
		// parquet-go buffers up to 32 KiB of output: look every 5 groups.
		if (i+1)%5000 == 0 {
			if out.n <= prev {
				t.Fatalf("after %d rows the output has %d bytes, as 5 row groups before", i+1, out.n)
			}
			prev = out.n
		}
		if len(w.pending) > 0 {
			t.Fatalf("after record %d, %d bytes pending, want none", i+1, len(w.pending))
		}
		if w.groupRows > 1000 {
			t.Fatalf("%d rows in the current row group", w.groupRows)
		}
		before = out.n
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if 2*before < out.n {
		t.Fatalf("%d of %d bytes written before Close", before, out.n)
	}
}

func TestClose(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, Options{})
	if _, err := io.WriteString(w, "a,b\n1,2\n"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	size := out.Len()
	if err := w.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Close: %v, want ErrClosed", err)
	}
	if _, err := io.WriteString(w, "3,4\n"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Write after Close: %v, want ErrClosed", err)
	}
	if out.Len() != size {
		t.Fatalf("the file grew from %d to %d bytes after Close", size, out.Len())
	}
	f := readParquet(t, out.Bytes())
	if err := compareRows(f.rows, [][]any{{"1", "2"}}); err != nil {
		t.Fatal(err)
	}
}

// failingWriter fails every write after the first limit bytes.
type failingWriter struct{ limit int }

var errDiskFull = errors.New("disk full")

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.limit {
		n := f.limit
		f.limit = 0
		return n, errDiskFull
	}
	f.limit -= len(p)
	return len(p), nil
}

func TestErrors(t *testing.T) {
	const secret = "jane.doe@example.com"
	tests := []struct {
		name   string
		csv    string
		opts   Options
		is     error
		record int64
		column string
	}{
		{"bare quote", "a,b\n1,2\nx,y\"" + secret + "\n", Options{}, ErrMalformedCSV, 2, "b"},
		{"unclosed quote", "a,b\n1,2\n3,\"" + secret + "\n", Options{}, ErrMalformedCSV, 2, "b"},
		{"text after quote", "a,b\n\"" + secret + "\"x,1\n", Options{}, ErrMalformedCSV, 1, "a"},
		{"too few fields", "a,b,c\n1,2,3\n4,5,6\n" + secret + ",8\n", Options{}, ErrMalformedCSV, 3, ""},
		{"too many fields", "a,b\n1,2," + secret + "\n", Options{}, ErrMalformedCSV, 1, ""},
		{"no header", "", Options{}, ErrMalformedCSV, 0, ""},
		{"blank lines only", "\n\n", Options{}, ErrMalformedCSV, 0, ""},
		{"empty column name", "a,,c\n1,2,3\n", Options{}, ErrMalformedCSV, 0, ""},
		{"duplicate column", "a,b,a\n1,2,3\n", Options{}, ErrMalformedCSV, 0, ""},
		{"malformed header", "a,\"b\n", Options{}, ErrMalformedCSV, 0, ""},
		{"bad int64", "id,n\n1,2\n2," + secret + "\n", Options{Types: map[string]Type{"n": Int64}}, ErrInvalidValue, 2, "n"},
		{"int64 overflow", "id,n\n1,9223372036854775808\n", Options{Types: map[string]Type{"n": Int64}}, ErrInvalidValue, 1, "n"},
		{"int64 with space", "id,n\n1, 5\n", Options{Types: map[string]Type{"n": Int64}}, ErrInvalidValue, 1, "n"},
		{"decimal in int64", "id,n\n1,5.0\n", Options{Types: map[string]Type{"n": Int64}}, ErrInvalidValue, 1, "n"},
		{"bad double", "id,x\n1,1.5\n2,1.5.1\n", Options{Types: map[string]Type{"x": Double}}, ErrInvalidValue, 2, "x"},
		{"double overflow", "id,x\n1,1e999\n", Options{Types: map[string]Type{"x": Double}}, ErrInvalidValue, 1, "x"},
		{"record too long", "a\n" + strings.Repeat("x", 100) + "\n", Options{MaxRecordSize: 64}, ErrRecordTooLong, 1, ""},
		{"unterminated quote too long", "a\n1\n\"" + strings.Repeat("x\n", 100), Options{MaxRecordSize: 64}, ErrRecordTooLong, 2, ""},
		{"type for missing column", "a,b\n1,2\n", Options{Types: map[string]Type{"weight": Double}}, ErrOptions, 0, ""},
		{"dictionary for missing column", "a,b\n1,2\n", Options{Dictionary: []string{"c"}}, ErrOptions, 0, ""},
		{"dictionary for int64 column", "a,b\n1,2\n", Options{Dictionary: []string{"b"}, Types: map[string]Type{"b": Int64}}, ErrOptions, 0, ""},
		{"unknown type", "a\n1\n", Options{Types: map[string]Type{"a": Type(9)}}, ErrOptions, 0, ""},
		{"bad delimiter", "a\n1\n", Options{Comma: '"'}, ErrOptions, 0, ""},
		{"non-ASCII delimiter", "a\n1\n", Options{Comma: 0xC3}, ErrOptions, 0, ""},
		{"negative size", "a\n1\n", Options{RowGroupRows: -1}, ErrOptions, 0, ""},
		{"huge record size", "a\n1\n", Options{MaxRecordSize: MaxRecordSizeLimit + 1}, ErrOptions, 0, ""},
		{"unknown compression", "a\n1\n", Options{Compression: Compression(42)}, ErrOptions, 0, ""},
	}
	for _, tc := range tests {
		for _, sp := range splits {
			t.Run(tc.name+"/"+sp.name, func(t *testing.T) {
				w := NewWriter(io.Discard, tc.opts)
				var err error
				for _, piece := range sp.split([]byte(tc.csv)) {
					if _, err = w.Write(piece); err != nil {
						break
					}
				}
				if err == nil {
					err = w.Close()
				} else {
					// The error is sticky.
					if _, err2 := w.Write([]byte("\n")); err2 != err {
						t.Fatalf("Write after error: %v, want %v", err2, err)
					}
					if err2 := w.Close(); err2 != err {
						t.Fatalf("Close after error: %v, want %v", err2, err)
					}
				}
				if !errors.Is(err, tc.is) {
					t.Fatalf("error %v, want %v", err, tc.is)
				}
				if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "1.5.1") {
					t.Fatalf("error %q contains a field value", err)
				}
				var re *RecordError
				if tc.record == 0 && errors.As(err, &re) {
					t.Fatalf("error %v is a *RecordError for record %d", err, re.Record)
				}
				if tc.record > 0 || tc.column != "" {
					if !errors.As(err, &re) {
						t.Fatalf("error %v is not a *RecordError", err)
					}
					if re.Record != tc.record || re.Column != tc.column {
						t.Fatalf("error names record %d column %q, want record %d column %q", re.Record, re.Column, tc.record, tc.column)
					}
				}
			})
		}
	}
}

func TestWriteError(t *testing.T) {
	csvText := measurementCSV(5000)
	for _, limit := range []int{0, 3, 4000, 60000} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			w := NewWriter(&failingWriter{limit: limit}, Options{RowGroupRows: 500})
			_, err := io.WriteString(w, csvText)
			if err == nil {
				err = w.Close()
			} else if err2 := w.Close(); err2 != err {
				t.Fatalf("Close after error: %v, want %v", err2, err)
			}
			if !errors.Is(err, errDiskFull) {
				t.Fatalf("error %v, want one wrapping %v", err, errDiskFull)
			}
		})
	}
}

func TestParseInt64(t *testing.T) {
	for _, s := range []string{"0", "-0", "+0", "7", "-7", "+7", "0042", "9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "99999999999999999999",
		"", "-", "+", "--1", "1-", "1 ", " 1", "1e3", "1.0", "0x10", "1_000", "١٢"} {
		want, werr := strconvInt(s)
		if werr == nil && strconv.FormatInt(want, 10) != s && s != "-0" {
			want, werr = 0, errors.New("not written as the column writes it back")
		}
		got, ok := parseInt64([]byte(s))
		if ok != (werr == nil) || got != want {
			t.Errorf("parseInt64(%q) = %d, %v; strconv: %d, %v", s, got, ok, want, werr)
		}
	}
}

// TestDictionary checks that the columns of Options.Dictionary, and only
// they, are dictionary-encoded, and that a column whose dictionary outgrows
// its bound, and falls back to plain encoding mid row group, still reads
// back whole.
func TestDictionary(t *testing.T) {
	var b strings.Builder
	b.WriteString("year,id,plain\n")
	const n = 100_000 // 100,000 ids of 16 bytes outgrow a 1 MiB dictionary
	for i := range n {
		fmt.Fprintf(&b, "%d,%016x,%d\n", 1940+i%60, uint64(i)*0x9e3779b97f4a7c15, i%7)
	}
	csvText := b.String()
	opts := Options{Dictionary: []string{"year", "id"}}
	data := convertCSV(t, csvText, opts, splits[0].split)
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, rg := range f.Metadata().RowGroups {
		for i, want := range []bool{true, true, false} {
			md := rg.Columns[i].MetaData
			if got := slices.Contains(md.Encoding, format.RLEDictionary); got != want {
				t.Errorf("column %v: encodings %v, dictionary %v, want %v", md.PathInSchema, md.Encoding, got, want)
			}
		}
		// The ids' dictionary outgrew its bound: later data pages are
		// plain; the years' never do.
		for i, want := range []bool{false, true} {
			md := rg.Columns[i].MetaData
			plain := slices.ContainsFunc(md.EncodingStats, func(s format.PageEncodingStats) bool {
				return s.PageType != format.DictionaryPage && s.Encoding == format.Plain
			})
			if plain != want {
				t.Errorf("column %v: page encodings %+v, plain data pages %v, want %v", md.PathInSchema, md.EncodingStats, plain, want)
			}
		}
	}
	_, want := expected(t, csvText, opts)
	if err := compareRows(readParquet(t, data).rows, want); err != nil {
		t.Fatal(err)
	}
}
