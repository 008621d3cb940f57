package deid

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func idsOf(s IDSet) []string {
	if n, ok := s.(*nearSet); ok {
		s = n.idSet
	}
	return slices.Sorted(maps.Keys(*s.(idSet).ids.Get()))
}

// utf16Of encodes s as UTF-16 with a byte order mark.
func utf16Of(s string, bigEndian bool) []byte {
	out := []byte{0xff, 0xfe}
	if bigEndian {
		out = []byte{0xfe, 0xff}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestReadIDSet(t *testing.T) {
	two := []string{"u-1", "u-2"}
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"lines", "u-1\nu-2\n", two},
		{"no final newline", "u-1\nu-2", two},
		{"BOM", "\xef\xbb\xbfu-1\nu-2\n", two},
		{"BOM and CRLF", "\xef\xbb\xbfu-1\r\nu-2\r\n", two},
		{"CR only", "u-1\ru-2\r", two},
		{"blank lines and spaces", "\n  u-1  \n\t\n\u00a0u-2\u00a0\n\n", two},
		{"double quotes", "\"u-1\"\n\" u-2 \"\n", two},
		{"single and typographic quotes", "'u-1'\n\u201cu-2\u201d\n", two},
		{"comma separated", "u-1,u-2\n", two},
		{"quoted CSV row", "\"u-1\",\"u-2\"\r\n", two},
		{"semicolons and trailing separators", "u-1; u-2;\n,\n", two},
		{"duplicates", "u-1\nu-1\nu-2\n", two},
		{"UTF-16LE", string(utf16Of("u-1\r\nu-2\r\n", false)), two},
		{"UTF-16BE", string(utf16Of("u-1\nu-2", true)), two},
		{"zero-width and inner BOM", "\u200bu-1\n\ufeffu-2\n", two},
		{"case and inner spaces kept", "U-1\nu 2\n", []string{"U-1", "u 2"}},
		{"non-ASCII", "ü-1\n", []string{"ü-1"}},
		{"empty", "", []string{}},
		{"blank", "\r\n \n", []string{}},
		{"apostrophe inside", "o'brien@example.com\n", []string{"o'brien@example.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadIDSet(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(s); !slices.Equal(got, tc.want) || s.Len() != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadIDSetRefuses(t *testing.T) {
	const secret = "secret-7731"
	for _, tc := range []struct {
		name, in string
		line     string
	}{
		{"invalid UTF-8", secret + "\nu-\xff\n", "line 2"},
		{"Latin-1", secret + "\nm\xfcller\n", "line 2"},
		{"UTF-16 without BOM", string(utf16Of(secret+"\n", false)[2:]), "line 1"},
		{"UTF-32 with BOM", "\xff\xfe\x00\x00u\x00\x00\x00", ""},
		{"odd UTF-16", string(utf16Of(secret, false)) + "x", ""},
		{"unpaired surrogate", "\xff\xfe\x00\xd8a\x00", ""},
		{"replacement character", secret + "\nu-\ufffd\n", "line 2"},
		{"control character", secret + "\nu-\x1b[0m\n", "line 2"},
		{"NUL", "u-\x001\n", "line 1"},
		{"quote inside", "\"" + secret + ",u-2\"\n", "line 1"},
		{"tab-separated columns", secret + "\t2024-01-01\n", "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadIDSet(strings.NewReader(tc.in))
			if !errors.Is(err, ErrIDList) {
				t.Fatalf("err = %v", err)
			}
			if !strings.Contains(err.Error(), tc.line) {
				t.Errorf("error does not name %s: %v", tc.line, err)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "u-") {
				t.Errorf("error repeats an identifier: %v", err)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadIDSetReadError(t *testing.T) {
	if _, err := ReadIDSet(failingReader{}); !errors.Is(err, ErrIDList) || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v", err)
	}
}

func TestNormalizeID(t *testing.T) {
	for in, want := range map[string]string{
		"u-1":                  "u-1",
		"  u-1\r":              "u-1",
		"\ufeffu-1":            "u-1",
		"\"u-1\"":              "u-1",
		"\" u-1 \"":            "u-1",
		"'u-1'":                "u-1",
		"\u201cu-1\u201d":      "u-1",
		"\"u-1":                "\"u-1",
		"\"":                   "\"",
		"\"\"":                 "",
		"\"'u-1'\"":            "u-1",
		"\" ' u-1 ' \"":        "u-1",
		"U-1":                  "U-1",
		"\u00a0u-1\u2003\t\n ": "u-1",
		"1000.0":               "1000",
		"\" 1000.00 \"":        "1000",
		"0.0":                  "0",
		"1000.5":               "1000.5",
		"1.10":                 "1.10",
		"1000.":                "1000.",
		".0":                   ".0",
		"-1000.0":              "-1000.0",
		"v1.0":                 "v1.0",
	} {
		if got := string(NormalizeID([]byte(in))); got != want {
			t.Errorf("NormalizeID(%q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { NormalizeID([]byte(" \"u-1\" ")) }); n != 0 {
		t.Errorf("NormalizeID allocates %v times", n)
	}
}

// The list and the records are normalized alike: whatever a text tool
// puts around an ID on either side, the record is excluded.
func TestExclusionNormalizesBothSides(t *testing.T) {
	list, err := ReadIDSet(strings.NewReader("\xef\xbb\xbfu1\r\n\"u2\"\r\nu3 , u9\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	in := "user_id,v\n u1,a\n\"u2 \",b\nu3\t,c\nu4,d\n\"\"\"u1\"\"\",e\n"
	for _, out := range []Format{CSV, NDJSON} {
		got, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Output: out, Exclude: list, ExcludeField: "user_id"}, in)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got, "u1") || strings.Contains(got, "u2") || strings.Contains(got, "u3") ||
			rep.Excluded != 4 || rep.Written != 1 || !rep.Reconciles() {
			t.Fatalf("out %q report %+v", got, rep)
		}
		if want := (ExclusionReport{Listed: 4, Matched: 3, Unmatched: 1}); rep.Exclusion == nil || *rep.Exclusion != want {
			t.Fatalf("exclusion report %+v, want %+v", rep.Exclusion, want)
		}
	}
	nd := `{"user_id":" u1 "}` + "\n" + `{"user_id":"\"u2\""}` + "\n" + `{"user_id":"u4"}` + "\n" + `{"user_id":"\ufeffu3"}` + "\n"
	got, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON, Exclude: list, ExcludeField: "user_id"}, nd)
	if err != nil || strings.Contains(got, "u1") || rep.Excluded != 3 || rep.Written != 1 || rep.Exclusion.Unmatched != 1 {
		t.Fatalf("ndjson: %v out %q report %+v", err, got, rep)
	}
}

func TestExclusionNoneMatched(t *testing.T) {
	in := "user_id,v\nu1,a\nu2,b\n"
	for _, list := range []IDSet{NewIDSet([]string{"x1", "u 2"}), NewIDSet(nil)} {
		out, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: list, ExcludeField: "user_id"}, in)
		if !errors.Is(err, ErrNoExclusionMatch) {
			t.Fatalf("err = %v", err)
		}
		if rep.Exclusion == nil || rep.Exclusion.Matched != 0 || rep.Exclusion.Unmatched != int64(list.Len()) || rep.Written != 2 {
			t.Fatalf("report %+v %+v", rep, rep.Exclusion)
		}
		if strings.Contains(err.Error(), "x1") {
			t.Fatalf("error names an ID: %v", err)
		}
		_, rep, err = run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: list, ExcludeField: "user_id", ExcludeMayMatchNone: true}, in)
		if err != nil || rep.Exclusion.Matched != 0 || !strings.Contains(out, "u1") {
			t.Fatalf("allowed: %v", err)
		}
	}
	// A run that fails anyway keeps its own error.
	_, _, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Exclude: NewIDSet([]string{"x"}), ExcludeField: "user_id"}, "user_id,v\nu1,\"a\n")
	if !errors.Is(err, ErrMalformedRecord) {
		t.Fatalf("err = %v", err)
	}
}

