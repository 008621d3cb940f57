package csvrec

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/deidkit/deidkit/internal/testenv"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func stdWrite(fields []string, comma byte) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = rune(comma)
	if err := w.Write(fields); err != nil {
		panic(err)
	}
	w.Flush()
	return b.Bytes()
}

func appendStrings(fields []string, comma byte) []byte {
	bs := make([][]byte, len(fields))
	for i, f := range fields {
		bs[i] = []byte(f)
	}
	return AppendRecord([]byte("prefix:"), bs, comma)[len("prefix:"):]
}

func TestAppendRecordMatchesEncodingCSV(t *testing.T) {
	tests := []struct {
		name   string
		fields []string
		comma  byte
	}{
		{"plain", []string{"a", "b", "c"}, ','},
		{"empty record", []string{}, ','},
		{"single empty field", []string{""}, ','},
		{"empty fields", []string{"", "", ""}, ','},
		{"delimiter", []string{"a,b", "c"}, ','},
		{"other delimiter", []string{"a,b", "c;d", "e\tf"}, ';'},
		{"tab delimiter", []string{"a,b", "c\td"}, '\t'},
		{"quotes", []string{`say "hi"`, `"`, `""`}, ','},
		{"newlines", []string{"a\nb", "c\r\nd", "e\rf"}, ','},
		{"backslash dot", []string{`\.`, `\.x`, `x\.`}, ','},
		{"leading space", []string{" a", "\ta", "a ", "\va", "\fa"}, ','},
		{"leading unicode spaces", []string{"\u00a0a", "\u0085a", "\u2003a", "\u3000a", "\u200ba"}, ','},
		{"invalid utf8 start", []string{"\xffa", "\xc2", "\xc2\xa0"}, ','},
		{"unicode", []string{"Zürich", "日本", "😀"}, ','},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := appendStrings(tt.fields, tt.comma)
			if want := stdWrite(tt.fields, tt.comma); !bytes.Equal(got, want) {
				t.Errorf("AppendRecord(%q) = %q, want %q", tt.fields, got, want)
			}
		})
	}
}

func TestPropertyAppendRecordMatchesEncodingCSV(t *testing.T) {
	p := testenv.Properties(1000)
	p.Property("AppendRecord writes what csv.Writer writes", prop.ForAll(func(fields []string, comma byte) bool {
		return bytes.Equal(appendStrings(fields, comma), stdWrite(fields, comma))
	},
		gen.SliceOf(testenv.OneOf(fieldGen(), gen.AnyString())),
		gen.OneConstOf(byte(','), byte(';'), byte('\t'), byte('|'), byte(' '), byte('a')),
	))
	p.Property("AppendField then Parser gives the field back", prop.ForAll(func(field string) bool {
		data := AppendRecord(nil, [][]byte{[]byte(field), []byte("end")}, ',')
		ps, _ := NewParser(',', 2)
		ps.Reset(Chunk{Data: data, Line: 1})
		if !ps.Next() || ps.Err() != nil {
			return false
		}
		// Reading turns a "\r\n" inside quotes into "\n", as encoding/csv does.
		want := bytes.ReplaceAll([]byte(field), []byte("\r\n"), []byte("\n"))
		return bytes.Equal(ps.Fields()[0], want) && !ps.Next()
	}, gen.OneGenOf(fieldGen(), gen.AnyString())))
	p.TestingRun(t)
}

func TestAppendFieldZeroAllocs(t *testing.T) {
	fields := [][]byte{[]byte("u-123"), []byte(`a "quoted", field`), []byte("72.4")}
	dst := make([]byte, 0, 256)
	if allocs := testing.AllocsPerRun(100, func() {
		dst = AppendRecord(dst[:0], fields, ',')
	}); allocs != 0 {
		t.Errorf("AppendRecord allocates %.1f times, want 0", allocs)
	}
}

// TestAppendFieldEveryPosition puts each special byte at every position of
// fields of every length up to 24, around the eight-byte words the quoting
// check reads.
func TestAppendFieldEveryPosition(t *testing.T) {
	for _, comma := range []byte{',', ';', '\t'} {
		for n := 1; n <= 24; n++ {
			for pos := 0; pos < n; pos++ {
				for _, c := range []byte{comma, '"', '\n', '\r', 'x', '!', 0x80} {
					f := bytes.Repeat([]byte("a"), n)
					f[pos] = c
					got := AppendField(nil, f, comma)
					want := bytes.TrimSuffix(stdWrite([]string{string(f)}, comma), []byte("\n"))
					if !bytes.Equal(got, want) {
						t.Fatalf("AppendField(%q, %q) = %q, want %q", f, comma, got, want)
					}
				}
			}
		}
	}
}
