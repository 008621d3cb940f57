package deid

import (
	"bytes"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// idListMessages are the only texts an error of ReadIDSet may hold after
// its prefix and line number: nothing of the list itself.
var idListMessages = []string{
	"not valid UTF-8 text",
	"not valid UTF-16 text",
	"UTF-16 text of an odd number of bytes",
	"a NUL character (UTF-16 text without a byte order mark?)",
	"a control character",
	"a double quote inside an identifier (quoted CSV fields?)",
	"a tab inside an identifier (tab-separated columns?)",
}

var idListLine = regexp.MustCompile(`^line [0-9]+: `)

// FuzzReadIDSet: reading any list never panics; an error is ErrIDList
// with one of the fixed messages (never a part of the list); an accepted
// list holds only normalized, non-empty IDs without separators, quotes
// or control characters, and reads back as itself once written one per
// line.
//
//	go test ./deid -run '^$' -fuzz FuzzReadIDSet -fuzztime 60s
func FuzzReadIDSet(f *testing.F) {
	for _, seed := range []string{
		"u-1\nu-2\n",
		"\xef\xbb\xbfu-1\r\nu-2\r\n",
		"\"u-1\",\"u-2\"\r",
		" u-1 ; 'u-2' ,\u201cu-3\u201d\n\n",
		string(utf16Of("u-1\r\nu-2", false)),
		string(utf16Of("u-1\nu-2", true)),
		"u-1\t2024-01-01\n",
		"\"a,b\"\n",
		"m\xfcller\n",
		"\xff\xfe\x00\xd8",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadIDSet(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrIDList) {
				t.Fatalf("error without ErrIDList: %v", err)
			}
			msg, ok := strings.CutPrefix(err.Error(), ErrIDList.Error()+": ")
			msg = idListLine.ReplaceAllString(msg, "")
			if !ok || !slices.Contains(idListMessages, msg) {
				t.Fatalf("unexpected error text (may hold list content): %q", err)
			}
			return
		}
		ids := idsOf(s)
		if s.Len() != len(ids) {
			t.Fatalf("Len %d, %d IDs", s.Len(), len(ids))
		}
		for _, id := range ids {
			switch {
			case id == "":
				t.Fatal("empty ID")
			case !utf8.ValidString(id):
				t.Fatalf("invalid UTF-8 in %q", id)
			case string(NormalizeID([]byte(id))) != id:
				t.Fatalf("ID %q is not normalized", id)
			case strings.ContainsAny(id, "\r\n,;\"\t"):
				t.Fatalf("ID %q holds a separator, a quote or a tab", id)
			case strings.ContainsFunc(id, unicode.IsControl):
				t.Fatalf("ID %q holds a control character", id)
			case !s.Contains(NormalizeID([]byte(" \"" + id + "\"\r\n"))):
				t.Fatalf("decorated %q does not match", id)
			}
		}
		again, err := ReadIDSet(strings.NewReader(strings.Join(ids, "\n")))
		if err != nil {
			t.Fatalf("written back: %v", err)
		}
		if got := idsOf(again); !slices.Equal(got, ids) {
			t.Fatalf("round trip: %q, want %q", got, ids)
		}
	})
}
