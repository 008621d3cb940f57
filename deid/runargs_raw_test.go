package deid

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A writer of raw records (the quarantine, the copy of the input) that
// is the output, the copy of the output, or the input file is refused
// before anything is read: a caller who passes one buffer or file twice
// would publish identified records in the output, or write over the
// input. Before, the malformed record went out raw in the output.
func TestRawWritersAreNotTheOutput(t *testing.T) {
	const in = "user_id,email,weight\nu-1,zelda@example.com,61\nu-2,\"unclosed,62\n"
	p := &Policy{Default: Drop, Fields: []Rule{{Field: "user_id", Action: Pseudonymize, Domain: "d"}, {Field: "weight", Action: Keep}}}
	dir := t.TempDir()
	path := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	open := func(flag int) *os.File {
		f, err := os.OpenFile(path, flag, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	for _, tc := range []struct {
		name string
		set  func(out *bytes.Buffer, o *Options) (r any)
	}{
		{"quarantine is the writer", func(out *bytes.Buffer, o *Options) any { o.Quarantine = out; return nil }},
		{"input copy is the writer", func(out *bytes.Buffer, o *Options) any { o.InputTee = out; return nil }},
		{"quarantine is the output copy", func(out *bytes.Buffer, o *Options) any {
			o.OutputTee = new(bytes.Buffer)
			o.Quarantine = o.OutputTee
			return nil
		}},
		{"quarantine is the input file", func(out *bytes.Buffer, o *Options) any {
			o.Quarantine = open(os.O_WRONLY | os.O_APPEND)
			return open(os.O_RDONLY)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			opts := Options{Input: CSV}
			r := tc.set(&out, &opts)
			tr, err := NewTransformer(p, testKeys(t), opts)
			if err != nil {
				t.Fatal(err)
			}
			var reader interface{ Read([]byte) (int, error) } = strings.NewReader(in)
			if f, ok := r.(*os.File); ok {
				reader = f
			}
			_, err = tr.Run(t.Context(), reader, &out)
			if !errors.Is(err, ErrSameFile) {
				t.Fatalf("got %v, want ErrSameFile", err)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %q", out.String())
			}
			if b, _ := os.ReadFile(path); string(b) != in {
				t.Errorf("the input changed: %q", b)
			}
		})
	}
	// Distinct writers run.
	var out, q bytes.Buffer
	tr, err := NewTransformer(p, testKeys(t), Options{Input: CSV, Quarantine: &q, InputTee: new(bytes.Buffer)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(t.Context(), strings.NewReader(in), &out); err != nil || strings.Contains(out.String(), "zelda") || !strings.Contains(q.String(), "unclosed") {
		t.Fatalf("%v: out %q, quarantine %q", err, out.String(), q.String())
	}
}
