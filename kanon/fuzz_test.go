package kanon

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// FuzzReadHierarchy checks that any input either fails with ErrHierarchy or
// yields a hierarchy that generalizes all of its values consistently.
func FuzzReadHierarchy(f *testing.F) {
	f.Add([]byte("a;x;*\nb;x;*\nc;y;*\n"))
	f.Add([]byte("a;x;*\nb;*\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadHierarchy(bytes.NewReader(data), 0)
		if err != nil {
			if !errors.Is(err, ErrHierarchy) {
				t.Fatalf("error %v does not wrap ErrHierarchy", err)
			}
			return
		}
		rows := make([][]string, 0, len(h.rows))
		for v := range h.rows {
			rows = append(rows, []string{v})
		}
		tab, err := NewTable(Schema{QuasiIdentifiers: []Attribute{{Name: "q", Type: Categorical, Hierarchy: h}}}, rows)
		if err != nil {
			t.Fatalf("a valid hierarchy does not build a table of its own values: %v", err)
		}
		d := tab.qi[0].dom
		if d.depth != h.Depth() || d.nodes(d.depth) != 1 {
			t.Fatalf("depth %d with %d top nodes", d.depth, d.nodes(d.depth))
		}
		res, err := Mondrian(context.Background(), tab, Config{Models: []Model{KAnonymity(1)}})
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := Verify(tab, res, KAnonymity(1)); err != nil || !rep.Holds {
			t.Fatalf("verify: %v %v", rep, err)
		}
	})
}

// FuzzReadCSV checks that any input either fails with ErrInput or ErrSchema
// or loads a table that the algorithms can release.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("a,b,c\n1,x,s\n2,y,t\n"), uint8(2))
	f.Add([]byte("a;b;c\n1;x;s\n"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		tab := fuzzTable(t, data, Schema{QuasiIdentifiers: []Attribute{{Name: "a"}, {Name: "b"}}, Sensitive: []string{"c"}})
		if tab == nil {
			return
		}
		cfg := Config{Models: []Model{KAnonymity(int(k%4) + 1)}}
		for _, alg := range []func(context.Context, *Table, Config) (*Result, error){Mondrian, Optimal} {
			res, err := alg(context.Background(), tab, cfg)
			if errors.Is(err, ErrUnsatisfiable) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := Verify(tab, res, cfg.Models...); err != nil || !rep.Holds {
				t.Fatalf("verify: %v %v", rep, err)
			}
		}
	})
}

// FuzzReadCSVIndividuals loads any input with an individual column: it
// either fails with ErrInput or ErrSchema, or the algorithms' releases
// hold k distinct individuals per class by Verify.
func FuzzReadCSVIndividuals(f *testing.F) {
	f.Add([]byte("a,b,id\n1,x,u\n1,x,u\n2,y,v\n3,y,w\n"), uint8(2))
	f.Add([]byte("a;b;id\n1;x;\n"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		tab := fuzzTable(t, data, Schema{QuasiIdentifiers: []Attribute{{Name: "a"}, {Name: "b"}}, Individual: "id"})
		if tab == nil {
			return
		}
		cfg := Config{Models: []Model{KAnonymity(int(k%4) + 1)}}
		for _, alg := range []func(context.Context, *Table, Config) (*Result, error){Mondrian, Optimal} {
			res, err := alg(context.Background(), tab, cfg)
			if errors.Is(err, ErrUnsatisfiable) {
				if tab.Individuals() >= int(k%4)+1 {
					t.Fatalf("unsatisfiable with %d individuals for k=%d", tab.Individuals(), k%4+1)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := Verify(tab, res, cfg.Models...); err != nil || !rep.Holds {
				t.Fatalf("verify: %v %v", rep, err)
			}
		}
	})
}

// fuzzTable reads data with schema s, or returns nil when the input is
// refused with ErrInput or ErrSchema, as any input may be.
func fuzzTable(t *testing.T, data []byte, s Schema) *Table {
	tab, err := ReadCSV(bytes.NewReader(data), CSVOptions{Schema: s})
	if err != nil {
		if !errors.Is(err, ErrInput) && !errors.Is(err, ErrSchema) {
			t.Fatalf("error %v wraps no sentinel", err)
		}
		return nil
	}
	return tab
}