// A record whose ID is empty or not a scalar cannot be checked against
// the list: it is a record error (quarantined here), never released.
func TestExclusionUncheckableID(t *testing.T) {
	list := NewIDSet([]string{"u1"})
	var quar bytes.Buffer
	_, rep, err := run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: CSV, Quarantine: &quar, Exclude: list, ExcludeField: "user_id"},
		"user_id,v\nu1,a\n,b\n\"  \",c\nu2,d\n")
	if err != nil || rep.Quarantined != 2 || rep.Written != 1 || rep.Excluded != 1 {
		t.Fatalf("csv: %v %+v", err, rep)
	}
	quar.Reset()
	_, rep, err = run(t, keepAll(), Keys{}, Options{AllowKeptIdentifiers: true, Input: NDJSON, Quarantine: &quar, Exclude: list, ExcludeField: "user_id"},
		`{"user_id":"u1"}`+"\n"+`{"user_id":["u1"]}`+"\n"+`{"user_id":true}`+"\n"+`{"user_id":""}`+"\n"+`{"user_id":"u2"}`+"\n")
	if err != nil || rep.Quarantined != 3 || rep.Written != 1 || rep.Excluded != 1 {
		t.Fatalf("ndjson: %v %+v\n%s", err, rep, quar.String())
	}
	if n := strings.Count(quar.String(), `(exclude)`); n != 3 {
		t.Fatalf("quarantine reasons: %s", quar.String())
	}
}

