package release

import (
	"strconv"
	"sync"
	"testing"
)

// TestPersonDictNumbersLikeMap checks that the person column's dictionary
// (numbered by fingerprints) gives every value the code that exact
// numbering in order of first appearance gives, through several
// doublings of its table.
func TestPersonDictNumbersLikeMap(t *testing.T) {
	var mu sync.RWMutex
	d := newPersonDict()
	want := map[string]int32{}
	for i := range 50_000 {
		// Values repeat, as a person's records do.
		v := "p-" + strconv.Itoa(i*7919%20_011)
		if _, ok := want[v]; !ok {
			want[v] = int32(len(want))
		}
		var c chunkDict
		c.add([]byte(v), d)
		c.resolve(d)
		d.merge(&c, &mu)
	}
	if len(d.values) != len(want) {
		t.Fatalf("%d values numbered, want %d", len(d.values), len(want))
	}
	for v, code := range want {
		if got, ok := d.code(v); !ok || got != code || d.values[code] != v {
			t.Fatalf("value %q: code %d, %v, want %d", v, got, ok, code)
		}
	}
	if _, ok := d.code("p-absent"); ok {
		t.Fatal("a value never added has a code")
	}
	for row := range 50_000 {
		if v := "p-" + strconv.Itoa(row*7919%20_011); d.values[d.rows.at(row)] != v {
			t.Fatalf("row %d: code of %q, want %q", row, d.values[d.rows.at(row)], v)
		}
	}
}
