package exportfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deidkit/deidkit/deid"
)

func TestFields(t *testing.T) {
	tests := []struct {
		name, in string
		f        deid.Format
		want     []string
		wantErr  bool
	}{
		{"csv", "a,b,\"c d\"\n1,2,3\n", deid.CSV, []string{"a", "b", "c d"}, false},
		{"csv bom", "\xef\xbb\xbfa,b\n", deid.CSV, []string{"a", "b"}, false},
		{"csv empty", "", deid.CSV, nil, true},
		{"csv bad", "a,\"b\n", deid.CSV, nil, true},
		{"ndjson union", "{\"a\":1,\"d\":{\"m\":\"x\"}}\n{\"b\":2,\"a\":3}\n", deid.NDJSON, []string{"a", "d.m", "b"}, false},
		{"ndjson skips bad lines", "[1]\n{\"a\":1}\n", deid.NDJSON, []string{"a"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			br := NewReader(strings.NewReader(tc.in))
			got, err := Fields(br, tc.f)
			if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
				t.Fatalf("Fields = %q, %v", got, err)
			}
			rest, _ := io.ReadAll(br)
			if string(rest) != tc.in {
				t.Fatal("Fields consumed input")
			}
		})
	}
}

func TestOutputCommitAndAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	o, err := Create(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	o.W.WriteString("x")
	o.W.Flush()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("output visible before Commit")
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	o.Abort() // after Commit: no effect
	if b, err := os.ReadFile(path); err != nil || string(b) != "x" {
		t.Fatalf("%q %v", b, err)
	}
	a, _ := Create(filepath.Join(dir, "aborted.csv"), nil)
	a.W.WriteString("y")
	a.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("abort left files: %v", entries)
	}
	var stdout bytes.Buffer
	s, _ := Create("-", &stdout)
	s.W.WriteString("z")
	if err := s.Commit(); err != nil || stdout.String() != "z" || s.Path() != "-" {
		t.Fatal("stdout output")
	}
}

func TestReadExclusionList(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ids.txt")
	os.WriteFile(path, []byte("\xef\xbb\xbfu-1\r\n\r\n  \"u-2\"  \r\n"), 0o600)
	s, err := ReadExclusionList(path)
	if err != nil || s.Len() != 2 || !s.Contains([]byte("u-1")) || !s.Contains([]byte("u-2")) {
		t.Fatalf("%v %v", s, err)
	}
	if _, err := ReadExclusionList(path + ".none"); err == nil {
		t.Fatal("missing file accepted")
	}
	os.WriteFile(path, []byte("u-1\nm\xfcller\n"), 0o600)
	if _, err := ReadExclusionList(path); !errors.Is(err, deid.ErrIDList) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("Latin-1 list: %v", err)
	}
}

func TestFieldsOfHead(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"flat", `{"a":1,"b":"x"}` + "\n" + `{"b":2,"c":null}` + "\n", []string{"a", "b", "c"}},
		{"nested", `{"user":{"id":"u","email":"e"},"device":{"model":"m","ids":{"mac":"x"}},"w":[1,2]}`, []string{"user.id", "user.email", "device.model", "device.ids.mac", "w"}},
		{"bad lines skipped", "not json\n[1,2]\n" + `{"a":1}`, []string{"a"}},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ndjsonFields([]byte(tc.in), true); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// A cut-off last line is not read.
	if got := ndjsonFields([]byte(`{"a":1}`+"\n"+`{"b":`), false); fmt.Sprint(got) != "[a]" {
		t.Errorf("cut-off line: %q", got)
	}
	if _, err := csvHeader([]byte(`a,"b`), false); err == nil || !strings.Contains(err.Error(), "no CSV header in the first") {
		t.Errorf("long header: %v", err)
	}
	if _, err := csvHeader(nil, true); err == nil {
		t.Error("empty input accepted")
	}
}

// TestFieldsSkipsRepeatedSkeletons checks that reading only the first line
// of each skeleton lists the paths that reading every line lists.
func TestFieldsSkipsRepeatedSkeletons(t *testing.T) {
	pieces := []string{`"a":1`, `"a" : "x:y"`, `"b":{"c":"\"}"}`, `"b":{"c":[1,{"d":2}]}`, `"\u0061":true`,
		`"e":"say \"k\":1, ok"`, `"f":[]`, `"b":{}`, `"g":-1.5e3`, `"h":null`, `"i":{"j":{"k":"v"}}`, `"i":"flat"`}
	rng := rand.New(rand.NewPCG(1, 2))
	var head bytes.Buffer
	for range 2000 {
		var members []string
		seen := map[string]bool{}
		for range rng.IntN(5) {
			p := pieces[rng.IntN(len(pieces))]
			if k := p[:strings.IndexByte(p[1:], '"')+2]; !seen[k] {
				seen[k] = true
				members = append(members, p)
			}
		}
		head.WriteString("{" + strings.Join(members, ", ") + "}\n")
	}
	var want []string
	seen := map[string]bool{}
	bySkeleton := map[string][]string{}
	for line := range bytes.Lines(head.Bytes()) {
		if !json.Valid(line) {
			continue
		}
		addPaths(line, "", seen, &want)
		// Lines of one skeleton have the same paths, in the same order.
		var paths []string
		addPaths(line, "", map[string]bool{}, &paths)
		sk := string(skeleton(nil, line))
		if first, ok := bySkeleton[sk]; ok && !slices.Equal(first, paths) {
			t.Fatalf("%q has paths %q, an earlier line of its skeleton %q", line, paths, first)
		}
		bySkeleton[sk] = paths
	}
	if len(bySkeleton) < 50 {
		t.Errorf("only %d skeletons: the test input is too poor", len(bySkeleton))
	}
	if got := ndjsonFields(head.Bytes(), true); !slices.Equal(got, want) {
		t.Errorf("fields %q, want %q", got, want)
	}
	if len(want) < 8 {
		t.Errorf("only %d fields: the test input is too poor", len(want))
	}
}
