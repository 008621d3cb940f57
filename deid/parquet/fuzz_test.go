package parquet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"testing"
)

// FuzzWriter feeds arbitrary input, cut in pieces of a given size, to a
// Writer and checks it against encoding/csv: the Writer fails on exactly
// the input that encoding/csv rejects or that has no valid header, and
// otherwise stores every record as encoding/csv reads it.
func FuzzWriter(f *testing.F) {
	for _, seed := range []string{
		"a,b\n1,2\n",
		"a,b\n\"x\"\"y\",\"multi\nline\"\n",
		"a,b\r\n1,2\r\n",
		"a\n\n1\n\n",
		"a,b\n1,\"2\n",
		"a,b\n1,2\"x\n",
		"a,b\n1\n",
		"a,a\n1,2\n",
		",b\n1,2\n",
		"\"a\nb\",c\n1,2",
		"a\n\"\"\n",
	} {
		f.Add([]byte(seed), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, piece uint8) {
		r := csv.NewReader(bytes.NewReader(in))
		recs, refErr := r.ReadAll()
		valid := refErr == nil && len(recs) > 0 && validHeader(recs[0])

		var out bytes.Buffer
		w := NewWriter(&out, Options{EmptyStrings: true})
		var err error
		for p := in; len(p) > 0 && err == nil; {
			n := min(len(p), int(piece)+1)
			_, err = w.Write(p[:n])
			p = p[n:]
		}
		if err == nil {
			err = w.Close()
		}
		if !valid {
			if err == nil {
				t.Fatalf("no error on input that encoding/csv reads as %q, %v", recs, refErr)
			}
			if !errors.Is(err, ErrMalformedCSV) {
				t.Fatalf("error %v, want ErrMalformedCSV", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("error %v on input that encoding/csv reads as %q", err, recs)
		}
		got := readParquet(t, out.Bytes())
		if !slices.Equal(got.names, recs[0]) {
			t.Fatalf("columns %q, want %q", got.names, recs[0])
		}
		want := make([][]any, len(recs)-1)
		for i, rec := range recs[1:] {
			want[i] = make([]any, len(rec))
			for j, s := range rec {
				want[i][j] = s
			}
		}
		if err := compareRows(got.rows, want); err != nil {
			t.Fatal(err)
		}
	})
}

func validHeader(names []string) bool {
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" || seen[n] {
			return false
		}
		seen[n] = true
	}
	return true
}