// Any list of IDs, written with any of the encodings and separators the
// reader accepts, reads back as the same set.
func TestReadIDSetProperty(t *testing.T) {
	// IDs of several shapes: plain, e-mail, with inner spaces and
	// apostrophes, non-ASCII (generators with sieves discard too often).
	shapes := []string{"u-%d", "%d", "user%d@example.com", "ACME %d", "o'brien-%d", "用户%d", "Ωμέγα_%d", "%x"}
	idGen := gen.SliceOf(gen.UInt32()).Map(func(ns []uint32) []string {
		ids := make([]string, len(ns))
		for i, n := range ns {
			ids[i] = fmt.Sprintf(shapes[int(n)%len(shapes)], n)
		}
		return ids
	})
	props := properties()
	props.Property("ReadIDSet reads back what was written", prop.ForAll(func(ids []string, style int) string {
		seps := []string{"\n", "\r\n", "\r", ",", "; ", " ,\t"}
		var b strings.Builder
		if style&1 != 0 {
			b.WriteString("\ufeff")
		}
		for i, id := range ids {
			if style&2 != 0 {
				id = `"` + id + `"`
			}
			if style&4 != 0 {
				id = "  " + id + " "
			}
			b.WriteString(id + seps[(style>>3+i)%len(seps)])
		}
		data := []byte(b.String())
		if style&64 != 0 {
			data = utf16Of(strings.TrimPrefix(b.String(), "\ufeff"), style&128 != 0)
		}
		s, err := ReadIDSet(bytes.NewReader(data))
		if err != nil {
			return err.Error()
		}
		want := slices.Sorted(slices.Values(slices.Compact(slices.Sorted(slices.Values(ids)))))
		if got := idsOf(s); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			return "read " + strings.Join(got, "|") + ", wrote " + strings.Join(want, "|")
		}
		for _, id := range ids {
			if !s.Contains(NormalizeID([]byte(" \"" + id + "\"\r"))) {
				return "a decorated ID does not match"
			}
		}
		return ""
	}, idGen, gen.IntRange(0, 255)))
	props.TestingRun(t)
}
