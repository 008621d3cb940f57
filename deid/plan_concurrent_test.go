package deid

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

// One compiled Plan serves many goroutines, each with its own Applier (a
// Beam ParDo, a message consumer's workers), and one Struct and one IDSet
// serve them all: the outputs are those of one goroutine alone, and the
// race detector finds nothing (go test -race).
func TestPlanSharedAcrossGoroutines(t *testing.T) {
	p := &Policy{Default: Drop, ReferenceDate: "2026-01-01", Fields: []Rule{
		{Field: "user_id", Action: Pseudonymize, Domain: "d"},
		{Field: "token", Action: Tokenize, Context: "c"},
		{Field: "first_name", Action: Drop},
		{Field: "when", Action: DateShift, Person: "user_id", MaxDays: 30, Domain: "d"},
		{Field: "note", Action: Scrub},
		{Field: "dob", Action: Year},
		{Field: "device", Action: Keep},
	}}
	fields := []string{"user_id", "token", "first_name", "when", "note", "dob", "device"}
	pl, err := Compile(p, fields, testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	set := NewIDSet([]string{"u-3", "U-0007"})
	records := make([][][]byte, 300)
	for i := range records {
		u := fmt.Sprintf("u-%d", i%17)
		records[i] = [][]byte{[]byte(u), []byte(u), []byte("Zelda"), []byte("2025-03-05"),
			[]byte("Zelda called 415-555-0143 from zq@example.org"), []byte("1961-04-17"), []byte("Pixel")}
	}
	applyAll := func() ([]string, error) {
		a := pl.NewApplier(AllowKeptIdentifiers())
		var outs []string
		for _, rec := range records {
			if ok, err := Excluded(set, rec[0]); ok || err != nil {
				outs = append(outs, fmt.Sprint("excluded ", ok, err))
				continue
			}
			var out Row
			if _, err := a.Apply(&out, rec); err != nil {
				return nil, err
			}
			outs = append(outs, string(slices.Concat(fieldsOf(&out)...)))
		}
		return outs, nil
	}
	want, err := applyAll()
	if err != nil {
		t.Fatal(err)
	}
	type S struct {
		UserID string `deid:"pseudonymize,domain=d"`
		Note   string `deid:"scrub"`
		Model  string `deid:"keep"`
	}
	st, err := ForType[S](testKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			got, err := applyAll()
			if err != nil {
				t.Errorf("goroutine %d: %v", g, err)
				return
			}
			if !slices.Equal(got, want) {
				t.Errorf("goroutine %d: outputs differ from one goroutine's", g)
			}
			for i := range 100 {
				if _, err := st.Copy(S{UserID: fmt.Sprint("u-", i), Note: "hi zq@example.org", Model: "Pixel"}); err != nil {
					t.Errorf("Struct.Copy: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}
